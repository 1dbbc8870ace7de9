# A CPU stopped by an unexpected exception still leaves armhv cleanly: after
# `selftest fault 2`, kexec into armhv finds every CPU off through PSCI, and
# the new instance brings all four online, cpu2 included.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$(dirname "$ARMHV")/armhv.bin
script_lines "selftest fault 2" "cpu off 3" cpus "kexec next" cpus poweroff
armhv_run --smp 4 --no-vm --module "next=$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to cpus 1 | grep -q '^cpu2 .*state=dead stage=runtime' || fail "cpu2 not dead before kexec"
reply_to cpus 1 | grep -q '^cpu3 .*state=off stage=none' || fail "cpu3 not off before kexec"
expect_line '^armhv cpu0: entered by kexec from armhv, generation 1$'
expect_line '^armhv cpu0: ready: 4 of 4 CPUs at runtime'
reply_to cpus 2 >"$WORK/cpus"
expect_cpus "$WORK/cpus" 4 -1
