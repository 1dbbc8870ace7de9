#ifndef ARMHV_SELFTEST_H
#define ARMHV_SELFTEST_H

#include <arch/types.h>
/* Self-tests of armhv's own failure paths (console `selftest`). */

/* Forces an unexpected exception at EL2 on an online CPU (while it holds
 * the console lock, for the _locked variant). */
void selftest_fault_on(unsigned cpu);
void selftest_fault_locked_on(unsigned cpu);

enum selftest_panic_where {
	PANIC_RUNTIME,		/* an online CPU panics */
	PANIC_IN_REPORT,	/* a CPU faults, and faults again in the report */
};
/* Makes an online CPU panic. (A panic while a CPU comes online is planted
 * with cpu_power_on(cpu, STAGE_RUNTIME).) */
void selftest_panic_on(unsigned cpu, enum selftest_panic_where where);

/* Makes an online CPU overflow its EL2 stack. */
void selftest_overflow_on(unsigned cpu);

#endif
