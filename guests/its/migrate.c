/*
 * The "migrate" stage of the its guest: vm-snapshot-its saves the guest
 * while it waits for a key and restores it in another armhv; on QEMU
 * directly (guest-qemu-its) the wait just runs out. Before the wait:
 *  - three LPIs pending (INT while disabled) on cpu2, cpu1 and cpu3;
 *  - interrupts left active, acknowledged and not EOId: an LPI on cpu1,
 *    SGI 1 on cpu2 and the virtual timer's PPI 27 on cpu3 (its timer
 *    keeps asserting), each at its own priority;
 *  - timers: cpu0's physical timer and cpu1's and cpu2's virtual timers
 *    tick every TICK_MS (at a priority above the held interrupts), and
 *    cpu0's virtual timer is armed ONESHOT_MS ahead;
 * then, once the virtual count has reached S seconds if the command line
 * says "migrate=S" (vm-snapshot-its: so that the restoring machine's
 * counter is behind it), "its: migrate: ready" and a wait for a key
 * (MIGRATE_S seconds of the virtual counter). After the wait:
 *  - the virtual counter never went back while cpu0 polled for the key;
 *    its largest step is printed (vm-snapshot-its holds it against the
 *    time armhv kept the VM paused) and may not exceed JUMP_MS; both
 *    counters are printed (on armhv the physical one is the machine's:
 *    a restoring machine that booted later reads less than the guest's
 *    virtual count);
 *  - each held interrupt is still active: the running priority
 *    (ICC_RPR_EL1) is its priority, and GICR_ISACTIVER0 has SGI 1 and
 *    PPI 27; the LPI INT'd again stays pending (ICC_HPPIR1_EL1 names it)
 *    and SGI 1 sent again stays pending (GICR_ISPENDR0), the still
 *    firing timer is not taken either, all for QUIET_MS with interrupts
 *    unmasked; after the EOI each arrives exactly once (the timer then
 *    ticks), nothing is active any more and the running priority is idle;
 *  - the three pending LPIs arrive once each on their CPUs, then every
 *    event arrives on its collection's CPU (its.c's bookkeeping);
 *  - every CPU ticks again (TICKS_AFTER ticks after the key; cpu3 after
 *    its timer's EOI), the virtual counter never went back between two
 *    ticks of a CPU, whose largest gap is printed and may not exceed
 *    JUMP_MS; the one-shot fired exactly once, not before its compare
 *    value, at most LATE_MS after it, and the line says whether that was
 *    after the key.
 * The other CPUs do their part when the boot CPU asks (a mailbox each;
 * SGI 0, above every other priority, wakes them).
 */
#include "its.h"

#define MIGRATE_S	5		/* the wait for a key */
#define TICK_MS		20		/* the periodic timers' period */
#define TICKS_AFTER	5		/* ticks each CPU must take after the key */
#define ONESHOT_MS	2000		/* cpu0's virtual timer, from "ready" */
#define LATE_MS		1000		/* how late the one-shot may fire */
#define JUMP_MS		3000		/* the largest step of the counter allowed */

/* Priorities (multiples of 8: the same with 5 priority bits). */
#define WAKE_PRIO	0x20		/* SGI 0: the mailbox's wake-up */
#define TICK_PRIO	0x40		/* the ticking timers, the one-shot */
#define HELD_TIMER_PRIO	0x50		/* PPI 27 on HOLD_TIMER_CPU */
#define HELD_SGI_PRIO	0x90		/* SGI 1 */
#define IDLE_PRIO	0xff		/* ICC_RPR_EL1 with nothing active */

#define HELD_SGI	1
#define HOLD_LPI_CPU	1
#define HOLD_SGI_CPU	2
#define HOLD_TIMER_CPU	3
#define HELD_LPI_EVENT	1		/* evs[1]: its collection is cpu1's */

enum op { OP_NONE, OP_TICK, OP_HOLD, OP_CHECK, OP_RELEASE, OP_STOP };
static const char *const op_names[] = { "", "start ticking", "hold an interrupt", "check the held interrupt",
					"release the held interrupt", "stop ticking" };

