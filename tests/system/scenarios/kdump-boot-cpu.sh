# A panic on the boot CPU (the console CPU) enters the armed crash kernel;
# Linux reads /proc/vmcore and saves it; gdb shows cpu0 stopped in panic().
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
check_kdump 0 runtime
grep -Eq 'selftest_panic_now' "$BT" || fail "the backtrace does not reach the selftest"
ok "backtrace reaches selftest_panic_now"
