# A CPU faults while it holds the console lock (as a fault inside the UART
# driver would): its report still comes out, it releases the lock, and the
# other CPUs keep printing, so the console answers and poweroff works.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines "selftest fault 2 locked" cpus version poweroff
armhv_run --smp 4 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu2: unexpected exception at stage runtime'
expect_line '^armhv cpu2:   FAR 0x0000000000dead10 '
expect_line '^armhv cpu2:   #0 +0x[0-9a-f]+ con_selftest_fault_locked\+0x'
reply_to cpus | grep -q '^cpu2 mpidr=0x2 state=dead stage=runtime' || fail "cpu2 not dead"
reply_to version | grep -q '^armhv version' || fail "console stopped answering"
expect_line '^armhv cpu0: all other CPUs off; cpu0 leaves the runtime stage'
