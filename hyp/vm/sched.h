/* Which vCPU runs where (vm/sched.c): each vCPU belongs to one physical
 * CPU's run queue; every online CPU runs its queue's vCPUs in turn as
 * idle work. */
#ifndef ARMHV_SCHED_H
#define ARMHV_SCHED_H

#include <vm/vcpu.h>
#include <cpu/cpu.h>

/* Puts v on CPU cpu's run queue. Returns 0 or -ENOSPC. */
int sched_add(struct vcpu *v, unsigned cpu);
/* Takes v off its run queue; it may still be running on that CPU until
 * its next exit (the caller stops the VM first and waits). */
void sched_remove(struct vcpu *v);
/* v has something to do: its CPU looks at its queue again (SGI_NUDGE:
 * a CPU running v goes on with it, one running another vCPU switches if
 * v woke up, an idle one runs v; vm/exit.c). */
static inline void sched_wake(struct vcpu *v)
{
	if (v->cpu != this_cpu())
		cpu_nudge(v->cpu);
}
/* Runs one runnable vCPU of this CPU's queue until it gives the CPU
 * back, at the latest at counter value until (0: no limit). Returns
 * false if there was none. */
bool sched_run_one(uint64_t until);
/* Nothing to run: waits for an interrupt, a kick, the timer of a
 * waiting vCPU of this CPU, or counter value until, whichever is first. */
void sched_idle_until(uint64_t until);
/* Whether another vCPU of c's queue than cur has just woken up, and
 * should have the CPU now. */
bool sched_woken_other_slow(struct cpu *c, struct vcpu *cur);
static inline bool sched_woken_other(struct cpu *c, struct vcpu *cur)
{
	/* Alone on its queue (the common case): nobody else to wake. */
	return __atomic_load_n(&c->runq_len, __ATOMIC_RELAXED) > 1 && sched_woken_other_slow(c, cur);
}
/* Whether cur ran alone on c (vcpu->sole) and c's queue, or another
 * CPU's, now has more than one (an idle c could then take one). */
extern unsigned sched_crowded_cpus;
/* Some CPU has more than one vCPU to run: a vCPU alone on its CPU then
 * traps WFI after all, so that its CPU, when idle, can take one. */
static inline bool sched_crowded(void)
{
	return __atomic_load_n(&sched_crowded_cpus, __ATOMIC_RELAXED) != 0;
}
static inline bool sched_now_shared(struct cpu *c, const struct vcpu *cur)
{
	return cur->sole && (__atomic_load_n(&c->runq_len, __ATOMIC_RELAXED) > 1 || sched_crowded());
}
/* Moves every vCPU of CPU cpu's queue to another CPU it may run on
 * (before cpu goes off). All or nothing: -EPERM, with a log line, if one
 * has nowhere to go. */
int sched_evacuate(unsigned cpu);

#endif
