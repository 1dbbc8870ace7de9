/* Generic timer access at EL1. */
#include "guest.h"

uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

uint64_t timer_count(enum timer_id t)
{
	isb();
	return t == TIMER_VIRT ? read_sysreg(cntvct_el0) : read_sysreg(cntpct_el0);
}

uint64_t timer_get_cval(enum timer_id t)
{
	return t == TIMER_VIRT ? read_sysreg(cntv_cval_el0) : read_sysreg(cntp_cval_el0);
}

void timer_set_cval(enum timer_id t, uint64_t cval)
{
	if (t == TIMER_VIRT)
		write_sysreg(cntv_cval_el0, cval);
	else
		write_sysreg(cntp_cval_el0, cval);
	isb();
}

int32_t timer_get_tval(enum timer_id t)
{
	isb();
	return (int32_t)(t == TIMER_VIRT ? read_sysreg(cntv_tval_el0) : read_sysreg(cntp_tval_el0));
}

void timer_set_tval(enum timer_id t, int32_t tval)
{
	if (t == TIMER_VIRT)
		write_sysreg(cntv_tval_el0, (uint64_t)(int64_t)tval);
	else
		write_sysreg(cntp_tval_el0, (uint64_t)(int64_t)tval);
	isb();
}

uint32_t timer_get_ctl(enum timer_id t)
{
	isb();
	return (uint32_t)(t == TIMER_VIRT ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0));
}

void timer_set_ctl(enum timer_id t, uint32_t ctl)
{
	if (t == TIMER_VIRT)
		write_sysreg(cntv_ctl_el0, ctl);
	else
		write_sysreg(cntp_ctl_el0, ctl);
	isb();
}

unsigned int timer_intid(enum timer_id t)
{
	return t == TIMER_VIRT ? INTID_VTIMER : INTID_PTIMER;
}

const char *timer_name(enum timer_id t)
{
	return t == TIMER_VIRT ? "virtual" : "physical";
}

uint64_t ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq() / 1000;
}

uint64_t us_to_ticks(uint64_t us)
{
	return us * timer_freq() / 1000000;
}

uint64_t ticks_to_us(uint64_t ticks)
{
	uint64_t f = timer_freq();
	return ticks / f * 1000000 + ticks % f * 1000000 / f;
}

uint64_t deadline_ms(uint64_t ms)
{
	return counter() + ms_to_ticks(ms);
}

bool deadline_passed(uint64_t deadline)
{
	return (int64_t)(counter() - deadline) >= 0;
}

void udelay(uint64_t us)
{
	uint64_t end = counter() + us_to_ticks(us);
	while ((int64_t)(counter() - end) < 0)
		cpu_relax();
}

void mdelay(uint64_t ms)
{
	udelay(ms * 1000);
}
