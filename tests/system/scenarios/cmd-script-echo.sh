# The console echoes what is typed: a script line holding the prompt text
# or the panic mark is not a prompt nor a panic. The next line waits for
# the real prompt (the fake notices input that comes before it), and a
# clean poweroff exits 0.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines 'fake wait armhv> typed' 'help armhv: PANIC typed' 'fake wait armhv cpu0: armhv: PANIC' version poweroff
for slow in 0 1; do
	rm -f "$FAKE_LOG".*
	FAKE_QEMU_SLOW=$slow armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 20
	expect_rc 0
	[ ! -s "$ERR" ] || fail "stderr is not empty"
	expect_no_line '^fake: input arrived before the prompt'
	[ ! -e "$FAKE_LOG.early" ] || fail "a line was sent before the prompt: $(cat "$FAKE_LOG.early")"
	[ "$(cat "$FAKE_LOG.cmds")" = "$(cat "$SCRIPT")" ] ||
		fail "the console got: $(cat "$FAKE_LOG.cmds")"
	ok "every line sent once, after its prompt"
done
