/* Time from the generic timer's physical counter. */
#ifndef ARMHV_TIME_H
#define ARMHV_TIME_H

#include <arch/sysreg.h>

static inline uint64_t time_ms(void)
{
	return read_sysreg(cntpct_el0) / (read_sysreg(cntfrq_el0) / 1000);
}

/* The counter itself, for timings finer than a millisecond. */
static inline uint64_t time_ticks(void)
{
	return read_sysreg(cntpct_el0);
}

/* A number of counter ticks in microseconds (rounded down). */
static inline uint64_t ticks_to_us(uint64_t ticks)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	return ticks / freq * 1000000 + ticks % freq * 1000000 / freq;
}

#endif
