# No disk attached: `disk` says so, `disk read`, the self-test and the
# snapshot commands refuse with the same reason, a bad subcommand gets the usage, and armhv goes
# on as before (other commands, a clean power-off).
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines disk "disk read 0" "disk selftest --destroy-last-mib" "disk selftest" \
	"disk read x" "disk write 0" "disk format-store" "snapshot list" "vm restore s" cpus poweroff
armhv_run --no-vm --smp 2 --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
[ "$(reply_to disk)" = "no disk: no virtio-blk device" ] || fail "disk: $(reply_to disk)"
ok "disk: no disk"
[ "$(reply_to "disk read 0")" = "error: no disk: no virtio-blk device" ] ||
	fail "disk read 0: $(reply_to "disk read 0")"
[ "$(reply_to "disk selftest --destroy-last-mib")" = "error: no disk: no virtio-blk device" ] ||
	fail "disk selftest: $(reply_to "disk selftest --destroy-last-mib")"
ok "disk read and disk selftest: no disk"
for line in "disk selftest" "disk write 0"; do
	reply_to "$line" | grep -q '^error: usage: disk \[read SECTOR | selftest --destroy-last-mib | format-store \[--entries N\] \[--force\]\]$' ||
		fail "$line: $(reply_to "$line")"
done
reply_to "disk read x" | grep -q "^error: 'x' is not a sector number$" || fail "disk read x"
# The snapshot commands, one line each.
[ "$(reply_to "disk format-store")" = "error: disk format-store: no disk: no virtio-blk device" ] ||
	fail "disk format-store: $(reply_to "disk format-store")"
[ "$(reply_to "snapshot list")" = "error: snapshot list: no disk: no virtio-blk device" ] ||
	fail "snapshot list: $(reply_to "snapshot list")"
[ "$(reply_to "vm restore s")" = "error: vm restore: no disk: no virtio-blk device" ] ||
	fail "vm restore: $(reply_to "vm restore s")"
ok "bad disk commands are refused"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
expect_no_line 'armhv: PANIC|unexpected exception'
