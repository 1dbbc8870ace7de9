# vm save / vm restore of a guest using its ITS (docs/vm.md "Snapshots",
# docs/its-abi.md): guests/its with "migrate" on 4 vCPUs maps devices and
# events over collections on every vCPU, leaves three LPIs pending on
# different vCPUs and waits for a key; it is saved (the ITS's tables and
# the pending tables into guest RAM first), destroyed, and restored by a
# second armhv on the same disk with one CPU. After the key, each pending
# LPI arrives exactly once on its vCPU, every event still arrives on its
# collection's vCPU, and the rest of the guest's ITS test passes.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
GUEST=$(dirname "$ARMHV")/guests/its.bin
[ -f "$GUEST" ] || fail "$GUEST is missing (make all)"
img=$WORK/disk.img
rm -f "$img"
script_lines "vm create i --kernel its --mem 64M --vcpus 4 --cmdline migrate" "vm start i" \
	"vm wait i --timeout 60 --output \"its: migrate: ready\"" "vm save i itsnap" "vm destroy i" poweroff
armhv_run --smp 2 --no-vm --module "its=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" \
	--timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm save i itsnap" | grep -Eq '^vm i: saved as snapshot itsnap: .*; it stays paused' ||
	fail "vm save of the ITS guest failed"
"$ARMHV" snapshot inspect "$img" itsnap >"$WORK/inspect" 2>&1
cat "$WORK/inspect"
grep -q '^its 0: frame at 0x8080000' "$WORK/inspect" || fail "armhv snapshot inspect shows no ITS section"

script_lines "vm restore itsnap" "vm input i k" "vm wait i --timeout 120" poweroff
armhv_run --smp 1 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm restore itsnap" | grep -q '^vm i: restored from snapshot itsnap: 4 vCPUs' ||
	fail "vm restore of the ITS guest failed"
expect_line '^\[i\] its: migrate: key$'
expect_line '^\[i\] its: migrate: the 3 pending LPIs arrived once each on cpu[0-3], cpu[0-3], cpu[0-3]; then all [0-9]+ events on their CPUs$'
expect_count 1 '^\[i\] GUEST-TEST its: PASS$'
expect_no_line 'GUEST-TEST its: FAIL|armhv: PANIC|unexpected exception'
ok "the ITS, its mappings and pending LPIs came through a save and a restore in another armhv"
