/*
 * A hostile guest (for QEMU's virt machine directly and armhv VMs): ITERS
 * random operations from a fixed seed: HVC and SMC with random arguments,
 * loads and stores of every width at random offsets in the GIC's frames
 * (the ITS's included) and the virtio-mmio window and at random
 * guest-physical addresses, reads of random system registers and writes
 * of random values to debug and SGI registers (the instructions built at
 * run time), and the ITS driven with random commands (op_its). Every
 * synchronous exception it gets back (UNDEFINED, external aborts,
 * alignment faults) is counted and stepped over. It must come out alive:
 * "vm-hostile: PASS" and SYSTEM_OFF. Calls that would end or stop it
 * (SYSTEM_OFF, SYSTEM_RESET, CPU_OFF, CPU_SUSPEND: no interrupt would
 * end it) and the UART's frame are left out, and what the ITS is given
 * to write (its tables, ITTs, LPI tables) is kept to a scratch area of
 * RAM, so that QEMU run directly, whose ITS writes its tables into guest
 * memory, stays a fair reference.
 */
#define GUEST_NAME	"vm-hostile"
#include "common.inc"

#define ITERS		100000
#define SEED		0x9e3779b97f4a7c15

#define ITS		0x08080000
#define GITS_CBASER	0x80
#define GITS_CWRITER	0x88
#define GITS_CREADR	0x90
#define GITS_BASER0	0x100
#define GITS_BASER1	0x108
#define GITS_TRANSLATER	0x10040
#define GICR_PROPBASER	0x70
#define GICR_PENDBASER	0x78
/* The ITS's memory, 16 MiB into RAM (the guest runs in its first MiB). */
#define ITS_Q		0x41000000	/* command queue, one 4 KiB page */
#define ITS_DT		0x41010000	/* device table, one page */
#define ITS_CT		0x41020000	/* collection table, one page */
#define ITS_ITT		0x41030000	/* 64 ITTs of up to 4 KiB */
#define LPI_PROP	0x41080000	/* LPI property table */
#define LPI_PEND	0x41090000	/* vCPU 0's LPI pending table */
#define VALID		0x8000000000000000

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

/* The ITS: the LPI tables set up and LPIs turned on (1 in 8), the ITS's
 * tables and queue given (1 in 8; the queue in RAM or anywhere), or 1-8
 * random commands queued and submitted (the rest); after that an MSI
 * through GITS_TRANSLATER and the acknowledge of whatever is pending. */
