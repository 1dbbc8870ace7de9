/* Taking an exception to a guest's EL1, as the hardware would
 * (Arm ARM D1.10): the return state in ELR_EL1/SPSR_EL1, the syndrome in
 * ESR_EL1 (and FAR_EL1), then EL1h with DAIF masked at the vector. */
#include <vm/inject.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

#define FSC_SEA		0x10	/* synchronous external abort, not on a walk */

/* Offsets of the synchronous vectors from VBAR_EL1. */
#define VEC_CUR_SP0	0x000
#define VEC_CUR_SPX	0x200
#define VEC_LOWER64	0x400

static void take(struct vcpu *v, uint64_t esr)
{
	uint64_t mode = v->regs.pstate & PSR_MODE_MASK;
	uint64_t off = mode == PSR_MODE_EL1H ? VEC_CUR_SPX :
		       mode == PSR_MODE_EL1T ? VEC_CUR_SP0 : VEC_LOWER64;

	write_sysreg(elr_el1, v->regs.pc);
	write_sysreg(spsr_el1, v->regs.pstate);
	write_sysreg(esr_el1, esr);
	v->regs.pc = read_sysreg(vbar_el1) + off;
	v->regs.pstate = PSR_DAIF | PSR_MODE_EL1H;
}

static bool from_el0(const struct vcpu *v)
{
	return (v->regs.pstate & PSR_MODE_MASK) == PSR_MODE_EL0T;
}

void inject_external_abort(struct vcpu *v, bool ifetch, bool write, uint64_t va)
{
	unsigned ec = ifetch ? (from_el0(v) ? EC_IABT_LOW : EC_IABT_CUR)
			     : (from_el0(v) ? EC_DABT_LOW : EC_DABT_CUR);

	write_sysreg(far_el1, va);
	take(v, ((uint64_t)ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA |
		(write && !ifetch ? ISS_WNR : 0));
}

void inject_undef(struct vcpu *v)
{
	take(v, ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL);
}
