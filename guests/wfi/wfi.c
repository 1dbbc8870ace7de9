/*
 * wfi: a CPU waiting in WFI while it handles an interrupt does not take
 * its time from another, even with a less urgent interrupt pending.
 *
 * CPU 1 counts in a loop throughout. CPU 0 waits 200 ms for its virtual
 * timer twice, in WFI with interrupts masked, polling the counter:
 *  - plain: nothing else pending;
 *  - held: inside the handler of SGI 3 (priority 0x80, so running at
 *    0x80), with SGI 4 (0xa0) pending: not signalled, it must not end the
 *    WFI; the timer's PPI (0x40) does.
 * Both waits must end at the timer (no earlier than its deadline), and
 * CPU 1 must count at least 3/4 as much during the held wait as during
 * the plain one: a hypervisor running both vCPUs on one CPU that took
 * the pending SGI 4 for a reason to run CPU 0 again would give CPU 1
 * about half. Afterwards SGI 4 and the timer's PPI are taken, once each.
 * Needs 2 CPUs.
 */
#include "guest.h"

GUEST_NAME("wfi");

#define HOLD_SGI	3
#define HELD_SGI	4
#define HOLD_PRIO	0x80
#define HELD_PRIO	0xa0
#define TIMER_PRIO	0x40
#define WAIT_MS		200

static volatile uint64_t count;		/* CPU 1's loop */
static volatile bool stop;
static unsigned int held_taken, timer_taken;
static uint64_t held_count;		/* CPU 1's progress in the held wait */

/* In WFI, interrupts masked, until the virtual timer armed for WAIT_MS
 * has fired (its PPI is above the running priority): CPU 1's progress
 * meanwhile. */
static uint64_t wait_for_timer(void)
{
	uint64_t deadline, before, after;

	deadline = counter() + ms_to_ticks(WAIT_MS);
	timer_set_cval(TIMER_VIRT, deadline);
	timer_set_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	before = count;
	while (!(timer_get_ctl(TIMER_VIRT) & CNT_CTL_ISTATUS))
		wfi();
	after = count;
	CHECK_MSG(counter() >= deadline, "the wait ended %lu us early",
		  (unsigned long)ticks_to_us(deadline - counter()));
	return after - before;
}

static void on_hold(unsigned int intid, void *arg)
{
	/* Running at 0x80: SGI 4 (0xa0) pending below it. */
	gic_send_sgi(HELD_SGI, cpu_mpidr(0));
	held_count = wait_for_timer();
}

static void on_held(unsigned int intid, void *arg)
{
	held_taken++;
}

/* Counts the timer's interrupt if it is firing: one left pending when
 * the plain wait turned the timer off may still come (under a hypervisor
 * the virtual interrupt can outlive the line, as Linux's handler allows). */
static void on_timer(unsigned int intid, void *arg)
{
	uint32_t ctl = timer_get_ctl(TIMER_VIRT);

	timer_set_ctl(TIMER_VIRT, 0);
	if ((ctl & CNT_CTL_ENABLE) && (ctl & CNT_CTL_ISTATUS))
		timer_taken++;
}

static void counter_cpu(void *arg)
{
	while (!stop)
		count++;
}

void guest_main(void)
{
	uint64_t plain;

	CHECK_MSG(ncpus() >= 2, "needs at least 2 CPUs (-smp 2)");
	gic_init();
	gic_set_priority(HOLD_SGI, HOLD_PRIO);
	gic_set_priority(HELD_SGI, HELD_PRIO);
	gic_set_priority(timer_intid(TIMER_VIRT), TIMER_PRIO);
	irq_set_handler(HOLD_SGI, on_hold, NULL);
	irq_set_handler(HELD_SGI, on_held, NULL);
	irq_set_handler(timer_intid(TIMER_VIRT), on_timer, NULL);
	gic_enable_irq(HOLD_SGI);
	gic_enable_irq(HELD_SGI);
	gic_enable_irq(timer_intid(TIMER_VIRT));
	CHECK(cpu_start(1, counter_cpu, NULL) == 0);
	CHECK_MSG(WAIT_FOR(count > 1000, 2000), "cpu1 does not count");

	/* Plain: masked, nothing pending but the timer to come. */
	plain = wait_for_timer();
	timer_set_ctl(TIMER_VIRT, 0);
	/* Held: SGI 3 taken, the wait in its handler. */
	irq_enable();
	gic_send_sgi(HOLD_SGI, cpu_mpidr(0));
	CHECK_MSG(WAIT_FOR(held_count != 0, 2000), "SGI 3's handler did not run");
	CHECK_MSG(WAIT_FOR(held_taken == 1 && timer_taken == 1, 2000),
		  "after the held wait: SGI 4 taken %u times, the timer %u, expected once each",
		  held_taken, timer_taken);
	mdelay(10);
	irq_disable();
	stop = true;
	CHECK(cpu_wait_off(1, 2000));
	printf("wfi: cpu1 counted %lu in the plain wait, %lu in the held one (%lu%%)\n",
	       (unsigned long)plain, (unsigned long)held_count, (unsigned long)(held_count * 100 / plain));
	CHECK_MSG(held_count * 4 >= plain * 3,
		  "cpu1 counted %lu in the held wait, less than 3/4 of the plain wait's %lu", (unsigned long)held_count,
		  (unsigned long)plain);
	CHECK_EQ(held_taken, 1);
	CHECK_EQ(timer_taken, 1);
}
