# Bad console input gets an `error:` line and the prompt back; `help` lists
# every command.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines nosuchcommand 'cpus extra-arg' 'selftest fault 99' help poweroff
armhv_run --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
for cmd in nosuchcommand 'cpus extra-arg' 'selftest fault 99'; do
	reply_to "$cmd" >"$WORK/reply"
	echo "reply to '$cmd':"; cat "$WORK/reply"
	expect_count 1 '^error:' "$WORK/reply"
	grep -v '^error:' "$WORK/reply" | grep -Eq "$CPU_RE|unexpected exception" &&
		fail "'$cmd' was run anyway"
done
reply_to help >"$WORK/help"
for cmd in help version cpus mem modules poweroff reboot selftest kexec kdump cpu bench log; do
	grep -Eq "(^|[^a-z])$cmd([^a-z]|\$)" "$WORK/help" ||
		fail "help does not list $cmd"
done
ok "help lists every command"
expect_no_line '^error:' "$WORK/help"
expect_no_line 'armhv cpu[0-9]+: unexpected exception|armhv: PANIC'
