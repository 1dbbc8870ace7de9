# An unexpected exception in the init stage (boot table / trampoline VA,
# init vectors): the init vectors print the report through the UART's VA
# (mapped at the same VA in both tables), the CPU parks, the console goes on.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "cpu off 0" "selftest fault 0 init" cpus version poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu0: unexpected exception at stage init: ESR=0x00000000f2[0-9a-f]+ ELR=0x0000fffffffe[0-9a-f]+ '
# Registers as the init vectors saw them: x19 = CPU index, x2 = the planted
# stage (init = 2).
expect_line '^armhv cpu0:   x0 0x[0-9a-f]{16} x1 0x[0-9a-f]{16} x2 0x0000000000000002 x3 0x[0-9a-f]{16}$'
expect_line '^armhv cpu0:   x16 0x[0-9a-f]{16} x17 0x[0-9a-f]{16} x18 0x[0-9a-f]{16} x19 0x0000000000000000$'
reply_to cpus | grep -q '^cpu0 mpidr=0x[0-9a-f]* state=dead stage=init' || fail "cpu0 not dead in init"
reply_to version | grep -q '^armhv version' || fail "console stopped answering"
