# 200 VMs created, run to SYSTEM_OFF and destroyed, one after another:
# every page, table page and VMID comes back (`mem` at the end equals
# `mem` at the start), and VMIDs are recycled (more cycles than VMIDs
# would otherwise exhaust them).
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-smoke
lines=(mem)
for i in $(seq 1 200); do
	lines+=("vm create c$i --kernel smoke --mem 16M" "vm start c$i" "vm wait c$i --timeout 30"
		"vm destroy c$i")
done
lines+=(mem "vm list" poweroff)
script_lines "${lines[@]}"
armhv_run --smp 2 --no-vm --module "smoke=$GUEST" --script "$SCRIPT" --timeout 280
expect_rc 0
expect_count 200 '^\[c[0-9]+\] vm-smoke: PASS'
expect_count 200 '^vm c[0-9]+: stopped: powered off \(SYSTEM_OFF\)'
expect_count 200 '^vm c[0-9]+: destroyed'
expect_no_line '^error:|vm-smoke: FAIL|armhv: PANIC'
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after 200 cycles: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was after 200 cycles"
reply_to "vm list" | grep -q '^no VMs' || fail "VMs left behind"
