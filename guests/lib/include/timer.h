/*
 * The generic timers at EL1: the virtual timer (CNTV_*, INTID 27) and the
 * EL1 physical timer (CNTP_*, INTID 30), their counters, and delays on the
 * virtual counter.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdbool.h>
#include <stdint.h>

enum timer_id { TIMER_VIRT, TIMER_PHYS };

/* CNT{V,P}_CTL_EL0 */
#define CNT_CTL_ENABLE	(1U << 0)
#define CNT_CTL_IMASK	(1U << 1)
#define CNT_CTL_ISTATUS	(1U << 2)

uint64_t timer_freq(void);			/* CNTFRQ_EL0, ticks per second */
uint64_t timer_count(enum timer_id t);		/* CNTVCT / CNTPCT, after an ISB */
uint64_t timer_get_cval(enum timer_id t);
void timer_set_cval(enum timer_id t, uint64_t cval);
int32_t timer_get_tval(enum timer_id t);
void timer_set_tval(enum timer_id t, int32_t tval);
uint32_t timer_get_ctl(enum timer_id t);
void timer_set_ctl(enum timer_id t, uint32_t ctl);
unsigned int timer_intid(enum timer_id t);	/* INTID_VTIMER, INTID_PTIMER */
const char *timer_name(enum timer_id t);	/* "virtual", "physical" */

static inline uint64_t counter(void)
{
	return timer_count(TIMER_VIRT);
}

uint64_t ms_to_ticks(uint64_t ms);
uint64_t us_to_ticks(uint64_t us);
uint64_t ticks_to_us(uint64_t ticks);
uint64_t deadline_ms(uint64_t ms);		/* counter() + ms */
bool deadline_passed(uint64_t deadline);
void udelay(uint64_t us);
void mdelay(uint64_t ms);

#endif
