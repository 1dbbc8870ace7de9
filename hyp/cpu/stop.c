/* Stopping every CPU for a crash dump (cpu/stop.h). The claim is one
 * compare-and-swap; everything after it allocates nothing and takes no
 * lock, since it runs on the panic path. */
#include <cpu/stop.h>
#include <cpu/cpu.h>
#include <lib/log.h>
#include <arch/time.h>

#define STOP_WAIT_MS	1000

volatile bool cpu_stop_flag;
static int stop_owner = -1;

int cpu_stop_claim(void)
{
	int expected = -1;

	if (__atomic_compare_exchange_n(&stop_owner, &expected, (int)this_cpu(), false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -1;
	return expected;
}

void cpu_stop_this(const struct cpu_regs *regs)
{
	struct cpu *c = cpu_self();

	if (regs)
		c->stop_regs = *regs;
	else
		crash_save_regs(&c->stop_regs);
	__atomic_store_n(&c->stop_regs_valid, true, __ATOMIC_RELEASE);
	cpu_leave();
}

void cpu_stop_check(const struct cpu_regs *regs)
{
	if (cpu_stop_in_progress() &&
	    __atomic_load_n(&stop_owner, __ATOMIC_ACQUIRE) != (int)this_cpu())
		cpu_stop_this(regs);
}

void cpus_stop_others(const struct cpu_regs *own)
{
	struct cpu *me = cpu_self();

	me->stop_regs = *own;
	me->stop_regs_valid = true;
	__atomic_store_n(&cpu_stop_flag, true, __ATOMIC_RELEASE);
	dsb(ish);	/* the flag is visible before the SGIs */
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != me->index && cpu_state(&cpus[i]) != CPU_OFF)
			cpu_kick(i);
	for (unsigned i = 0; i < cpu_count; i++) {
		struct cpu *c = &cpus[i];
		uint64_t t0 = time_ms();

		if (c == me || cpu_state(c) == CPU_OFF)
			continue;
		while (!__atomic_load_n(&c->stop_regs_valid, __ATOMIC_ACQUIRE) &&
		       time_ms() - t0 < STOP_WAIT_MS)
			cpu_relax();
	}
}
