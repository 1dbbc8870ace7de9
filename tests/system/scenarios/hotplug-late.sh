# A CPU that reaches the runtime stage only after its starter gave up on
# it (CPU_ON timed out) must not flip back to online behind the starter's
# back: it parks as dead, can be turned off, and comes back cleanly.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 1" "selftest late 1" cpus "cpu off 1" "cpu on 1" cpus poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "selftest late 1" >"$WORK/late"
expect_line '^armhv cpu0: cpu1 did not reach the runtime stage in 5000 ms' "$WORK/late"
expect_no_line '^error:' "$WORK/late"
expect_line '^armhv cpu1: came up after its starter gave up on it: parked as dead'
reply_to cpus 1 >"$WORK/cpus1"
expect_cpus "$WORK/cpus1" 2 1
reply_to "cpu off 1" 2 | grep -q '^error:' && fail "the late CPU could not be turned off"
reply_to "cpu on 1" | grep -q 'online at the runtime stage' || fail "cpu1 did not come back"
reply_to cpus 2 >"$WORK/cpus2"
expect_cpus "$WORK/cpus2" 2 -1
ok "late CPU parked as dead, then turned off and on again"