struct mailbox {
	uint32_t op, arg;
	uint32_t armed;			/* OP_HOLD of an LPI: ready for its INT */
	uint32_t done;
};

struct ticker {
	enum timer_id timer;
	uint32_t count;
	uint32_t back;			/* ticks earlier on the counter than the last */
	uint64_t last, gap;		/* the last tick's count, the largest gap */
	bool stop;
};

struct held {
	uint32_t intid;
	uint8_t prio;
};

static struct mailbox box[MAX_CPUS];
static struct ticker tick[MAX_CPUS];
static struct held held[MAX_CPUS];
static uint32_t sgi_count[MAX_CPUS];
static uint64_t oneshot_cval, oneshot_at;
static uint32_t oneshot_count;

static uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static uint64_t to_ms(uint64_t ticks)
{
	return ticks_to_us(ticks) / 1000;
}

/* "migrate=SECONDS": how long into the virtual count "ready" may come
 * first (0: at once). */
static unsigned int ready_after_s(void)
{
	return guest_arg_uint("migrate", 0);
}

static void on_tick(struct ticker *k)
{
	uint64_t now = counter();

	if (k->count) {
		if (now < k->last)
			k->back++;
		else if (now - k->last > k->gap)
			k->gap = now - k->last;
	}
	k->last = now;
	__atomic_store_n(&k->count, k->count + 1, __ATOMIC_RELEASE);
	if (READ_ONCE(k->stop))
		timer_set_ctl(k->timer, 0);
	else
		timer_set_tval(k->timer, (int32_t)ms_to_ticks(TICK_MS));
}

static void on_timer(unsigned int intid, void *arg)
{
	unsigned int me = cpu_index();
	enum timer_id t = intid == INTID_VTIMER ? TIMER_VIRT : TIMER_PHYS;

	if (t == tick[me].timer) {
		on_tick(&tick[me]);
		return;
	}
	CHECK_MSG(me == 0 && t == TIMER_VIRT, "cpu%u: the %s timer's interrupt, which it does not use", me,
		  timer_name(t));
	oneshot_at = counter();
	timer_set_ctl(TIMER_VIRT, 0);
	__atomic_store_n(&oneshot_count, oneshot_count + 1, __ATOMIC_RELEASE);
}

static void on_sgi1(unsigned int intid, void *arg)
{
	unsigned int me = cpu_index();

	__atomic_store_n(&sgi_count[me], sgi_count[me] + 1, __ATOMIC_RELEASE);
}

void migrate_cpu_setup(void)
{
	unsigned int me = cpu_index();

	CHECK_MSG(ncpus() >= 4, "migrate needs 4 CPUs, not %u", ncpus());
	if (me == 0) {
		irq_set_handler(HELD_SGI, on_sgi1, NULL);
		irq_set_handler(INTID_VTIMER, on_timer, NULL);
		irq_set_handler(INTID_PTIMER, on_timer, NULL);
	}
	tick[me].timer = me == 0 ? TIMER_PHYS : TIMER_VIRT;
	timer_set_ctl(TIMER_VIRT, 0);
	timer_set_ctl(TIMER_PHYS, 0);
	gic_set_priority(0, WAKE_PRIO);
	gic_set_priority(HELD_SGI, HELD_SGI_PRIO);
	gic_set_priority(INTID_VTIMER, me == HOLD_TIMER_CPU ? HELD_TIMER_PRIO : TICK_PRIO);
	gic_set_priority(INTID_PTIMER, TICK_PRIO);
	gic_enable_irq(HELD_SGI);
	gic_enable_irq(INTID_VTIMER);
	gic_enable_irq(INTID_PTIMER);
}

static void start_ticking(void)
{
	struct ticker *k = &tick[cpu_index()];

	k->stop = false;
	timer_set_tval(k->timer, (int32_t)ms_to_ticks(TICK_MS));
	timer_set_ctl(k->timer, CNT_CTL_ENABLE);
}

