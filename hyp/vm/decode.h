/* Decoding the load or store that faulted when the hardware could not
 * describe it (ESR_EL2.ISV clear): the writeback and pair forms of A64
 * loads and stores (Arm ARM C4.1.66, C6.2). Pure logic, host-tested. */
#ifndef ARMHV_DECODE_H
#define ARMHV_DECODE_H

#include <arch/types.h>

struct ls_insn {
	bool load;
	bool pair;		/* LDP/STP/LDPSW: Rt and Rt2 */
	bool sign_extend;	/* LDRSx, LDPSW */
	bool dest64;		/* the register is 64-bit (Xt) */
	unsigned size;		/* bytes per element: 1, 2, 4 or 8 */
	unsigned rt, rt2, rn;	/* rn 31 is SP */
	bool writeback;		/* Rn += offset afterwards */
	bool post_index;	/* access at Rn, not Rn + offset */
	int64_t offset;		/* bytes */
};

/* Decodes insn; false if it is not a general-register load or store of a
 * form decoded here (SIMD/FP, exclusive, atomic, or a form that always
 * has ISV set). */
bool decode_ls(uint32_t insn, struct ls_insn *d);

#endif
