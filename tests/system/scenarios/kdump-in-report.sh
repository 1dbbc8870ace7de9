# A CPU faults, and faults again while printing the exception report: that
# is a panic, and the crash path still produces a readable dump.
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
check_kdump 3 report
expect_line '^armhv cpu3: unexpected exception at stage runtime'
expect_line '^armhv: PANIC on cpu3: exception .* while reporting an exception'
grep -Eq 'exc_unexpected' "$BT" || fail "the backtrace does not go through exc_unexpected"
ok "backtrace goes through exc_unexpected"
