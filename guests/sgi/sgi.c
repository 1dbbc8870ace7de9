/*
 * sgi: software-generated interrupts between CPUs through ICC_SGI1R_EL1.
 * In each of several rounds every CPU sends SGI <its index> to every other
 * CPU by affinity; then every CPU sends SGI <8 + its index> to all others
 * at once (IRM). Each SGI reaches exactly the CPUs it was sent to, exactly
 * once per send, and no CPU receives its own.
 */
#include "guest.h"

GUEST_NAME("sgi");

#define ROUNDS		5
#define BCAST_BASE	8

static uint32_t received[MAX_CPUS][16];	/* [receiver][intid] */
static struct barrier bar = BARRIER_INIT;

static void on_sgi(unsigned int intid, void *arg)
{
	__atomic_add_fetch(&received[cpu_index()][intid], 1, __ATOMIC_RELAXED);
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
