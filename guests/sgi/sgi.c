/*
 * sgi: software-generated interrupts between CPUs through ICC_SGI1R_EL1.
 * In each of several rounds every CPU sends SGI <its index> to every other
 * CPU by affinity; then every CPU sends SGI <8 + its index> to all others
 * at once (IRM). Each SGI reaches exactly the CPUs it was sent to, exactly
 * once per send, and no CPU receives its own. Then every CPU sends SGI 15
 * to all others through ICC_SGI0R_EL1 and ICC_ASGI1R_EL1, which raise only
 * Group 0 SGIs: it reaches no one (all SGIs are Group 1 here). Last, CPU
 * 0 wakes CPU 1 from WFI with SGI 7 16 times while it spins itself: the
 * median from send to handler must stay under 3 ms (two vCPUs sharing a
 * CPU: the woken one runs at once, not when the spinner's time slice
 * ends).
 */
#include "guest.h"

GUEST_NAME("sgi");

#define ROUNDS		5
#define BCAST_BASE	8
#define WAKE_SGI	7
#define WAKE_ROUNDS	16
#define WAKE_LIMIT_US	3000	/* median from send to handler */

static uint32_t received[MAX_CPUS][16];	/* [receiver][intid] */
static struct barrier bar = BARRIER_INIT;
static uint64_t wake_at[WAKE_ROUNDS];	/* counter in cpu1's handler */
static unsigned int wakes;		/* WAKE_SGIs cpu1 handled so far */
static unsigned int wake_done;		/* cpu0 is through: the others go on */

static void on_sgi(unsigned int intid, void *arg)
{
	__atomic_add_fetch(&received[cpu_index()][intid], 1, __ATOMIC_RELAXED);
	if (intid == WAKE_SGI && cpu_index() == 1 && wakes < WAKE_ROUNDS) {
		wake_at[wakes] = counter();
		__atomic_store_n(&wakes, wakes + 1, __ATOMIC_RELEASE);
	}
}

static unsigned int wakes_seen(void)
{
	return __atomic_load_n(&wakes, __ATOMIC_ACQUIRE);
}

/* cpu1 waits in WFI; cpu0 sends it WAKE_SGI and spins, without a WFI,
 * until cpu1's handler has run: WAKE_ROUNDS times. Where the two share a
 * CPU (a hypervisor running both vCPUs on one), the spinning sender must
 * give way to the woken receiver at once, not at the end of a time
 * slice: the median from send to handler stays under WAKE_LIMIT_US. */
static void wake_latency(void)
{
	unsigned int me = cpu_index();
	uint64_t lat[WAKE_ROUNDS], t0;

	if (me != 0) {
		/* cpu1 for its SGIs, the others until cpu0 is through, all in
		 * WFI: no CPU but the sender spins meanwhile (on QEMU, a
		 * spinning CPU is a host thread the receiver's waits for). */
		irq_disable();	/* looked at, then waited for, without a gap */
		while (me == 1 ? wakes_seen() < WAKE_ROUNDS : !__atomic_load_n(&wake_done, __ATOMIC_ACQUIRE)) {
			wfi();
			irq_enable();
			irq_disable();
		}
		irq_enable();
		return;
	}
	for (unsigned int r = 0; r < WAKE_ROUNDS; r++) {
		mdelay(2);	/* cpu1 back in its WFI */
		t0 = counter();
		gic_send_sgi(WAKE_SGI, cpu_mpidr(1));
		CHECK_MSG(WAIT_FOR(wakes_seen() > r, 2000), "cpu1 did not take wake-up SGI %u", r);
		lat[r] = wake_at[r] - t0;
	}
	__atomic_store_n(&wake_done, 1, __ATOMIC_RELEASE);
	gic_send_sgi_others(WAKE_SGI);
	/* The median: sorted, the middle one. */
	for (unsigned int i = 1; i < WAKE_ROUNDS; i++)
		for (unsigned int j = i; j > 0 && lat[j - 1] > lat[j]; j--) {
			uint64_t t = lat[j];

			lat[j] = lat[j - 1];
			lat[j - 1] = t;
		}
	{
		uint64_t us = lat[WAKE_ROUNDS / 2] * 1000000 / timer_freq();

		printf("sgi: a CPU waiting in WFI took an SGI %lu us after it was sent (median of %u)\n",
		       (unsigned long)us, WAKE_ROUNDS);
		CHECK_MSG(us < WAKE_LIMIT_US, "median wake-up %lu us, more than %u us", (unsigned long)us,
			  WAKE_LIMIT_US);
	}
}

