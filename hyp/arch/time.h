/* Time from the generic timer's physical counter. */
#ifndef ARMHV_TIME_H
#define ARMHV_TIME_H

#include <arch/sysreg.h>

static inline uint64_t time_ms(void)
{
	return read_sysreg(cntpct_el0) / (read_sysreg(cntfrq_el0) / 1000);
}

#endif
