# The timer guest (guests/timer) passes on QEMU directly on 1 and 4 CPUs:
# on each CPU the virtual (INTID 27) and EL1 physical (INTID 30) timers
# interrupt through the GIC every 10 and 7 ms for 20 ticks each, never
# early and none after the last; IMASK and TVAL behave; the counters only
# go forward, a constant distance apart.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest timer 1
guest_expect_count 2 '^timer: cpu0 (virtual|physical) timer: 20 ticks of'
check_guest timer 4
guest_expect_count 8 '^timer: cpu[0-3] (virtual|physical) timer: 20 ticks of'