static void stop_ticking(void)
{
	struct ticker *k = &tick[cpu_index()];
	uint64_t daif = irq_save();

	WRITE_ONCE(k->stop, true);
	timer_set_ctl(k->timer, 0);
	irq_restore(daif);
}

/* Acknowledges intid (made pending here, or by the boot CPU's INT for an
 * LPI) and leaves it active. IRQs masked. */
static void hold(uint32_t intid)
{
	unsigned int me = cpu_index();
	struct held *h = &held[me];

	if (intid >= GIC_LPI_BASE) {
		h->prio = LPI_PRIO;
		__atomic_store_n(&box[me].armed, 1, __ATOMIC_RELEASE);
	} else if (intid == HELD_SGI) {
		h->prio = HELD_SGI_PRIO;
		gic_send_sgi(HELD_SGI, this_mpidr());
	} else {
		CHECK_EQ(intid, INTID_VTIMER);
		h->prio = HELD_TIMER_PRIO;
		timer_set_cval(TIMER_VIRT, counter());
		timer_set_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	}
	CHECK_MSG(gic_take(intid, ARRIVE_MS), "cpu%u: interrupt %u never came to be held", me, intid);
	h->intid = intid;
	if (intid >= GIC_LPI_BASE)
		lpi_counted(intid);
	CHECK_MSG(gic_running_priority() == h->prio, "cpu%u: running priority 0x%x with interrupt %u active, not 0x%x",
		  me, gic_running_priority(), intid, h->prio);
}

/* IRQs unmasked for QUIET_MS: what may come, comes. */
static void open_window(void)
{
	irq_enable();
	mdelay(QUIET_MS);
	irq_disable();
}

/* After the wait: the held interrupt is still active; triggered again
 * (the LPI by the boot CPU's INT), it stays pending, not delivered. */
static void check_held(void)
{
	unsigned int me = cpu_index();
	struct held *h = &held[me];
	uint32_t before;

	CHECK_MSG(h->intid, "cpu%u holds no interrupt", me);
	CHECK_MSG(gic_running_priority() == h->prio,
		  "cpu%u: running priority 0x%x after the wait, not 0x%x: interrupt %u is no longer active", me,
		  gic_running_priority(), h->prio, h->intid);
	if (h->intid >= GIC_LPI_BASE) {
		CHECK_MSG(WAIT_FOR(gic_highest_pending() == h->intid, ARRIVE_MS),
			  "cpu%u: LPI %u INT'd again is not the highest pending interrupt (ICC_HPPIR1_EL1 %u)", me,
			  h->intid, gic_highest_pending());
		open_window();		/* the boot CPU checks it did not arrive */
		return;
	}
	CHECK_MSG(gic_irq_active(h->intid), "cpu%u: GICR_ISACTIVER0 does not have interrupt %u after the wait", me,
		  h->intid);
	if (h->intid == HELD_SGI) {
		before = load(&sgi_count[me]);
		gic_send_sgi(HELD_SGI, this_mpidr());
		CHECK_MSG(WAIT_FOR(gic_irq_pending(HELD_SGI), ARRIVE_MS),
			  "cpu%u: SGI %u sent again while active is not pending", me, HELD_SGI);
		open_window();
		CHECK_MSG(load(&sgi_count[me]) == before, "cpu%u: SGI %u sent again arrived while still active", me,
			  HELD_SGI);
		CHECK_MSG(gic_irq_active(HELD_SGI) && gic_irq_pending(HELD_SGI),
			  "cpu%u: SGI %u no longer active and pending after %u ms", me, HELD_SGI, QUIET_MS);
	} else {
		CHECK_MSG(timer_get_ctl(TIMER_VIRT) == (CNT_CTL_ENABLE | CNT_CTL_ISTATUS),
			  "cpu%u: CNTV_CTL_EL0 0x%x after the wait: the held timer no longer fires", me,
			  timer_get_ctl(TIMER_VIRT));
		before = load(&tick[me].count);
		open_window();
		CHECK_MSG(load(&tick[me].count) == before, "cpu%u: its timer's PPI %u was taken while still active", me,
			  INTID_VTIMER);
	}
}

