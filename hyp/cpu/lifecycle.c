/* Power-off and reboot: every CPU leaves the runtime stage the way it came
 * (runtime -> init -> stub, MMU off) before PSCI ends the machine, even
 * when nothing but armhv ever ran (seed 01). */
#include <cpu/lifecycle.h>
#include <cpu/cpu.h>
#include <handover/crash.h>
#include <drivers/gic.h>
#include <cpu/hotplug.h>
#include <lib/log.h>
#include <drivers/psci.h>
#include <arch/sysreg.h>

void cpu_leave_and_off(void)
{
	struct cpu *c = cpu_self();

	gic_cpu_quiesce();
	c->state = CPU_OFF;
	dsb(ish);
	cpu_leave_runtime(c->index, stub_cpu_off, 0, 0, 0);
}

void cpu_park_dead(const struct cpu_regs *regs)
{
	struct cpu *c = cpu_self();

	irq_mask_all();
	c->state = CPU_DEAD;
	dsb(ish);
	/* Parked, but still able to leave armhv cleanly for poweroff, reboot
	 * or kexec (the request is a flag, not a function call), and to stop
	 * for a crash dump. */
	for (;;) {
		unsigned intid;

		wfi();
		while ((intid = gic_ack()) < INTID_SPURIOUS)
			gic_eoi(intid);
		crash_check(regs);
		if (READ_ONCE(c->leave_requested))
			cpu_leave_and_off();
	}
}

void cpus_take_others_off(void)
{
	unsigned me = this_cpu();

	for (unsigned i = 0; i < cpu_count; i++) {
		struct cpu *c = &cpus[i];
		int ret;

		crash_check(NULL);
		if (i == me || (c->state != CPU_ONLINE && c->state != CPU_DEAD))
			continue;
		ret = cpu_request_off(i);
		if (ret)
			log_printf("cpu%u %s (stage %s); going on", i,
				   ret == -EBUSY ? "is parked outside the runtime stage"
						 : "did not power off",
				   cpu_stage_name(cpu_stage(i)));
	}
}

void system_end(enum system_end how)
{
	unsigned me = this_cpu();

	log_printf("%s: taking every CPU out of the runtime stage",
		   how == SYSTEM_END_REBOOT ? "reboot" : "poweroff");
	cpus_take_others_off();
	crash_check(NULL);	/* a panic elsewhere wins over power-off */
	log_printf("all other CPUs off; cpu%u leaves the runtime stage and calls PSCI %s",
		   me, how == SYSTEM_END_REBOOT ? "SYSTEM_RESET" : "SYSTEM_OFF");
	gic_cpu_quiesce();
	cpus[me].state = CPU_OFF;
	cpu_leave_runtime(me, how == SYSTEM_END_REBOOT ? stub_system_reset : stub_system_off,
			  0, 0, 0);
}
