/* Starting and stopping secondary CPUs through PSCI. */
#include "guest.h"

static struct {
	void (*fn)(void *);
	void *arg;
	uint32_t entries;
	uint32_t done;		/* smp_run: fn returned */
} slot[MAX_CPUS];

unsigned int ncpus(void)
{
	return plat.ncpus;
}

uint64_t cpu_mpidr(unsigned int idx)
{
	return idx < plat.ncpus ? plat.mpidr[idx] : ~0UL;
}

unsigned int cpu_entries(unsigned int idx)
{
	return idx < MAX_CPUS ? __atomic_load_n(&slot[idx].entries, __ATOMIC_ACQUIRE) : 0;
}

int32_t cpu_start(unsigned int idx, void (*fn)(void *), void *arg)
{
	CHECK_MSG(idx > 0 && idx < plat.ncpus, "cpu_start(%u) with %u CPUs", idx, plat.ncpus);
	slot[idx].fn = fn;
	slot[idx].arg = arg;
	dsb(ish);
	return psci_cpu_on(plat.mpidr[idx], (uintptr_t)secondary_entry, idx);
}

void cpu_stop(void)
{
	int32_t ret;
	irq_disable();
	ret = psci_cpu_off();
	guest_fail_raw("cpu%u: PSCI CPU_OFF returned %d (%s)", cpu_index(), ret, psci_strerror(ret));
}

bool cpu_wait_off(unsigned int idx, unsigned int ms)
{
	return WAIT_FOR(psci_affinity_info(plat.mpidr[idx]) == PSCI_AFF_OFF, ms);
}

/* From crt0.S, on the CPU's own stack with the MMU on. */
void secondary_start(unsigned int idx)
{
	__atomic_fetch_add(&slot[idx].entries, 1, __ATOMIC_ACQ_REL);
	if (gic_ready())
		gic_cpu_init();
	slot[idx].fn(slot[idx].arg);
	cpu_stop();
}

struct run {
	void (*fn)(void *);
	void *arg;
};

static struct run run_args;

static void run_one(void *arg)
{
	unsigned int cpu = cpu_index();
	(void)arg;
	run_args.fn(run_args.arg);
	__atomic_store_n(&slot[cpu].done, 1, __ATOMIC_RELEASE);
}

void smp_run(void (*fn)(void *), void *arg, unsigned int timeout_ms)
{
	run_args.fn = fn;
	run_args.arg = arg;
	for (unsigned int i = 0; i < plat.ncpus; i++)
		slot[i].done = 0;
	for (unsigned int i = 1; i < plat.ncpus; i++) {
		int32_t ret = cpu_start(i, run_one, NULL);
		CHECK_MSG(ret == PSCI_SUCCESS, "CPU_ON cpu%u (MPIDR 0x%lx): %d (%s)", i,
			  plat.mpidr[i], ret, psci_strerror(ret));
	}
	run_one(NULL);
	for (unsigned int i = 1; i < plat.ncpus; i++) {
		CHECK_MSG(WAIT_FOR(__atomic_load_n(&slot[i].done, __ATOMIC_ACQUIRE), timeout_ms),
			  "cpu%u did not finish within %u ms", i, timeout_ms);
		CHECK_MSG(cpu_wait_off(i, 1000), "cpu%u did not turn off", i);
	}
}

void barrier_wait(struct barrier *b, unsigned int n, unsigned int timeout_ms)
{
	uint32_t gen = __atomic_load_n(&b->generation, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&b->count, 1, __ATOMIC_ACQ_REL) == n) {
		__atomic_store_n(&b->count, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->generation, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	CHECK_MSG(WAIT_FOR(__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) != gen, timeout_ms),
		  "cpu%u: barrier: %u of %u CPUs arrived in %u ms", cpu_index(),
		  __atomic_load_n(&b->count, __ATOMIC_RELAXED), n, timeout_ms);
}
