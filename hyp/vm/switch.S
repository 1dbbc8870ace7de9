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
#include <arch/virt.h>

/*
 * enum exit_action guest_enter(struct vcpu_regs *regs)
 * In:  regs = the vCPU's general registers, PC and PSTATE (x0-x30 at
 *      [regs], then pc, pstate); this CPU's struct cpu names the vCPU
 *      (cpu->vcpu), and its EL1 state and stage-2 are loaded.
 * Out: when an exit is not resumed at once (vcpu_exit() says what to do
 *      instead): x0 = that action; regs hold the guest's registers.
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
guest_reenter:			/* x0 = regs; the frame above in place */
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
 * The hottest guest calls, answered at the exit vector (docs/hyp-abi.md,
 * "Guest exits"): reached from the lower-EL AArch64 synchronous vector
 * with x0 = the vCPU (its registers first), the guest's x0 and x1 pushed
 * at [sp]. An HVC #0 to PSCI_VERSION, SMCCC_VERSION or a function ID
 * armhv does not implement (anything outside PSCI's range, SMCCC's
 * VERSION and ARCH_FEATURES and armhv's own calls: vm/psci.c) gets its x0
 * and the guest goes on, counted as an HVC exit, with only x0-x3 touched
 * (x2 and x3 pushed meanwhile): nothing else of the guest's moves. Only
 * when vcpu_exit() would have had nothing else to do after such an exit
 * (vm/exit.c): no list register the guest emptied (ICH_ELRSR_EL2 against
 * lr_used), no vGIC change or underflow waiting, no virtual timer interrupt
 * the guest may still hold; anything else goes to guest_exit as before. A physical interrupt
 * that came meanwhile is taken as soon as the guest runs again.
 */
#define ICH_ELRSR_EL2	s3_4_c12_c11_5
#define PSCI_FN_BASE	0x84000000	/* PSCI's 32 functions, SMC32 form */
#define FN_64		0x40000000	/* the SMC64 form's bit */
#define SMCCC_VERSION	0x80000000	/* then ARCH_FEATURES */
#define ARMHV_CALLS	0x8600ff00	/* armhv's calls: ff00 to ff03 */

FUNC(guest_sync_fast)
	mrs	x1, esr_el2		/* x1: free until guest_exit's kind */
	tst	x1, #0xffff		/* HVC #0 only */
	b.ne	4f
	lsr	x1, x1, #26
	cmp	x1, #EC_HVC64
	b.ne	4f
	stp	x2, x3, [sp, #-16]!
	ldrb	w1, [x0, #VCPU_VGIC_DIRTY]
	ldrb	w2, [x0, #VCPU_VGIC_UNDERFLOW]
	orr	w1, w1, w2
	ldrb	w2, [x0, #VCPU_VTIMER_ACTIVE]
	orr	w1, w1, w2
	ldr	w2, [x0, #VCPU_VGIC_LR_USED]
	mrs	x3, ICH_ELRSR_EL2
	and	w2, w2, w3
	orr	w1, w1, w2
	cbnz	w1, 2f
	ldr	w1, [sp, #16]		/* the guest's w0: the function ID */
	ldr	x2, =GUEST_PSCI_VERSION_VALUE
	movz	w3, #(PSCI_FN_BASE >> 16), lsl #16
	cmp	w1, w3
	b.eq	3f
	ldr	x2, =GUEST_SMCCC_VERSION_VALUE
	movz	w3, #(SMCCC_VERSION >> 16), lsl #16
	cmp	w1, w3
	b.eq	3f
	bic	w2, w1, #FN_64		/* PSCI, either form */
	movz	w3, #(PSCI_FN_BASE >> 16), lsl #16
	sub	w2, w2, w3
	cmp	w2, #0x1f
	b.ls	2f
	movz	w3, #(SMCCC_VERSION >> 16), lsl #16
	sub	w2, w1, w3
	cmp	w2, #1
	b.ls	2f
	movz	w3, #(ARMHV_CALLS >> 16), lsl #16
	movk	w3, #(ARMHV_CALLS & 0xffff)
	sub	w2, w1, w3
	cmp	w2, #3
	b.ls	2f
	mov	x2, #-1			/* NOT_SUPPORTED */
3:	ldr	x1, [x0, #VCPU_VM]
	ldr	x3, [x1, #VM_EXITS_HVC]
	add	x3, x3, #1
	str	x3, [x1, #VM_EXITS_HVC]
	mov	x0, x2
	ldp	x2, x3, [sp], #16
	ldr	x1, [sp, #8]
	add	sp, sp, #16
	eret
	dsb	nsh			/* no speculation past the eret */
	isb
2:	ldp	x2, x3, [sp], #16
4:	mov	x1, #EXC_LOWER64_SYNC	/* the vector's kind */
	b	guest_exit
	.ltorg
ENDFUNC(guest_sync_fast)

/*
 * An interrupt exit, reached from the lower-EL AArch64 IRQ and FIQ
 * vectors as guest_exit is: handled by vcpu_exit() as any exit, but
 * with only the registers a C call may change saved first (x0-x18, x29,
 * x30, PC, PSTATE). Nothing an interrupt's handling does reads the
 * guest's x19-x28 from struct vcpu_regs, and vcpu_exit() gives them back
 * unchanged as the procedure-call standard wants, so on EXIT_RESUME they
 * are still in the registers; any other action stores them into
 * vcpu_regs before returning from guest_enter, so that the run loop finds
 * the full set there. (The vCPU is found again through TPIDR_EL2.)
 */
FUNC(guest_irq_exit)
	save_x2_x17 x0
	str	x18, [x0, #144]
	stp	x29, x30, [x0, #232]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VREGS_PC]
	mov	x29, sp			/* guest_enter's frame: backtraces go on */
	bl	vcpu_exit		/* (regs, kind) */
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #CPU_VCPU]	/* regs again */
	cbnz	w0, 1f			/* anything but EXIT_RESUME (an enum: w0) */
	ldp	x2, x3, [x1, #VREGS_PC]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	restore_x2_x17 x1
	ldr	x18, [x1, #144]
	ldp	x29, x30, [x1, #232]
	ldp	x0, x1, [x1]
	eret
	dsb	nsh			/* no speculation past the eret */
	isb
1:	save_x19_x28 x1		/* the rest of the guest's, for the run loop */
	b	guest_leave
ENDFUNC(guest_irq_exit)

/*
 * The exit, reached from a lower-EL vector: x0 = the vCPU's registers
 * (struct vcpu_regs, found through TPIDR_EL2), x1 = the exit kind, the
 * guest's x0 and x1 pushed at [sp]. Saves the guest's registers and
 * handles the exit in C right here, on guest_enter's frame: an exit to
 * resume at once re-enters the guest without going back to the run loop
 * (armhv's own x19-x29 stay where guest_enter put them); any other
 * action returns from guest_enter with it.
 */
FUNC(guest_exit)
	save_x2_x29 x0
	str	x30, [x0, #VREGS_X30]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VREGS_PC]
	mov	x19, x0
	mov	x29, sp			/* guest_enter's frame: backtraces go on */
	bl	vcpu_exit		/* (regs, kind) */
	cbnz	w0, guest_leave		/* anything but EXIT_RESUME (an enum: w0) */
	mov	x0, x19
	b	guest_reenter
guest_leave:			/* x0 = the action; back from guest_enter */
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
ENDFUNC(guest_exit)
