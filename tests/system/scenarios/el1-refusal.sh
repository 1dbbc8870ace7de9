# Entered at EL1 (QEMU without virtualization=on), armhv prints one line
# saying why it cannot run; armhv run sees it, kills QEMU at once and exits
# 4, long before its timeout.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines poweroff
armhv_run --no-vm --script "$SCRIPT" --timeout 60 -- -machine virtualization=off
expect_rc 4
expect_count 1 '^armhv: cannot run:.*EL1'
expect_no_line 'armhv> '
expect_one_stderr_line '^armhv run: armhv refused to run: armhv: cannot run:'
expect_faster 20
