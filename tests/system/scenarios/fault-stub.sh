# An unexpected exception in the stub stage (MMU off, stub vectors): the
# stub prints its one-line report with ESR/ELR, the CPU parks in the stub,
# and the console goes on.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 1" "selftest fault 1 stub" cpus version poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu1: unexpected exception at stage stub: ESR=0x[0-9a-f]+ ELR=0x[0-9a-f]+ FAR=0x[0-9a-f]+ SPSR=0x[0-9a-f]+ kind=0; CPU parked'
# The BRK planted in the stub: EC 0x3c.
expect_line 'stage stub: ESR=0x00000000f2'
reply_to cpus | grep -q '^cpu1 mpidr=0x[0-9a-f]* state=dead stage=stub' || fail "cpu1 not dead in the stub"
reply_to version | grep -q '^armhv version' || fail "console stopped answering"
