/*
 * timer: on every CPU, the virtual timer (INTID 27) and the EL1 physical
 * timer (INTID 30) interrupt through the GIC at a set rate for N ticks
 * each: every interrupt arrives, never before its compare value, with the
 * timer's ISTATUS set; after the last one (timer disabled) none follows.
 * IMASK holds an expired timer's interrupt back until cleared. TVAL reads
 * and writes agree with CVAL and the counter. Both counters only go
 * forward and stay a constant distance apart (CNTVOFF).
 */
#include "guest.h"

GUEST_NAME("timer");

#define TICKS		20
#define PERIOD_V_US	10000
#define PERIOD_P_US	7000

struct tstate {
	uint64_t period, cval, start, last, max_late;
	uint32_t ticks, target;
};

static struct tstate st[MAX_CPUS][2];

static void tick(unsigned int intid, void *arg)
{
	enum timer_id t = intid == INTID_VTIMER ? TIMER_VIRT : TIMER_PHYS;
	struct tstate *s = &st[cpu_index()][t];
	uint64_t now = timer_count(t);
	uint32_t ctl = timer_get_ctl(t);

	CHECK_MSG(s->ticks < s->target, "cpu%u: %s timer interrupt after the last tick", cpu_index(),
		  timer_name(t));
	CHECK_MSG((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		  (CNT_CTL_ENABLE | CNT_CTL_ISTATUS), "cpu%u: %s timer CTL 0x%x in its interrupt",
		  cpu_index(), timer_name(t), ctl);
	CHECK_EQ(timer_get_cval(t), s->cval);
	CHECK_MSG(now >= s->cval, "cpu%u: %s timer interrupt %lu ticks early", cpu_index(),
		  timer_name(t), s->cval - now);
	CHECK_MSG(now >= s->last, "cpu%u: %s counter went back from 0x%lx to 0x%lx", cpu_index(),
		  timer_name(t), s->last, now);
	if (now - s->cval > s->max_late)
		s->max_late = now - s->cval;
	s->last = now;
	if (++s->ticks == s->target) {
		timer_set_ctl(t, 0);	/* deasserts the interrupt */
	} else {
		s->cval += s->period;
		timer_set_cval(t, s->cval);
	}
}

static void start(enum timer_id t, uint64_t period, uint32_t n)
{
	struct tstate *s = &st[cpu_index()][t];

	s->period = period;
	s->ticks = 0;
	s->target = n;
	s->max_late = 0;
	s->start = timer_count(t);
	s->last = s->start;
	s->cval = s->start + period;
	timer_set_cval(t, s->cval);
	timer_set_ctl(t, CNT_CTL_ENABLE);
}

static void check_counters(void)
{
	uint64_t pv = 0, pp = 0, lo1, hi1, lo2, hi2, p1, v, p2;

	for (int i = 0; i < 20000; i++) {
		uint64_t cv = timer_count(TIMER_VIRT), cp = timer_count(TIMER_PHYS);
		CHECK_MSG(cv >= pv && cp >= pp, "a counter went back: virtual 0x%lx -> 0x%lx, physical 0x%lx -> 0x%lx",
			  pv, cv, pp, cp);
		pv = cv;
		pp = cp;
	}
	/* physical - virtual = CNTVOFF, bracketed by two physical reads. */
	p1 = timer_count(TIMER_PHYS);
	v = timer_count(TIMER_VIRT);
	p2 = timer_count(TIMER_PHYS);
	lo1 = p1 - v;
	hi1 = p2 - v;
	mdelay(5);
	p1 = timer_count(TIMER_PHYS);
	v = timer_count(TIMER_VIRT);
	p2 = timer_count(TIMER_PHYS);
	lo2 = p1 - v;
	hi2 = p2 - v;
	CHECK_MSG((int64_t)(hi1 - lo2) >= 0 && (int64_t)(hi2 - lo1) >= 0,
		  "the virtual counter's offset moved: [0x%lx, 0x%lx] then [0x%lx, 0x%lx]", lo1, hi1, lo2, hi2);
}

static void check_tval(enum timer_id t)
{
	uint64_t before, after, cval;
	int32_t tval;

	timer_set_ctl(t, 0);
	before = timer_count(t);
	timer_set_tval(t, 1000000);
	after = timer_count(t);
	cval = timer_get_cval(t);
	CHECK_MSG(cval >= before + 1000000 && cval <= after + 1000000,
		  "%s: TVAL 1000000 written between counts 0x%lx and 0x%lx gave CVAL 0x%lx", timer_name(t),
		  before, after, cval);
	tval = timer_get_tval(t);
	CHECK_MSG(tval > 0 && tval <= 1000000, "%s: TVAL reads %d", timer_name(t), tval);
	timer_set_cval(t, timer_count(t) - 5000);
	tval = timer_get_tval(t);
	CHECK_MSG(tval <= -5000, "%s: TVAL reads %d after expiry", timer_name(t), tval);
	CHECK_MSG(!(timer_get_ctl(t) & CNT_CTL_ISTATUS), "%s: ISTATUS set while disabled", timer_name(t));
}

/* An expired timer with IMASK set interrupts only once IMASK is cleared. */
static void check_imask(enum timer_id t)
{
	struct tstate *s = &st[cpu_index()][t];

	s->ticks = 0;
	s->target = 1;
	s->cval = timer_count(t) - 1;
	s->last = 0;
	timer_set_cval(t, s->cval);
	timer_set_ctl(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	irq_enable();
	mdelay(5);
	irq_disable();
	CHECK_MSG(s->ticks == 0, "%s: interrupt with IMASK set", timer_name(t));
	CHECK_MSG(timer_get_ctl(t) & CNT_CTL_ISTATUS, "%s: expired but ISTATUS clear", timer_name(t));
	timer_set_ctl(t, CNT_CTL_ENABLE);
	irq_enable();
	CHECK_MSG(WAIT_FOR(READ_ONCE(s->ticks) == 1, 1000), "%s: no interrupt after IMASK cleared",
		  timer_name(t));
	irq_disable();
}

static void on_each_cpu(void *arg)
{
	unsigned int me = cpu_index();
	uint64_t pv = us_to_ticks(PERIOD_V_US), pp = us_to_ticks(PERIOD_P_US);
	unsigned int limit_ms = TICKS * PERIOD_V_US / 1000 * 5 + 2000;
	struct tstate *sv = &st[me][TIMER_VIRT], *sp = &st[me][TIMER_PHYS];

	check_counters();
	check_tval(TIMER_VIRT);
	check_tval(TIMER_PHYS);
	gic_enable_irq(INTID_VTIMER);
	gic_enable_irq(INTID_PTIMER);
	check_imask(TIMER_VIRT);
	check_imask(TIMER_PHYS);

	start(TIMER_VIRT, pv, TICKS);
	start(TIMER_PHYS, pp, TICKS);
	irq_enable();
	CHECK_MSG(WAIT_FOR(READ_ONCE(sv->ticks) == TICKS && READ_ONCE(sp->ticks) == TICKS, limit_ms),
		  "cpu%u: %u virtual and %u physical ticks of %u in %u ms", me, READ_ONCE(sv->ticks),
		  READ_ONCE(sp->ticks), TICKS, limit_ms);
	/* Disabled after the last tick: nothing more comes. */
	mdelay(3 * PERIOD_V_US / 1000);
	irq_disable();
	CHECK_EQ(sv->ticks, TICKS);
	CHECK_EQ(sp->ticks, TICKS);
	for (int t = 0; t < 2; t++) {
		struct tstate *s = &st[me][t];
		CHECK(s->last - s->start >= TICKS * s->period);
		printf("timer: cpu%u %s timer: %u ticks of %lu us in %lu us, at most %lu us late\n", me,
		       timer_name(t), s->ticks, ticks_to_us(s->period), ticks_to_us(s->last - s->start),
		       ticks_to_us(s->max_late));
	}
	gic_disable_irq(INTID_VTIMER);
	gic_disable_irq(INTID_PTIMER);
}

void guest_main(void)
{
	uint64_t freq = timer_freq();

	printf("timer: counter frequency %lu Hz, %u CPU(s)\n", freq, ncpus());
	CHECK(freq >= 1000000);
	gic_init();
	irq_set_handler(INTID_VTIMER, tick, NULL);
	irq_set_handler(INTID_PTIMER, tick, NULL);
	smp_run(on_each_cpu, NULL, 10000);
}
