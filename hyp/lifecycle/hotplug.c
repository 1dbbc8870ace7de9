/* Bringing CPUs on and off at run time (PSCI CPU_ON / CPU_OFF). A CPU
 * coming back re-enters exactly like a secondary at boot: MMU off, stub,
 * init through the boot table and the trampoline, runtime (seed 03). */
#include <lifecycle/hotplug.h>
#include <lifecycle/lifecycle.h>
#include <boot/early.h>
#include <boot/stages.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <drivers/psci.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <arch/time.h>

#define CPU_ON_WAIT_MS	5000u
#define CPU_OFF_WAIT_MS	2000

int cpu_power_on(unsigned i, unsigned fault_stage)
{
	struct cpu *c = &cpus[i];
	struct cpu_boot *cb = c->boot;
	paddr_t entry = image_pa_of_va(secondary_entry);
	int64_t ret;
	uint64_t t0;

	cb->mpidr = c->mpidr;
	cb->fault_stage = fault_stage;
	cb->stage = STAGE_NONE;
	dcache_clean_inval_poc(cb, sizeof(*cb));	/* it reads with its MMU off */
	if (!cpu_state_change(c, CPU_OFF, CPU_STARTING))
		return -EBUSY;
	/* The request that sent it off never returned: clear it here, not
	 * in the CPU itself, which might clear a request made since. */
	__atomic_store_n(&c->request_fn, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&c->leave_requested, false, __ATOMIC_RELEASE);
	ret = (int64_t)smc_call(PSCI_CPU_ON_64, c->mpidr, pa_addr(entry), i);
	if (ret != PSCI_SUCCESS) {
		cpu_set_state(c, CPU_OFF);
		log_err("cpu%u (mpidr 0x%llx) failed to start: PSCI CPU_ON: %s",
			   i, (unsigned long long)c->mpidr, psci_strerror(ret));
		return -EIO;
	}
	t0 = time_ms();
	while (cpu_state(c) == CPU_STARTING) {
		cpu_stop_check(NULL);
		/* Giving up is a state change too: if the CPU gets online at
		 * the same moment, exactly one of the two wins, and a CPU that
		 * comes up later sees it was given up on (cpu_join). */
		if (time_ms() - t0 > CPU_ON_WAIT_MS &&
		    cpu_state_change(c, CPU_STARTING, CPU_DEAD)) {
			log_err("cpu%u did not reach the runtime stage in %u ms (stuck at stage %s)",
				   i, CPU_ON_WAIT_MS, cpu_stage_name(cpu_stage(i)));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	cb->fault_stage = 0;
	return cpu_state(c) == CPU_ONLINE ? 0 : -EIO;
}

int cpus_start_secondaries(void)
{
	int err = 0;

	for (unsigned i = 1; i < cpu_count; i++)
		if (cpu_power_on(i, 0))
			err = -EIO;
	return err;
}

bool cpu_wait_off(unsigned i)
{
	uint64_t t0 = time_ms();

	while (time_ms() - t0 < CPU_OFF_WAIT_MS) {
		int64_t r = (int64_t)smc_call(PSCI_AFFINITY_INFO_64, cpus[i].mpidr, 0, 0);

		if (r == PSCI_AFF_OFF)
			return true;
		if (i != this_cpu())
			cpu_stop_check(NULL);
		cpu_relax();
	}
	return false;
}

int cpu_request_off(unsigned i)
{
	struct cpu *c = &cpus[i];
	enum cpu_state s = cpu_state(c);

	if (s != CPU_ONLINE && s != CPU_DEAD)
		return -EINVAL;
	if (cpu_stage(i) != STAGE_RUNTIME)
		return -EBUSY;	/* parked in the stub or init: cannot leave */
	/* A flag of its own, seen by the idle loop and the dead CPUs' park
	 * loop: it never overwrites a pending request. */
	__atomic_store_n(&c->leave_requested, true, __ATOMIC_RELEASE);
	cpu_kick(i);
	return cpu_wait_off(i) ? 0 : -ETIMEDOUT;
}

/* Turning the calling CPU off: the console moves first. */
int cpu_power_off_self(void)
{
	struct cpu *c = cpu_self();

	if (cpus_online_count() < 2)
		return -EBUSY;
	cpu_notify_leave(c->index, true);
	cpu_leave_and_off();
}

static cpu_evacuate_fn evacuate;

void hotplug_set_evacuate(cpu_evacuate_fn fn)
{
	evacuate = fn;
}

int cpu_take_offline(unsigned cpu)
{
	if (cpu_state(&cpus[cpu]) == CPU_ONLINE && cpus_online_count() < 2)
		return -EBUSY;
	if (evacuate && evacuate(cpu))
		return -EPERM;
	if (cpu == this_cpu())
		return cpu_power_off_self();
	return cpu_request_off(cpu);
}
