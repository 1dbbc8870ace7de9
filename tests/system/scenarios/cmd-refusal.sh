# A line starting "armhv: cannot run:" (armhv entered at EL1) gives exit code
# 4 at once, QEMU killed right after the line, long before the timeout; also
# when the line has no newline.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines poweroff
for mode in refuse refuse-nonl; do
	FAKE_QEMU_MODE=$mode armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 60
	expect_rc 4
	expect_one_stderr_line '^armhv run: armhv refused to run: armhv: cannot run: entered at EL1'
	expect_faster 3
	expect_pid_gone "$FAKE_LOG.pid"
done
# The fake refuses like armhv when the extra -machine turns EL2 off.
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" -- -machine virtualization=off
expect_rc 4
expect_faster 3
