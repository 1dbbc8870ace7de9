/*
 * The world switch: entering a vCPU and coming back on its exit.
 *
 * Only the general registers, PC and PSTATE move here. The vCPU's EL1
 * system registers, timer and GIC interface stay loaded while it keeps
 * its CPU (vm/vcpu.c loads and saves them), so an exit that armhv handles
 * without switching vCPUs costs one register spill and one reload.
 */
#include <arch/asm.h>
#include <generated/asm-offsets.h>

/*
 * uint64_t guest_enter(struct vcpu_regs *regs)
 * In:  regs = the vCPU's general registers, PC and PSTATE (x0-x30 at
 *      [regs], then pc, pstate); this CPU's struct cpu names the vCPU
 *      (cpu->vcpu), and its EL1 state and stage-2 are loaded.
 * Out: on the vCPU's next exit, x0 = the exit kind (EXC_* of
 *      arch/esr.h); regs hold the guest's registers at the exit.
 * Clobbers: what a C call may; x19-x29, sp and x30 are kept on this
 *      CPU's stack meanwhile (SP_EL2 is not used by the guest, so the
 *      exit finds them where they were left).
 */
FUNC(guest_enter)
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	ldp	x1, x2, [x0, #VREGS_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	restore_x2_x29 x0
	ldr	x30, [x0, #VREGS_X30]
	ldp	x0, x1, [x0]
	eret
	dsb	nsh			/* no speculation past the eret */
	isb
ENDFUNC(guest_enter)

/*
 * The exit, reached from a lower-EL vector: x0 = the vCPU's registers
 * (struct vcpu_regs, found through TPIDR_EL2), x1 = the exit kind, the
 * guest's x0 and x1 pushed at [sp]. Saves the guest's registers, then
 * returns from guest_enter with x0 = the kind.
 */
FUNC(guest_exit)
	save_x2_x29 x0
	str	x30, [x0, #VREGS_X30]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VREGS_PC]
	mov	x0, x1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
ENDFUNC(guest_exit)
