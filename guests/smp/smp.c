/*
 * smp: every CPU the device tree lists comes up through PSCI CPU_ON, runs
 * on the CPU it was meant for (MPIDR), with its own context id and stack,
 * and reports in; AFFINITY_INFO follows each CPU's state (OFF before,
 * ON while it runs, OFF after CPU_OFF); CPU_ON of a running CPU is
 * ALREADY_ON, of a CPU that does not exist INVALID_PARAMETERS; a CPU
 * turned off starts again.
 */
#include "guest.h"

GUEST_NAME("smp");

static struct {
	uint64_t mpidr;		/* MPIDR_EL1 as the CPU read it */
	uint64_t sp;
	uint32_t index;		/* cpu_index() it found */
	uint32_t reports;
} seen[MAX_CPUS];

static uint32_t go_off;

static void secondary(void *arg)
{
	unsigned int me = cpu_index();
	uint64_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	seen[me].mpidr = this_mpidr();
	seen[me].sp = sp;
	seen[me].index = me;
	CHECK_EQ((uintptr_t)arg, 0x5eed0000UL + me);
	printf("smp: cpu%u (MPIDR 0x%lx) reporting in\n", me, this_mpidr());
	__atomic_add_fetch(&seen[me].reports, 1, __ATOMIC_RELEASE);
	CHECK(WAIT_FOR(__atomic_load_n(&go_off, __ATOMIC_ACQUIRE), 5000));
	/* Returning turns this CPU off (PSCI CPU_OFF). */
}

static unsigned int reports(unsigned int i)
{
	return __atomic_load_n(&seen[i].reports, __ATOMIC_ACQUIRE);
}

static uint64_t absent_mpidr(void)
{
	uint64_t m = 0xfe;
	for (unsigned int i = 0; i < ncpus(); i++)
		if (cpu_mpidr(i) == m)
			m--;
	return m;
}

void guest_main(void)
{
	unsigned int n = ncpus();

	printf("smp: %u CPUs in the device tree\n", plat.dt_cpus);
	CHECK_MSG(plat.dt_cpus == n, "%u CPUs listed, at most %u handled", plat.dt_cpus, MAX_CPUS);
	CHECK(plat.boot_listed);
	CHECK_EQ(cpu_mpidr(0), this_mpidr());
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < i; j++)
			CHECK_MSG(cpu_mpidr(i) != cpu_mpidr(j), "cpu%u and cpu%u share MPIDR 0x%lx", i, j,
				  cpu_mpidr(i));

	CHECK_EQ(psci_affinity_info(this_mpidr()), PSCI_AFF_ON);
	for (unsigned int i = 1; i < n; i++)
		CHECK_EQ(psci_affinity_info(cpu_mpidr(i)), PSCI_AFF_OFF);

	/* All on. */
	for (unsigned int i = 1; i < n; i++)
		CHECK_EQ(cpu_start(i, secondary, (void *)(0x5eed0000UL + i)), PSCI_SUCCESS);
	for (unsigned int i = 1; i < n; i++) {
		CHECK_MSG(WAIT_FOR(reports(i) == 1, 2000), "cpu%u did not report in", i);
		CHECK_EQ(seen[i].mpidr, cpu_mpidr(i));
		CHECK_EQ(seen[i].index, i);
		CHECK(seen[i].sp > (uintptr_t)__stacks + i * STACK_SIZE &&
		      seen[i].sp <= (uintptr_t)__stacks + (i + 1) * STACK_SIZE);
		CHECK_EQ(cpu_entries(i), 1);
		CHECK_EQ(psci_affinity_info(cpu_mpidr(i)), PSCI_AFF_ON);
		CHECK_EQ(psci_cpu_on(cpu_mpidr(i), (uintptr_t)secondary_entry, i), PSCI_ALREADY_ON);
	}
	CHECK_EQ(psci_cpu_on(this_mpidr(), (uintptr_t)secondary_entry, 0), PSCI_ALREADY_ON);
	CHECK_EQ(psci_cpu_on(absent_mpidr(), (uintptr_t)secondary_entry, 1), PSCI_INVALID_PARAMETERS);
	printf("smp: all %u CPU(s) on\n", n);

	/* All off again. */
	__atomic_store_n(&go_off, 1, __ATOMIC_RELEASE);
	for (unsigned int i = 1; i < n; i++)
		CHECK_MSG(cpu_wait_off(i, 2000), "cpu%u is not off: AFFINITY_INFO %d", i,
			  psci_affinity_info(cpu_mpidr(i)));
	printf("smp: the %u other CPU(s) off\n", n - 1);

	/* The last one on and off again: CPU_ON after CPU_OFF. */
	if (n > 1) {
		unsigned int i = n - 1;
		__atomic_store_n(&go_off, 0, __ATOMIC_RELEASE);
		CHECK_EQ(cpu_start(i, secondary, (void *)(0x5eed0000UL + i)), PSCI_SUCCESS);
		CHECK_MSG(WAIT_FOR(reports(i) == 2, 2000), "cpu%u did not come back", i);
		CHECK_EQ(cpu_entries(i), 2);
		CHECK_EQ(psci_affinity_info(cpu_mpidr(i)), PSCI_AFF_ON);
		__atomic_store_n(&go_off, 1, __ATOMIC_RELEASE);
		CHECK(cpu_wait_off(i, 2000));
		printf("smp: cpu%u on and off again\n", i);
	}
	for (unsigned int i = 1; i < n; i++)
		CHECK_EQ(reports(i), i == n - 1 ? 2 : 1);
}
