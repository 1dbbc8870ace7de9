# reboot with the boot CPU and another CPU off: every online CPU leaves
# first, PSCI resets the machine, and armhv boots again on all CPUs.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 0" "cpu off 2" cpus reboot cpus poweroff
armhv_run --smp 4 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to cpus 1 | grep -q '^cpu0 .*state=off stage=none' || fail "cpu0 not off before reboot"
expect_line '^armhv cpu1: reboot: taking every CPU out of the runtime stage'
expect_count 2 '^armhv cpu0: ready: 4 of 4 CPUs at runtime'
reply_to cpus 2 >"$WORK/cpus"
expect_cpus "$WORK/cpus" 4 -1
