/*
 * Runtime vectors. An exit from a guest goes to guest_exit (vm/switch.S);
 * every other exception saves a full frame (struct exc_frame) on the
 * current stack and calls exc_dispatch(frame, kind). If the handler
 * returns, the frame is restored and the exception returns.
 */
#include <exc/exception.h>
#include <boot/boot_params.h>
#include <arch/asm.h>
#include <generated/asm-offsets.h>

	/* Unwind info goes to .debug_frame (the image keeps no .eh_frame):
	 * it lets gdb walk from exc_dispatch() into the interrupted code
	 * when it reads a crash dump. */
	.cfi_sections .debug_frame

/* From a lower EL: a guest exit. SP_EL2 is where guest_enter left it;
 * the vCPU that ran is cpu->vcpu (TPIDR_EL2). With no vCPU (which armhv
 * never lets happen) it is an unexpected exception like any other. */
.macro vector kind
	.balign 128
.Lvector\@:
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #CPU_VCPU]
	.if \kind == (EXC_FROM_LOWER64 | EXC_SYNC)
	cbnz	x0, guest_sync_fast	/* vm/switch.S: the hottest calls (it sets x1) */
	.elseif \kind == (EXC_FROM_LOWER64 | EXC_IRQ) || \kind == (EXC_FROM_LOWER64 | EXC_FIQ)
	mov	x1, #\kind
	cbnz	x0, guest_irq_exit	/* vm/switch.S: saves only what C may clobber */
	.else
	mov	x1, #\kind
	cbnz	x0, guest_exit
	.endif
	ldp	x0, x1, [sp], #16
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
	check_ventry_size .Lvector\@
.endm

/* From EL2 itself: first check that a frame still fits above the stack's
 * base (struct cpu's stack_base, found through TPIDR_EL2); if not, the
 * stack overflowed into its guard page, and pushing the frame would fault
 * again, forever. SP_EL0, unused at EL2, holds x0 meanwhile. */
.macro vector_el2 kind
	.balign 128
.Lvector_el2\@:
	msr	sp_el0, x0
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #CPU_STACK_BASE]
	add	x0, x0, #(FRAME_SIZE + 16)
	cmp	sp, x0
	b.lo	stack_overflow
	mrs	x0, sp_el0
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
	check_ventry_size .Lvector_el2\@
.endm

	.text
	.balign 2048
FUNC(runtime_vectors)
	vector_el2 (EXC_FROM_SP0 | EXC_SYNC)
	vector_el2 (EXC_FROM_SP0 | EXC_IRQ)
	vector_el2 (EXC_FROM_SP0 | EXC_FIQ)
	vector_el2 (EXC_FROM_SP0 | EXC_SERROR)
	vector_el2 (EXC_FROM_SPX | EXC_SYNC)
	vector_el2 (EXC_FROM_SPX | EXC_IRQ)
	vector_el2 (EXC_FROM_SPX | EXC_FIQ)
	vector_el2 (EXC_FROM_SPX | EXC_SERROR)
	vector (EXC_FROM_LOWER64 | EXC_SYNC)
	vector (EXC_FROM_LOWER64 | EXC_IRQ)
	vector (EXC_FROM_LOWER64 | EXC_FIQ)
	vector (EXC_FROM_LOWER64 | EXC_SERROR)
	vector (EXC_FROM_LOWER32 | EXC_SYNC)
	vector (EXC_FROM_LOWER32 | EXC_IRQ)
	vector (EXC_FROM_LOWER32 | EXC_FIQ)
	vector (EXC_FROM_LOWER32 | EXC_SERROR)
ENDFUNC(runtime_vectors)

/* Stack overflow at EL2: continue on this CPU's emergency stack, which
 * ends where the guard page begins. x0 is in SP_EL0. */
FUNC(stack_overflow)
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #CPU_STACK_BASE]
	sub	x0, x0, #STACK_GUARD_SIZE	/* the emergency stack's top */
	add	sp, sp, x0		/* swap sp and x0 without a spare */
	sub	x0, sp, x0		/* register: x0 = the overflowed SP, */
	sub	sp, sp, x0		/* sp = the emergency stack */
	sub	sp, sp, #FRAME_SIZE
	str	x0, [sp, #FRAME_SP]
	mrs	x0, sp_el0
	stp	x0, x1, [sp, #0]
	mov	x1, #(EXC_FROM_SPX | EXC_SYNC | EXC_STACK_OVERFLOW)
	b	exception_common
ENDFUNC(stack_overflow)

/* In: x1 = kind, x0/x1 saved at [sp], sp = frame. */
FUNC(exception_common)
	.cfi_startproc
	.cfi_signal_frame
	save_x2_x29 sp
	str	x30, [sp, #FRAME_X30]
	tbnz	x1, #8, 1f		/* EXC_STACK_OVERFLOW: SP already saved */
	add	x2, sp, #FRAME_SIZE
	str	x2, [sp, #FRAME_SP]
1:
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #FRAME_ESR]
	/* A frame record so backtraces walk through the exception. */
	ldr	x2, [sp, #FRAME_ELR]
	stp	x29, x2, [sp, #-16]!
	mov	x29, sp
	/* For unwinders: the caller is the interrupted code, with the SP
	 * saved in the frame (CFA = *(x29 + 16 + FRAME_SP)), its x29 and
	 * its PC (the ELR) in the record at x29. */
	.cfi_escape 0x0f, 0x04, 0x8d, 0x88, 0x02, 0x06
	.cfi_escape 0x10, 29, 0x02, 0x8d, 0x00
	.cfi_escape 0x10, 30, 0x02, 0x8d, 0x08
	add	x0, sp, #16
	bl	exc_dispatch
	add	sp, sp, #16
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	restore_x2_x29 sp
	ldr	x30, [sp, #FRAME_X30]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
	.cfi_endproc
ENDFUNC(exception_common)

/* SMCCC call from EL2: x0-x3 in, x0 out (PSCI results fit in x0). */
FUNC(smc_call)
	smc	#0
	ret
ENDFUNC(smc_call)

/* crash_save_regs(struct cpu_regs *r): x0-x30, sp, pc (the return address,
 * i.e. where the caller stopped) and a PSTATE value for EL2h. Clobbers x1. */
FUNC(crash_save_regs)
	stp	x0, x1, [x0, #0]
	save_x2_x29 x0
	mov	x1, sp
	stp	x30, x1, [x0, #REGS_X30]
	str	x30, [x0, #REGS_PC]
	mrs	x1, nzcv
	orr	x1, x1, #0x3c0		/* DAIF masked */
	orr	x1, x1, #0x8		/* EL2 ... */
	orr	x1, x1, #0x1		/* ... with SP_EL2 (EL2h) */
	str	x1, [x0, #REGS_PSTATE]
	ret
ENDFUNC(crash_save_regs)
