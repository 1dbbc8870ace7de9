/* Power-off and reboot: every CPU leaves the runtime stage the way it came
 * (runtime -> init -> stub, MMU off) before PSCI ends the machine, even
 * when nothing but armhv ever ran (seed 01). */
#include <lifecycle/lifecycle.h>
#include <lifecycle/hotplug.h>
#include <lifecycle/virt.h>
#include <boot/stages.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <drivers/gic.h>
#include <lib/log.h>
#include <arch/sysreg.h>

void cpu_leave_runtime_as(enum cpu_state s, void (*cont)(void), uint64_t a2, uint64_t a3,
			  uint64_t a4)
{
	struct cpu *c = cpu_self();

	virt_cpu_leave();
	gic_cpu_quiesce(c->gicr_va);
	cpu_set_state(c, s);
	dsb(ish);
	cpu_leave_runtime(c->index, cont, a2, a3, a4);
}

void cpu_leave_and_off(void)
{
	cpu_leave_runtime_as(CPU_OFF, stub_cpu_off, 0, 0, 0);
}

void cpu_park_dead(const struct cpu_regs *regs)
{
	struct cpu *c = cpu_self();

	irq_mask_all();
	cpu_set_state(c, CPU_DEAD);
	dsb(ish);
	cpu_notify_leave(c->index, false);	/* the console moves on */
	/* Parked, but still able to leave armhv cleanly for poweroff, reboot
	 * or kexec (the request is a flag, not a function call), and to stop
	 * for a crash dump. */
	for (;;) {
		unsigned intid;

		wfi();
		while ((intid = gic_ack()) < INTID_SPURIOUS)
			gic_eoi(intid);
		cpu_stop_check(regs);
		if (__atomic_load_n(&c->leave_requested, __ATOMIC_ACQUIRE))
			cpu_leave_and_off();
	}
}

void cpus_take_others_off(void)
{
	unsigned me = this_cpu();

	for (unsigned i = 0; i < cpu_count; i++) {
		enum cpu_state s = cpu_state(&cpus[i]);
		int ret;

		cpu_stop_check(NULL);
		if (i == me || (s != CPU_ONLINE && s != CPU_DEAD))
			continue;
		ret = cpu_request_off(i);
		if (ret)
			log_warn("cpu%u %s (stage %s); going on", i,
				   ret == -EBUSY ? "is parked outside the runtime stage"
						 : "did not power off",
				   cpu_stage_name(cpu_stage(i)));
	}
}

static void (*end_hook)(const char *why);

void system_set_end_hook(void (*fn)(const char *why))
{
	end_hook = fn;
}

void system_end_hook(const char *why)
{
	if (end_hook)
		end_hook(why);
}

void system_end(enum system_end how)
{
	unsigned me = this_cpu();

	system_end_hook(how == SYSTEM_END_REBOOT ? "reboot" : "poweroff");
	log_info("%s: taking every CPU out of the runtime stage",
		   how == SYSTEM_END_REBOOT ? "reboot" : "poweroff");
	cpus_take_others_off();
	cpu_stop_check(NULL);	/* a panic elsewhere wins over power-off */
	log_info("all other CPUs off; cpu%u leaves the runtime stage and calls PSCI %s",
		   me, how == SYSTEM_END_REBOOT ? "SYSTEM_RESET" : "SYSTEM_OFF");
	cpu_leave_runtime_as(CPU_OFF, how == SYSTEM_END_REBOOT ? stub_system_reset : stub_system_off,
			     0, 0, 0);
}
