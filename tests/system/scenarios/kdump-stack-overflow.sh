# A CPU overflows its EL2 stack: the guard page below the stack faults, the
# vector sees that no frame fits any more and moves to the CPU's emergency
# stack, the overflow is a panic, and the crash path (on the emergency
# stack) still delivers a dump that gdb reads.
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
check_kdump 2 overflow
expect_line '^armhv: PANIC on cpu2: stack overflow at EL2 \(ELR 0x[0-9a-f]+, FAR 0x[0-9a-f]+\): now on the emergency stack'
grep -Eq 'selftest_recurse' "$BT" || fail "the backtrace does not show the recursion"
ok "overflow caught, backtrace shows the recursion"