op_its:
	bl	rand			/* x0's low bits chose op_its */
	and	x1, x0, #7
	cbz	x1, its_lpis
	cmp	x1, #1
	b.eq	its_tables
	ldr	x10, =ITS
	ldr	x11, [x10, #GITS_CWRITER]
	and	x11, x11, #0xfe0	/* its offset in the queue's page */
	bl	rand
	and	x12, x0, #7
	add	x12, x12, #1
1:	ldr	x13, =ITS_Q
	add	x13, x13, x11
	/* DW0: an opcode from its_opcodes, DeviceID 0-63. */
	bl	rand
	and	x2, x0, #0xf
	adr	x3, its_opcodes
	ldrb	w14, [x3, x2]
	ubfx	x5, x0, #8, #6
	orr	x4, x14, x5, lsl #32
	str	x4, [x13]
	/* DW1: EventID (MAPD: Size) 0-7, pINTID 8192-9215; 1 in 8 random. */
	bl	rand
	and	x4, x0, #7
	ubfx	x5, x0, #8, #10
	add	x5, x5, #8192
	orr	x4, x4, x5, lsl #32
	tst	x0, #0x7000000000000000
	b.ne	2f
	bl	rand
	mov	x4, x0
2:	str	x4, [x13, #8]
	/* DW2: ICID 0-15, RDbase 0-1, V random; MAPD: one of the ITTs;
	 * 1 in 8 random (below 16 TiB). */
	bl	rand
	and	x4, x0, #0xf
	ubfx	x5, x0, #4, #1
	orr	x4, x4, x5, lsl #16
	cmp	x14, #0x08
	b.ne	3f
	ubfx	x5, x0, #8, #6
	ldr	x4, =ITS_ITT
	add	x4, x4, x5, lsl #12
3:	and	x5, x0, #VALID
	orr	x4, x4, x5
	tst	x0, #0x0700000000000000
	b.ne	4f
	bl	rand
	and	x4, x0, #0xfffffffffff
	and	x5, x0, #VALID
	orr	x4, x4, x5
4:	str	x4, [x13, #16]
	/* DW3: MOVALL's second RDbase, 0-1. */
	bl	rand
	and	x4, x0, #0x10000
	str	x4, [x13, #24]
	add	x11, x11, #32
	and	x11, x11, #0xfff
	subs	x12, x12, #1
	b.ne	1b
	dsb	st			/* the commands before CWRITER */
	str	x11, [x10, #GITS_CWRITER]
	ldr	x2, [x10, #GITS_CREADR]
	bl	rand
	and	w2, w0, #7
	ldr	x3, =ITS + GITS_TRANSLATER
	str	w2, [x3]
	mrs	x2, s3_0_c12_c12_0	/* ICC_IAR1_EL1 (interrupts stay masked) */
	cmp	x2, #1020
	b.lo	5f
	cmp	x2, #8192
	b.lo	next
5:	msr	s3_0_c12_c12_1, x2	/* ICC_EOIR1_EL1 */
	b	next

/* Property bytes (priority, enable) for LPIs 8192-9215 the commands use,
 * PROPBASER (16 ID bits) and vCPU 0's PENDBASER, EnableLPIs; Group 1 on
 * in the distributor and the CPU interface, every priority let through. */
its_lpis:
	ldr	x13, =LPI_PROP
	mov	x12, #1024 / 8
1:	bl	rand
	str	x0, [x13], #8
	subs	x12, x12, #1
	b.ne	1b
	ldr	x9, =GICR
	str	wzr, [x9]		/* EnableLPIs 0: the bases may change */
	ldr	x2, =LPI_PROP + 15
	str	x2, [x9, #GICR_PROPBASER]
	ldr	x2, =LPI_PEND
	str	x2, [x9, #GICR_PENDBASER]
	mov	w2, #1
	str	w2, [x9]
	mov	x2, #0xff
	msr	s3_0_c4_c6_0, x2	/* ICC_PMR_EL1 */
	mov	x2, #1
	msr	s3_0_c12_c12_7, x2	/* ICC_IGRPEN1_EL1 */
	ldr	x9, =GICD
	mov	w2, #0x12		/* ARE, EnableGrp1 */
	str	w2, [x9]
	b	next

/* The ITS disabled, its device and collection tables in RAM, the queue
 * in RAM or (half of the time) anywhere below 1 TiB with a random Valid,
 * then enabled. */
its_tables:
	ldr	x10, =ITS
	str	wzr, [x10]
	ldr	x2, =ITS_DT + VALID
	str	x2, [x10, #GITS_BASER0]
	ldr	x2, =ITS_CT + VALID
	str	x2, [x10, #GITS_BASER1]
	bl	rand
	ldr	x2, =ITS_Q + VALID
	tbz	x0, #0, 1f
	and	x2, x0, #0xfffffff000
	and	x3, x0, #VALID
	orr	x2, x2, x3
1:	str	x2, [x10, #GITS_CBASER]
	mov	w2, #1
	str	w2, [x10]
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
 * beyond, the ITS's frame (its control page more often), the
 * virtio-mmio window, or anywhere below 1 TiB outside RAM (which starts
 * at 0x40000000), the UART excepted. */
rand_addr:
	mov	x8, x30
	bl	rand
	and	x1, x0, #7
	lsr	x0, x0, #8
	cmp	x1, #1
	b.hi	1f
	and	x9, x0, #0xffff
	ldr	x2, =0x08000000		/* GICD */
	b	9f
1:	cmp	x1, #3
	b.hi	2f
	and	x9, x0, #0x7ffff
	ldr	x2, =0x080a0000		/* GICR and past them */
	b	9f
2:	cmp	x1, #4
	b.ne	5f
	and	x9, x0, #0x1ffff	/* the ITS's frame */
	tbz	x0, #20, 6f
	and	x9, x0, #0x1ff		/* its registers below 0x200 */
6:	ldr	x2, =ITS
	b	9f
5:	cmp	x1, #5
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
	.word	op_mrs - ops, op_msr - ops, op_its - ops, op_wfe - ops
its_opcodes:	/* MOVI, INT, CLEAR, SYNC, MAPD, MAPC, MAPTI, MAPI, INV, INVALL,
		 * MOVALL, DISCARD; MAPD, MAPTI and INT twice; GICv4's VMAPTI */
	.byte	0x01, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0a, 0x0b
	.byte	0x0c, 0x0d, 0x0e, 0x0f, 0x08, 0x0a, 0x03, 0x2a
	.balign	4

	vector_table sync=sync, irq=other, other=other

	.ltorg
msg_other:	.asciz	"vm-hostile: FAIL an exception it never enabled\n"

	.data
	.balign	64
insn_slot:
	.word	0xd503201f		/* nop, overwritten */
	ret
