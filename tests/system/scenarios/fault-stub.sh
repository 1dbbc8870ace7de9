# An unexpected exception in the stub stage (MMU off, stub vectors): the
# stub prints its one-line report with ESR/ELR, the CPU parks in the stub,
# and the console goes on.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 1" "selftest fault 1 stub" cpus version poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu1: unexpected exception at stage stub: ESR=0x[0-9a-f]+ ELR=0x[0-9a-f]+ FAR=0x[0-9a-f]+ SPSR=0x[0-9a-f]+ kind=0$'
# The general registers as the stub saw them: init_enter had put the CPU
# index in x19 and the planted stage (stub = 1) in x2.
expect_line '^armhv cpu1:   x0 0x[0-9a-f]{16} x1 0x[0-9a-f]{16} x2 0x0000000000000001 x3 0x[0-9a-f]{16}$'
expect_line ' x19 0x0000000000000001$'
expect_line '^armhv cpu1:   x28 0x[0-9a-f]{16} x29 0x[0-9a-f]{16} x30 0x[0-9a-f]{16}$'
expect_line '^armhv: that CPU is parked'
# The BRK planted in the stub: EC 0x3c.
expect_line 'stage stub: ESR=0x00000000f2'
reply_to cpus | grep -q '^cpu1 mpidr=0x[0-9a-f]* state=dead stage=stub' || fail "cpu1 not dead in the stub"
reply_to version | grep -q '^armhv version' || fail "console stopped answering"
