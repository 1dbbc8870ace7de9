# A hostile guest cannot break vm save or vm restore (docs/vm.md
# "Snapshots"): tests/guests/vm-hostile (random HVCs, SMCs, MMIO in the
# GIC's and ITS's frames and elsewhere, random ITS commands from queues in
# and outside RAM, LPIs) is saved with --keep-running five times in a row
# as soon as it starts, wherever it is; each save either succeeds or is refused with one
# line, and the guest runs on. The last good snapshot is restored under
# another name (or refused with one line): both copies run to their end,
# and armhv stays healthy, every page back once they are destroyed.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-hostile
img=$WORK/disk.img
rm -f "$img"
# The disk first: it takes its queue and buffers once, for good.
lines=(disk mem "vm create h --kernel h --mem 32M" "vm start h")
# One after another, as soon as it starts: it runs for well under a
# second on its own.
for i in 1 2 3 4 5; do
	lines+=("vm save h hs --keep-running")
done
lines+=("vm list" "vm restore hs --name h2" "vm wait h --timeout 150" "vm wait h2 --timeout 150"
	"vm list" cpus "vm destroy h" "vm destroy h2" mem poweroff)
script_lines "${lines[@]}"
armhv_run --smp 2 --no-vm --module "h=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" --timeout 280
expect_rc 0
for i in 1 2 3 4 5; do
	reply_to "vm save h hs --keep-running" $i | grep -v '^armhv cpu[0-9]*: ' >"$WORK/r"
	cat "$WORK/r"
	[ "$(wc -l <"$WORK/r")" = 1 ] || fail "save $i answered $(wc -l <"$WORK/r") lines"
	grep -Eq '^vm h: saved as snapshot hs: .*; running$|^error: vm save: ' "$WORK/r" ||
		fail "save $i: neither saved nor refused"
done
reply_to "vm list" 1 | grep -Eq '^vm h state=(running|stopped .*stop=powered off)' ||
	fail "the hostile guest does not run on after the saves"
expect_line '^\[h\] vm-hostile: PASS'
reply_to "vm restore hs --name h2" | grep -v '^armhv cpu[0-9]*: ' >"$WORK/r"
cat "$WORK/r"
[ "$(wc -l <"$WORK/r")" = 1 ] || fail "vm restore answered $(wc -l <"$WORK/r") lines"
if grep -q '^vm h2: restored from snapshot hs' "$WORK/r"; then
	expect_line '^\[h2\] vm-hostile: PASS'
	ok "the restored copy ran to its end"
else
	grep -q '^error: vm restore: ' "$WORK/r" || fail "vm restore neither restored nor refused"
	ok "the restore was refused with one line"
fi
expect_no_line 'vm-hostile: FAIL|armhv: PANIC|unexpected exception'
reply_to cpus | grep -Ec 'state=online' | grep -qx 2 || fail "a CPU is not online"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
ok "saves of a hostile guest saved or refused, armhv healthy, every page back"
