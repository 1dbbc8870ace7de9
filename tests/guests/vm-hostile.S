/*
 * A hostile guest (for QEMU's virt machine directly and armhv VMs): ITERS
 * random operations from a fixed seed: HVC and SMC with random arguments,
 * loads and stores of every width at random offsets in the GIC's frames
 * and the virtio-mmio window and at random guest-physical addresses,
 * reads of random system registers and writes of random values to debug
 * and SGI registers (the instructions built at run time). Every
 * synchronous exception it gets back (UNDEFINED, external aborts,
 * alignment faults) is counted and stepped over. It must come out alive:
 * "vm-hostile: PASS" and SYSTEM_OFF. Calls that would end or stop it
 * (SYSTEM_OFF, SYSTEM_RESET, CPU_OFF, CPU_SUSPEND: no interrupt would
 * end it) and the UART's and ITS's frames are
 * left out, so that QEMU run directly stays a fair reference.
 */
#define GUEST_NAME	"vm-hostile"
#include "common.inc"

#define ITERS		100000
#define SEED		0x9e3779b97f4a7c15

	.text
	.globl	_start
_start:
	set_vectors
	ldr	x19, =SEED		/* xorshift64 state */
	ldr	x21, =ITERS
	mov	x22, #0			/* exceptions taken */
	adr	x23, insn_slot

loop:
	bl	rand
	and	x1, x0, #7
	adr	x2, ops
	ldrsw	x3, [x2, x1, lsl #2]	/* offsets are negative */
	add	x3, x2, x3
	br	x3
next:
	subs	x21, x21, #1
	b.ne	loop
	b	pass

/* The operations; x0 holds fresh random bits on entry. */
op_hvc:
	bl	rand_args
	hvc	#0
	b	next
op_smc:
	bl	rand_args
	smc	#0
	b	next
op_load:
	bl	rand_addr
	bl	rand
	and	x1, x0, #3
	cmp	x1, #0
	b.ne	1f
	ldrb	w2, [x9]
	b	next
1:	cmp	x1, #1
	b.ne	2f
	ldrh	w2, [x9]
	b	next
2:	cmp	x1, #2
	b.ne	3f
	ldr	w2, [x9]
	b	next
3:	ldr	x2, [x9]
	b	next
op_store:
	bl	rand_addr
	bl	rand
	mov	x2, x0
	bl	rand
	and	x1, x0, #3
	cmp	x1, #0
	b.ne	1f
	strb	w2, [x9]
	b	next
1:	cmp	x1, #1
	b.ne	2f
	strh	w2, [x9]
	b	next
2:	cmp	x1, #2
	b.ne	3f
	str	w2, [x9]
	b	next
3:	str	x2, [x9]
	b	next
op_mrs:
	/* MRS x2, <op0 2-3, op1, CRn, CRm, op2 random>: 0xd5300000 base. */
	bl	rand
	ldr	w1, =0x000fffe0
	and	w1, w0, w1
	ldr	w3, =0xd5300002
	orr	w1, w1, w3
	b	run_insn
op_msr:
	/* MSR to a debug register (op0 2: o0 = 0) or ICC_SGI1R_EL1. */
	bl	rand
	mov	x2, x0			/* the value */
	bl	rand
	tbz	x0, #0, 1f
	ldr	w1, =0xd518cba2		/* MSR ICC_SGI1R_EL1, x2 */
	b	run_insn
1:	ldr	w1, =0x0007ffe0
	and	w1, w0, w1
	ldr	w3, =0xd5100002		/* MSR op0=2 ..., x2 */
	orr	w1, w1, w3
	b	run_insn
op_wfe:
	sevl
	wfe				/* the event is set: returns at once */
	b	next

/* Runs the instruction in w1 (with x2 as its register) from a slot. */
run_insn:
	str	w1, [x23]
	dc	cvau, x23
	dsb	ish
	ic	ivau, x23
	dsb	ish
	isb
	blr	x23
	b	next

/* x0-x3 random, never a call that ends or stops this guest. */
rand_args:
	mov	x9, x30
	bl	rand
	mov	x10, x0
	bl	rand
	mov	x1, x0
	bl	rand
	mov	x2, x0
	bl	rand
	mov	x3, x0
	/* Half of the time a PSCI/SMCCC-looking function ID. */
	tbz	x10, #63, 1f
	ldr	x11, =0x4000001f	/* SMC64 bit and function 0-31 */
	and	x10, x10, x11
	ldr	x11, =0x84000000
	orr	x10, x10, x11
1:	and	x11, x10, #0xffffffffbfffffff	/* SMC32 or SMC64 alike */
	adr	x12, never
2:	ldr	w13, [x12], #4
	cbz	w13, 3f			/* not in the list */
	cmp	x11, x13
	b.ne	2b
	mov	x10, #0			/* harmless instead */
3:	mov	x0, x10
	ret	x9

/* The calls rand_args never makes, ending in 0. */
	.balign	4
never:
	.word	0x84000001		/* CPU_SUSPEND: may wait forever */
	.word	PSCI_CPU_OFF
	.word	PSCI_SYSTEM_OFF
	.word	PSCI_SYSTEM_RESET
	.word	0x8400000e		/* SYSTEM_SUSPEND */
	.word	0x84000012		/* SYSTEM_RESET2 */
	.word	0

/* x9 = a random address: in the GIC distributor, the redistributor and
 * beyond, the virtio-mmio window, or anywhere below 1 TiB outside RAM
 * (which starts at 0x40000000), the UART and the ITS excepted. */
rand_addr:
	mov	x8, x30
	bl	rand
	and	x1, x0, #3
	lsr	x0, x0, #8
	cmp	x1, #0
	b.ne	1f
	and	x9, x0, #0xffff
	ldr	x2, =0x08000000		/* GICD */
	b	9f
1:	cmp	x1, #1
	b.ne	2f
	and	x9, x0, #0x7ffff
	ldr	x2, =0x080a0000		/* GICR and past them */
	b	9f
2:	cmp	x1, #2
	b.ne	3f
	and	x9, x0, #0x3fff
	ldr	x2, =0x0a000000		/* virtio-mmio */
	b	9f
3:	and	x9, x0, #0xff8000000	/* 128 MiB steps below 64 GiB */
	ldr	x2, =0x40000000
	cmp	x9, x2
	b.ne	4f
	mov	x9, #0			/* not RAM: the flash hole instead */
4:	mov	x2, #0
9:	add	x9, x9, x2
	ret	x8

/* xorshift64 in x19; returns it in x0. */
rand:
	eor	x19, x19, x19, lsl #13
	eor	x19, x19, x19, lsr #7
	eor	x19, x19, x19, lsl #17
	mov	x0, x19
	ret

/* Any synchronous exception: count it, step over the instruction. */
sync:
	add	x22, x22, #1
	mrs	x24, elr_el1
	add	x24, x24, #4
	msr	elr_el1, x24
	eret
/* Anything else (an interrupt or SError it never enabled): report. */
other:
	adr	x0, msg_other
	b	fail

	.balign	4
ops:
	.word	op_hvc - ops, op_smc - ops, op_load - ops, op_store - ops
	.word	op_mrs - ops, op_msr - ops, op_load - ops, op_wfe - ops

	vector_table sync=sync, irq=other, other=other

	.ltorg
msg_other:	.asciz	"vm-hostile: FAIL an exception it never enabled\n"

	.data
	.balign	64
insn_slot:
	.word	0xd503201f		/* nop, overwritten */
	ret
