/* Stopping every CPU for a crash dump (cpu/stop.c, docs/lifecycle.md).
 *
 * One CPU claims the stop; every other CPU, wherever it waits or idles,
 * sees the claim through cpu_stop_check(), records its registers in its
 * struct cpu, and leaves armhv for good (cpu_leave()).
 */
#ifndef ARMHV_STOP_H
#define ARMHV_STOP_H

#include <arch/regs.h>

/* Claims the stop for this CPU. Returns -1 on success, or the index of
 * the CPU that already claimed it. */
int cpu_stop_claim(void);
/* Set once a CPU has claimed the stop (cpu/stop.c only writes it). */
extern volatile bool cpu_stop_flag;
/* Inline: every exit for the wake-up SGI asks. */
static inline bool cpu_stop_in_progress(void)
{
	return __atomic_load_n(&cpu_stop_flag, __ATOMIC_ACQUIRE);
}
/* If another CPU claimed the stop, records this CPU's registers (those
 * of the exception it is parked in when regs is given, else its own)
 * and leaves armhv. Returns if there is no stop. Called by every wait
 * loop. */
void cpu_stop_check(const struct cpu_regs *regs);
/* Records regs for this CPU and leaves armhv (a CPU that lost the race
 * to claim the stop). */
void __noreturn cpu_stop_this(const struct cpu_regs *regs);
/* The claiming CPU: records its own registers, kicks every other CPU and
 * waits (bounded) until each has recorded its registers. Reports the
 * CPUs that did not. */
void cpus_stop_others(const struct cpu_regs *own);

#endif
