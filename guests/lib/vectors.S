/*
 * EL1 exception vectors: every entry saves a struct exc_frame (exc.h) on
 * the current stack and calls exc_dispatch(frame, kind); the frame's ELR,
 * SPSR and x0-x30 are restored on the way out, so a handler may change
 * them. Also the unwinding half of exc_try() and the memory probes.
 */
#define FRAME_SIZE	288	/* x0-x30, sp, elr, spsr, esr, far */

.macro ventry kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	exc_entry
.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	ventry	0	/* current EL, SP_EL0: sync */
	ventry	1	/* irq */
	ventry	2	/* fiq */
	ventry	3	/* serror */
	ventry	4	/* current EL, SP_ELx: sync */
	ventry	5
	ventry	6
	ventry	7
	ventry	8	/* lower EL, AArch64 */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

exc_entry:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x1, sp, #FRAME_SIZE
	stp	x30, x1, [sp, #240]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #256]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #272]
	/* A frame record (x29, ELR), so that a backtrace goes on through the
	 * interrupted code. */
	ldr	x1, [sp, #256]
	stp	x29, x1, [sp, #-16]!
	mov	x29, sp
	mov	x1, x0
	add	x0, sp, #16
	bl	exc_dispatch
	add	sp, sp, #16
	ldp	x1, x2, [sp, #256]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret

/*
 * uint64_t exc_try_call(struct exc_jmp *jb, void (*fn)(void *), void *arg):
 * saves the callee-saved registers and SP in jb, calls fn(arg), returns 0.
 * If fn takes an exception that exc_dispatch() catches, the handler
 * returns to exc_try_landing with x0 = jb, x1 = ESR instead, which makes
 * exc_try_call return the ESR.
 */
	.globl	exc_try_call
exc_try_call:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x3, sp
	str	x3, [x0, #96]
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	mov	x3, x1
	mov	x0, x2
	blr	x3
	ldp	x29, x30, [sp], #16
	mov	x0, #0
	ret

	.globl	exc_try_landing
exc_try_landing:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x3, [x0, #96]
	mov	sp, x3
	mov	x0, x1
	ret

/*
 * Single accesses at known instructions, for tests that expect an abort
 * at exactly that instruction (ELR). probe_read{8,16,32,64}(addr) return
 * the value; probe_write{8,16,32,64}(addr, value).
 */
.macro probe name, insn
	.globl	\name, \name\()_insn
\name:
\name\()_insn:
	\insn
	ret
.endm
	probe	probe_read8,   "ldrb w0, [x0]"
	probe	probe_read16,  "ldrh w0, [x0]"
	probe	probe_read32,  "ldr w0, [x0]"
	probe	probe_read64,  "ldr x0, [x0]"
	probe	probe_write8,  "strb w1, [x0]"
	probe	probe_write16, "strh w1, [x0]"
	probe	probe_write32, "str w1, [x0]"
	probe	probe_write64, "str x1, [x0]"
