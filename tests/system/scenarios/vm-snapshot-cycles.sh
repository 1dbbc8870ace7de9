# vm save / vm restore 20 times in a row in one armhv (docs/vm.md
# "Snapshots"): the polling echo guest (tests/guests/vm-echo.S, which never
# stops by itself) is saved, destroyed and restored 20 times under one
# snapshot name (each save replaces the last); it then still answers what
# is typed, the store holds one snapshot (gone after snapshot delete), and every page armhv took for
# the VMs and the saves came back.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-echo 1 'hello\noff\n'
img=$WORK/disk.img
rm -f "$img"
lines=("vm create e --kernel echo --mem 32M --vcpus 2" "vm start e"
	"vm wait e --timeout 20 --output \"vm-echo: ready\"" "vm input e one"
	"vm wait e --timeout 20 --output \"got one\"" "vm save e s" "vm destroy e" mem)
for i in $(seq 1 20); do
	lines+=("vm restore s" "vm save e s" "vm destroy e")
done
lines+=(mem "vm restore s" "vm input e two" "vm wait e --timeout 20 --output \"got two\""
	"snapshot list" "snapshot delete s" "snapshot delete s" "snapshot list" "vm destroy e" mem poweroff)
script_lines "${lines[@]}"
armhv_run --smp 2 --no-vm --module "echo=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" \
	--timeout 280
expect_rc 0
expect_count 21 '^vm e: saved as snapshot s: '
expect_count 21 '^vm e: restored from snapshot s: 2 vCPUs, 32 MiB, [0-9]+ RAM blocks of 2 MiB in [0-9]+\.[0-9]{3} ms \([0-9]+\.[0-9]{3} waiting for the disk\); running$'
expect_count 22 '^vm e: destroyed$'
reply_to 'vm wait e --timeout 20 --output "got two"' | grep -q '^vm e: printed "got two"' ||
	fail "the guest did not answer after 20 restores"
reply_to "snapshot list" | grep -q '^1 snapshot;' || fail "the store does not hold exactly one snapshot"
reply_to "snapshot delete s" 1 | grep -q '^snapshot s: deleted$' || fail "snapshot delete did not delete"
reply_to "snapshot delete s" 2 | grep -q "^error: snapshot delete: no snapshot named 's' in the store$" ||
	fail "deleting a snapshot twice was not refused"
reply_to "snapshot list" 2 | grep -q '^0 snapshots;' || fail "the store is not empty after the delete"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after 20 cycles: $(reply_to mem 1) / $(reply_to mem 2)"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 3 | sed 's/(.*//')" ] ||
	fail "mem differs at the end: $(reply_to mem 1) / $(reply_to mem 3)"
expect_count 1 '^error:'
expect_no_line 'armhv: PANIC|unexpected exception'
ok "20 save/destroy/restore cycles; the guest still answers; every page came back"
