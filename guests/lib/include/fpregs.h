/*
 * The FP/SIMD register file from C (fpregs.S): the library's C code never
 * touches these registers (-mgeneral-regs-only), so what fp_load() puts
 * there stays until fp_save() unless something outside the guest changes
 * it (used by the fpsimd and migrate guests).
 */
#ifndef GUEST_FPREGS_H
#define GUEST_FPREGS_H

#include <stdint.h>

struct fpstate {
	uint64_t q[32][2];	/* q0-q31: low, high 64 bits */
	uint64_t fpcr, fpsr;
};

void fp_load(const struct fpstate *s);
void fp_save(struct fpstate *s);
/* The low half of v17 becomes v, its high half zero. */
void fp_poke17(uint64_t v);

#endif