/* EOI of the held interrupt: what is pending behind it arrives once (the
 * LPI: the boot CPU checks). Nothing is active afterwards. */
static void release(void)
{
	unsigned int me = cpu_index();
	struct held *h = &held[me];
	uint32_t intid = h->intid, before = load(&sgi_count[me]), ticks = load(&tick[me].count);

	CHECK_MSG(intid, "cpu%u holds no interrupt", me);
	h->intid = 0;
	gic_eoi(intid);
	CHECK_MSG(gic_running_priority() == IDLE_PRIO, "cpu%u: running priority 0x%x after the EOI of %u", me,
		  gic_running_priority(), intid);
	if (intid >= GIC_LPI_BASE)
		return;
	irq_enable();
	if (intid == HELD_SGI) {
		CHECK_MSG(WAIT_FOR(load(&sgi_count[me]) > before, ARRIVE_MS),
			  "cpu%u: SGI %u, pending behind its active self, never arrived after the EOI", me, HELD_SGI);
		mdelay(QUIET_MS);
		CHECK_MSG(load(&sgi_count[me]) == before + 1, "cpu%u: SGI %u arrived %u times after the EOI, not once",
			  me, HELD_SGI, load(&sgi_count[me]) - before);
	} else {
		CHECK_MSG(WAIT_FOR(load(&tick[me].count) > ticks, ARRIVE_MS),
			  "cpu%u: its timer, still firing, was not taken again after the EOI", me);
	}
	irq_disable();
	CHECK_MSG(!gic_irq_active(intid), "cpu%u: interrupt %u still active after its EOI", me, intid);
	CHECK_MSG(gic_running_priority() == IDLE_PRIO, "cpu%u: running priority 0x%x, not idle, after interrupt %u",
		  me, gic_running_priority(), intid);
}

void migrate_serve(void)
{
	struct mailbox *b = &box[cpu_index()];
	uint32_t op = load(&b->op);

	if (op == OP_NONE)
		return;
	WRITE_ONCE(b->op, OP_NONE);
	switch (op) {
	case OP_TICK: start_ticking(); break;
	case OP_HOLD: hold(b->arg); break;
	case OP_CHECK: check_held(); break;
	case OP_RELEASE: release(); break;
	case OP_STOP: stop_ticking(); break;
	default: guest_fail_raw("cpu%u: mailbox op %u", cpu_index(), op);
	}
	__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
}

static void post(unsigned int cpu, enum op op, uint32_t arg)
{
	struct mailbox *b = &box[cpu];

	b->arg = arg;
	b->armed = 0;
	b->done = 0;
	__atomic_store_n(&b->op, op, __ATOMIC_RELEASE);
	gic_send_sgi(0, cpu_mpidr(cpu));
}

static void wait_done(unsigned int cpu, const uint32_t *flag, enum op op)
{
	CHECK_MSG(WAIT_FOR(load(flag), 2 * ARRIVE_MS), "cpu%u did not %s", cpu, op_names[op]);
}

static void ask(unsigned int cpu, enum op op, uint32_t arg)
{
	post(cpu, op, arg);
	wait_done(cpu, &box[cpu].done, op);
}

static void hold_lpi(struct event *e)
{
	CHECK_EQ(e->cpu, HOLD_LPI_CPU);
	post(e->cpu, OP_HOLD, e->lpi);
	wait_done(e->cpu, &box[e->cpu].armed, OP_HOLD);
	fire(e);
	sync_all();
	wait_done(e->cpu, &box[e->cpu].done, OP_HOLD);
}

/* Polls the UART for a key, MIGRATE_S seconds of the virtual counter at
 * most; the counter must never go back, its largest step goes to *step. */
static bool wait_key(uint64_t *step)
{
	uint64_t start = counter(), prev = start, now;

	*step = 0;
	for (;;) {
		if (uart_getc() >= 0)
			return true;
		now = counter();
		CHECK_MSG(now >= prev, "the virtual counter went back from 0x%lx to 0x%lx (%lu ms)", prev, now,
			  to_ms(prev - now));
		if (now - prev > *step)
			*step = now - prev;
		prev = now;
		if (now - start >= ms_to_ticks(MIGRATE_S * 1000))
			return false;
	}
}

