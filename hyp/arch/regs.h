/* A CPU's general registers as a crash dump records them. */
#ifndef ARMHV_REGS_H
#define ARMHV_REGS_H

#include <arch/types.h>

struct cpu_regs {
	uint64_t x[31];
	uint64_t sp, pc, pstate;
};

/* Saves the caller's registers (x0-x30, sp, pc = return address;
 * exc/vectors.S). */
void crash_save_regs(struct cpu_regs *r);

#endif
