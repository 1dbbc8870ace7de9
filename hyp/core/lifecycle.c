/* Power-off and reboot: every CPU leaves the runtime stage the way it came
 * (runtime -> init -> stub, MMU off) before PSCI ends the machine, even
 * when nothing but armhv ever ran (seed 01). */
#include <armhv/lifecycle.h>
#include <armhv/cpu.h>
#include <armhv/gic.h>
#include <armhv/log.h>
#include <armhv/psci.h>
#include <armhv/sysreg.h>

void cpu_leave_and_off(void)
{
	struct cpu *c = cpu_self();

	gic_cpu_quiesce();
	c->state = CPU_OFF;
	dsb(ish);
	cpu_leave_runtime(c->index, stub_cpu_off, 0, 0, 0);
}

static void leave_request(void *arg)
{
	(void)arg;
	cpu_leave_and_off();
}

/* Waits until PSCI reports the CPU off (it has left armhv for good). */
static bool wait_cpu_off(unsigned i)
{
	for (unsigned n = 0; n < 5000000; n++) {
		int64_t r = (int64_t)smc_call(PSCI_AFFINITY_INFO_64, cpus[i].mpidr, 0, 0);

		if (r == PSCI_AFF_OFF)
			return true;
		cpu_relax();
	}
	return false;
}

void system_end(enum system_end how)
{
	unsigned me = this_cpu();

	log_printf("%s: taking every CPU out of the runtime stage",
		   how == SYSTEM_END_REBOOT ? "reboot" : "poweroff");
	for (unsigned i = 0; i < cpu_count; i++) {
		struct cpu *c = &cpus[i];

		if (i == me || (c->state != CPU_ONLINE && c->state != CPU_DEAD))
			continue;
		/* Dead CPUs wait in their park loop for exactly this flag. */
		c->leave_requested = true;
		if (c->state == CPU_ONLINE)
			__atomic_store_n(&c->request_fn, leave_request, __ATOMIC_RELEASE);
		cpu_kick(i);
		if (!wait_cpu_off(i))
			log_printf("cpu%u did not power off (stage %s); going on",
				   i, cpu_stage_name(cpu_stage(i)));
	}
	log_printf("all other CPUs off; cpu%u leaves the runtime stage and calls PSCI %s",
		   me, how == SYSTEM_END_REBOOT ? "SYSTEM_RESET" : "SYSTEM_OFF");
	gic_cpu_quiesce();
	cpus[me].state = CPU_OFF;
	cpu_leave_runtime(me, how == SYSTEM_END_REBOOT ? stub_system_reset : stub_system_off,
			  0, 0, 0);
}