static void check_ticks(const uint32_t *base)
{
	uint64_t gap = 0;

	for (unsigned int c = 0; c < 4; c++)
		CHECK_MSG(WAIT_FOR(load(&tick[c].count) >= base[c] + TICKS_AFTER, ARRIVE_MS),
			  "cpu%u took %u timer ticks after the key, not %u", c, load(&tick[c].count) - base[c],
			  TICKS_AFTER);
	stop_ticking();
	for (unsigned int c = 1; c < 4; c++)
		ask(c, OP_STOP, 0);
	for (unsigned int c = 0; c < 4; c++) {
		CHECK_MSG(!tick[c].back, "cpu%u: %u timer ticks earlier on the virtual counter than the one before",
			  c, tick[c].back);
		CHECK_MSG(tick[c].gap <= ms_to_ticks(JUMP_MS), "cpu%u: %lu ms between two timer ticks", c,
			  to_ms(tick[c].gap));
		if (tick[c].gap > gap)
			gap = tick[c].gap;
	}
	printf("its: migrate: timers: all 4 CPUs ticked on (at least %u ticks each after the key), never back; "
	       "largest gap between two ticks: %lu ms\n", TICKS_AFTER, to_ms(gap));
}

static void check_oneshot(bool keyed, uint64_t key_at)
{
	uint64_t late;

	CHECK_MSG(WAIT_FOR(load(&oneshot_count), ONESHOT_MS + ARRIVE_MS),
		  "cpu0's virtual timer armed %u ms ahead never fired (CNTV_CTL_EL0 0x%x, CVAL 0x%lx, count 0x%lx)",
		  ONESHOT_MS, timer_get_ctl(TIMER_VIRT), timer_get_cval(TIMER_VIRT), counter());
	mdelay(QUIET_MS);
	CHECK_MSG(load(&oneshot_count) == 1, "cpu0's one-shot virtual timer fired %u times", load(&oneshot_count));
	CHECK_MSG(oneshot_at >= oneshot_cval, "cpu0's virtual timer fired %lu ms before its compare value",
		  to_ms(oneshot_cval - oneshot_at));
	late = oneshot_at - oneshot_cval;
	CHECK_MSG(late <= ms_to_ticks(LATE_MS), "cpu0's virtual timer fired %lu ms after its compare value",
		  to_ms(late));
	printf("its: migrate: timers: cpu0's one-shot virtual timer fired once, %lu ms after its compare value, %s\n",
	       to_ms(late),
	       !keyed ? "with no key" : oneshot_at >= key_at ? "after the key" : "before the key");
}

