# `armhv run --script`: waits for each prompt, sends the next command line
# ended by \r (blank lines and # comments skipped), copies the console to
# stdout, and exits 0 when QEMU exits 0 after the last line. FAKE_QEMU_SLOW
# makes the fake write byte by byte, so the prompt straddles reads.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
printf '# a comment\n\ncpus\n   \n  help  \n\t# indented comment\nmem\r\npoweroff' >"$SCRIPT"
for slow in 0 1; do
	rm -f "$FAKE_LOG".*
	FAKE_QEMU_SLOW=$slow armhv_run --image "$IMAGE" --no-vm --smp 2 --script "$SCRIPT"
	expect_rc 0
	[ ! -s "$ERR" ] || fail "stderr is not empty"
	[ "$(cat "$FAKE_LOG.cmds")" = "$(printf 'cpus\nhelp\nmem\npoweroff')" ] ||
		fail "the console got: $(cat "$FAKE_LOG.cmds")"
	ok "the console got cpus, help, mem, poweroff"
	[ "$(cat "$FAKE_LOG.input")" = "$(printf 'cpus\rhelp\rmem\rpoweroff\r')" ] ||
		fail "raw input: $(od -c "$FAKE_LOG.input")"
	ok "each line ended by \\r, nothing else sent"
	expect_line '^armhv version fake-0'
	expect_count 4 '^armhv> (cpus|help|mem|poweroff)$'
	expect_line '^cpu1 mpidr=0x1 state=online stage=runtime$'
	expect_line '^armhv cpu0: powering off$'
done
