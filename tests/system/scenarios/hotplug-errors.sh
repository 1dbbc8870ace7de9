# Hotplug refusals: the last online CPU cannot go off, an online CPU cannot
# be turned on, bad numbers are refused; each answer is one `error:` line.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 1" "cpu off 0" "cpu on 0" "cpu on 1" "cpu off 7" "cpu on x" "cpu sideways 0" cpus poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "cpu off 0" | grep -q '^error: cpu0 is the last online CPU' || fail "last CPU went off"
reply_to "cpu on 0" | grep -q '^error: cpu0 is online, not off' || fail "cpu on 0 not refused"
reply_to "cpu on 1" | grep -q 'online at the runtime stage' || fail "cpu1 did not come back"
reply_to "cpu off 7" | grep -q '^error: no cpu7' || fail "cpu off 7 not refused"
reply_to "cpu on x" | grep -q '^error:' || fail "cpu on x not refused"
reply_to "cpu sideways 0" | grep -q '^error: usage' || fail "bad subcommand not refused"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