static uint32_t got(unsigned int cpu, unsigned int intid)
{
	return __atomic_load_n(&received[cpu][intid], __ATOMIC_RELAXED);
}

/* This CPU has received exactly `want` of each SGI it should have by now. */
static void check_counts(unsigned int round, bool bcast, bool exact)
{
	unsigned int me = cpu_index(), n = ncpus();

	for (unsigned int s = 0; s < n; s++) {
		uint32_t want = s == me ? 0 : round;
		uint32_t want_b = s == me || !bcast ? 0 : 1;
		if (!exact) {
			CHECK_MSG(WAIT_FOR(got(me, s) >= want && got(me, BCAST_BASE + s) >= want_b, 2000),
				  "cpu%u: %u of SGI %u from cpu%u, %u of SGI %u, expected %u and %u", me,
				  got(me, s), s, s, got(me, BCAST_BASE + s), BCAST_BASE + s, want, want_b);
		}
		CHECK_MSG(got(me, s) == want, "cpu%u: %u of SGI %u from cpu%u, expected %u", me, got(me, s),
			  s, s, want);
		CHECK_MSG(got(me, BCAST_BASE + s) == want_b, "cpu%u: %u of broadcast SGI %u from cpu%u, expected %u",
			  me, got(me, BCAST_BASE + s), BCAST_BASE + s, s, want_b);
	}
	for (unsigned int i = n; i < BCAST_BASE; i++)
		CHECK_EQ(got(me, i) + got(me, BCAST_BASE + i), 0);
}

static void on_each_cpu(void *arg)
{
	unsigned int me = cpu_index(), n = ncpus();

	for (unsigned int i = 0; i < 16; i++)
		gic_enable_irq(i);
	irq_enable();
	barrier_wait(&bar, n, 2000);

	for (unsigned int round = 1; round <= ROUNDS; round++) {
		for (unsigned int k = 1; k < n; k++)
			gic_send_sgi(me, cpu_mpidr((me + k) % n));
		check_counts(round, false, false);
		/* No one sends until everyone has counted this round. */
		barrier_wait(&bar, n, 2000);
	}

	gic_send_sgi_others(BCAST_BASE + me);
	check_counts(ROUNDS, true, false);
	barrier_wait(&bar, n, 2000);
	/* The Group 0 SGI registers (neither is UNDEFINED) leave alone an
	 * SGI configured Group 1, as all are here: SGI 15, sent to all
	 * others through both, reaches no one (check_counts: none of SGIs
	 * 8 + n to 15). */
	gic_send_sgi_group0_others(15, false);
	gic_send_sgi_group0_others(15, true);
	/* Nothing more arrives late. */
	mdelay(20);
	check_counts(ROUNDS, true, true);
	barrier_wait(&bar, n, 2000);
	wake_latency();
	barrier_wait(&bar, n, 2000);
	irq_disable();
	printf("sgi: cpu%u received %u SGIs from each of the %u other CPU(s), and one broadcast from each\n",
	       me, ROUNDS, n - 1);
	barrier_wait(&bar, n, 2000);
}

void guest_main(void)
{
	printf("sgi: %u CPU(s)\n", ncpus());
	CHECK_MSG(ncpus() >= 2, "needs at least 2 CPUs (-smp 2)");
	gic_init();
	for (unsigned int i = 0; i < 16; i++)
		irq_set_handler(i, on_sgi, NULL);
	smp_run(on_each_cpu, NULL, 10000);
}
