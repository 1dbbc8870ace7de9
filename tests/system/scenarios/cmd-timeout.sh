# --timeout: a console that never prompts, or stops answering mid-script,
# gives exit code 3 after the timeout, a message saying what was pending,
# and QEMU killed.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines version poweroff
FAKE_QEMU_MODE=hang armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 2
expect_rc 3
expect_one_stderr_line '^armhv run: timeout after 2 s, waiting for the first prompt; QEMU killed$'
[ "$ELAPSED_MS" -ge 1900 ] || fail "gave up after $ELAPSED_MS ms, before 2 s"
expect_faster 6
expect_pid_gone "$FAKE_LOG.pid"

printf 'version\n\nfake hang\npoweroff\n' >"$SCRIPT"
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 2
expect_rc 3
expect_one_stderr_line '^armhv run: timeout after 2 s, script line 3 \(`fake hang`\) pending'
expect_faster 6
expect_pid_gone "$FAKE_LOG.pid"

# The last line answered with a prompt, but QEMU never exits.
script_lines version
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 1
expect_rc 3
expect_one_stderr_line 'script line 1 \(`version`\) pending: it was the last, and QEMU did not exit'
expect_pid_gone "$FAKE_LOG.pid"
