# A console line starting "armhv: PANIC" (after armhv's log prefix, if
# any) makes the exit code 5, whether QEMU then exits 0, keeps running into
# the timeout, or the script goes on to a clean poweroff. armhv's line
# saying the machine stops here is final: exit 5 at once, QEMU killed.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines version poweroff
FAKE_QEMU_MODE=panic armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 5
expect_one_stderr_line '^armhv run: armhv panicked: armhv cpu3: armhv: PANIC: fake panic .*then QEMU exited with status 0'
expect_faster 5

FAKE_QEMU_MODE=panic-hang armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 2
expect_rc 5
expect_one_stderr_line '^armhv run: armhv panicked: .*then timeout after 2 s; QEMU killed'
expect_pid_gone "$FAKE_LOG.pid"

FAKE_QEMU_MODE=panic-stop armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --timeout 30
expect_rc 5
expect_one_stderr_line '^armhv run: armhv panicked: armhv cpu3: armhv: PANIC: fake panic .*then stopped for good: armhv: no crash kernel armed \(kdump load\): the machine stops here; QEMU killed\)$'
expect_faster 5
expect_pid_gone "$FAKE_LOG.pid"

script_lines 'fake panic' version poweroff
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 5
expect_line '^armhv> poweroff$'
expect_one_stderr_line '^armhv run: armhv panicked: armhv cpu0: armhv: PANIC: fake panic \(console\)'
