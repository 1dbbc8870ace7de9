# A panic on a secondary CPU: the other CPUs stop and leave their
# registers in the dump (one note per CPU), the crash kernel saves it, gdb
# shows cpu2 stopped in panic().
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
check_kdump 2 runtime
expect_line '^armhv: crash: dump of [0-9]+ KiB with 4 CPU notes'
grep -Eq '^ +4 +LWP ' "$BT" || fail "gdb does not list 4 CPUs"
grep -Eq 'selftest_panic_now' "$BT" || fail "the backtrace does not reach the selftest"
ok "4 CPUs in the dump, backtrace reaches selftest_panic_now"