void stage_migrate(void)
{
	struct event *p[3] = { &evs[2], &evs[5], &evs[NEVS - 1] }, *hl = &evs[HELD_LPI_EVENT];
	uint32_t base[4], before;
	uint64_t step, key_at, virt, phys;
	unsigned int ready_s = ready_after_s();
	bool keyed;

	start_ticking();
	ask(1, OP_TICK, 0);
	ask(2, OP_TICK, 0);
	hold_lpi(hl);
	ask(HOLD_SGI_CPU, OP_HOLD, HELD_SGI);
	ask(HOLD_TIMER_CPU, OP_HOLD, INTID_VTIMER);
	for (unsigned int i = 0; i < 3; i++) {
		config(p[i], false);
		its_int(p[i]->dev, p[i]->id);
	}
	sync_all();
	verify("migrate: INT while disabled");
	/* Everything in place, and the timers ticking, until migrate=S. */
	while (counter() < ms_to_ticks(ready_s * 1000ULL))
		cpu_relax();
	oneshot_cval = counter() + ms_to_ticks(ONESHOT_MS);
	timer_set_cval(TIMER_VIRT, oneshot_cval);
	timer_set_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	/* Lines under 160 characters: armhv's console cuts longer ones. */
	printf("its: migrate: held active: LPI %u on cpu%u (priority 0x%x), SGI %u on cpu%u (0x%x), PPI %u on cpu%u "
	       "(0x%x, its timer still firing)\n", hl->lpi, HOLD_LPI_CPU, LPI_PRIO, HELD_SGI, HOLD_SGI_CPU,
	       HELD_SGI_PRIO, INTID_VTIMER, HOLD_TIMER_CPU, HELD_TIMER_PRIO);
	printf("its: migrate: timers: every %u ms on cpu0 (physical), cpu1, cpu2 (virtual); cpu0's virtual timer armed %u ms ahead\n",
	       TICK_MS, ONESHOT_MS);
	printf("its: migrate: ready: LPIs %u, %u, %u pending; waiting %u s for a key\n", p[0]->lpi,
	       p[1]->lpi, p[2]->lpi, MIGRATE_S);
	keyed = wait_key(&step);
	key_at = counter();
	for (unsigned int c = 0; c < 4; c++)
		base[c] = load(&tick[c].count);
	isb();
	virt = read_sysreg(cntvct_el0);
	phys = read_sysreg(cntpct_el0);
	printf("its: migrate: %s\n", keyed ? "key" : "no key");
	/* On armhv the physical count is the machine's: a VM restored on a
	 * machine whose counter is behind its virtual count reads it lower. */
	printf("its: migrate: the virtual counter reads %lu ms, the physical counter %lu ms\n", to_ms(virt),
	       to_ms(phys));
	CHECK_MSG(step <= ms_to_ticks(JUMP_MS), "the virtual counter jumped by %lu ms while cpu0 waited",
		  to_ms(step));
	printf("its: migrate: the virtual counter never went back while waiting; its largest step: %lu.%lu ms\n",
	       to_ms(step), ticks_to_us(step) / 100 % 10);

	/* The held interrupts, still active; then EOId. */
	before = lpi_arrivals(hl->cpu, hl->lpi);
	fire(hl);
	sync_all();
	ask(hl->cpu, OP_CHECK, 0);
	CHECK_MSG(lpi_arrivals(hl->cpu, hl->lpi) == before,
		  "LPI %u INT'd again arrived on cpu%u while the first was not EOId", hl->lpi, hl->cpu);
	ask(hl->cpu, OP_RELEASE, 0);
	verify("migrate: the held LPI after its EOI");
	printf("its: migrate: LPI %u still active on cpu%u (running priority 0x%x); INT'd again, pending until the EOI, "
	       "then arrived once\n", hl->lpi, hl->cpu, LPI_PRIO);
	ask(HOLD_SGI_CPU, OP_CHECK, 0);
	ask(HOLD_SGI_CPU, OP_RELEASE, 0);
	printf("its: migrate: SGI %u still active on cpu%u (GICR_ISACTIVER0, running priority 0x%x); sent again, pending "
	       "until the EOI, then arrived once\n", HELD_SGI, HOLD_SGI_CPU, HELD_SGI_PRIO);
	ask(HOLD_TIMER_CPU, OP_CHECK, 0);
	ask(HOLD_TIMER_CPU, OP_RELEASE, 0);
	printf("its: migrate: PPI %u still active on cpu%u (GICR_ISACTIVER0, running priority 0x%x), its timer still "
	       "firing; taken again after the EOI\n", INTID_VTIMER, HOLD_TIMER_CPU, HELD_TIMER_PRIO);

	for (unsigned int i = 0; i < 3; i++) {
		config(p[i], true);
		expect(p[i]);
	}
	sync_all();
	verify("migrate: pending LPIs enabled again");
	for (unsigned int i = 0; i < NEVS; i++)
		fire(&evs[i]);
	sync_all();
	verify("migrate: every event after the wait");
	printf("its: migrate: the 3 pending LPIs arrived once each on cpu%u, cpu%u, cpu%u; then all %u events on their CPUs\n",
	       p[0]->cpu, p[1]->cpu, p[2]->cpu, NEVS);

	check_ticks(base);
	check_oneshot(keyed, key_at);
}
