/* Bringing CPUs on and off at run time (PSCI CPU_ON / CPU_OFF). A CPU
 * coming back re-enters exactly like a secondary at boot: MMU off, stub,
 * init through the boot table and the trampoline, runtime (seed 03). */
#include <cpu/hotplug.h>
#include <arch/cache.h>
#include <mgmt/console.h>
#include <cpu/cpu.h>
#include <handover/crash.h>
#include <boot/early.h>
#include <cpu/lifecycle.h>
#include <lib/log.h>
#include <drivers/psci.h>
#include <arch/sysreg.h>
#include <arch/time.h>

#define CPU_ON_WAIT_MS	5000
#define CPU_OFF_WAIT_MS	2000

int cpu_power_on(unsigned i, unsigned fault_stage)
{
	struct cpu_boot *cb = &boot_params.cpu[i];
	paddr_t entry = image_pa_of_va(secondary_entry);
	int64_t ret;
	uint64_t t0;

	cb->mpidr = cpus[i].mpidr;
	cb->stack_top = (vaddr_t)&cpu_stacks[i] + STACK_TOP_OFFSET;
	cb->fault_stage = fault_stage;
	cb->stage = STAGE_NONE;
	dcache_clean_inval_poc(cb, sizeof(*cb));	/* it reads with its MMU off */
	cpus[i].state = CPU_STARTING;
	ret = (int64_t)smc_call(PSCI_CPU_ON_64, cpus[i].mpidr, entry, i);
	if (ret != PSCI_SUCCESS) {
		cpus[i].state = CPU_OFF;
		log_printf("cpu%u (mpidr 0x%llx) failed to start: PSCI CPU_ON: %s",
			   i, (unsigned long long)cpus[i].mpidr, psci_strerror(ret));
		return -EIO;
	}
	t0 = time_ms();
	while (READ_ONCE(cpus[i].state) == CPU_STARTING) {
		crash_check(NULL);
		if (time_ms() - t0 > CPU_ON_WAIT_MS) {
			log_printf("cpu%u did not reach the runtime stage (stuck at stage %s)",
				   i, cpu_stage_name(cpu_stage(i)));
			cpus[i].state = CPU_DEAD;
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	cb->fault_stage = 0;
	return cpus[i].state == CPU_ONLINE ? 0 : -EIO;
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
			crash_check(NULL);
		cpu_relax();
	}
	return false;
}

static void leave_request(void *arg)
{
	(void)arg;
	cpu_leave_and_off();
}

int cpu_request_off(unsigned i)
{
	struct cpu *c = &cpus[i];

	if (c->state != CPU_ONLINE && c->state != CPU_DEAD)
		return -EINVAL;
	if (cpu_stage(i) != STAGE_RUNTIME)
		return -EBUSY;	/* parked in the stub or init: cannot leave */
	/* Dead CPUs wait in their park loop for exactly this flag. */
	c->leave_requested = true;
	if (c->state == CPU_ONLINE) {
		spin_lock(&c->request_lock);
		__atomic_store_n(&c->request_fn, leave_request, __ATOMIC_RELEASE);
		spin_unlock(&c->request_lock);
	}
	cpu_kick(i);
	return cpu_wait_off(i) ? 0 : -ETIMEDOUT;
}

/* Turning the calling CPU off: the console moves first. */
int cpu_power_off_self(void)
{
	unsigned me = this_cpu();

	if (cpus_online_count() < 2)
		return -EBUSY;
	if (console_owner == me)
		console_hand_over(me, true);
	cpu_leave_and_off();
}
