# A panic on a CPU while it comes online (after init, before it is online):
# the crash path still stops everyone and the dump is readable.
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
check_kdump 1 bringup "cpu off 1"
grep -Eq 'cpu_join|runtime_entry' "$BT" || fail "the backtrace does not show the CPU joining"
ok "backtrace shows the CPU joining"
