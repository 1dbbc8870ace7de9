/*
 * Interrupts through a GICv3, for QEMU's virt machine at EL1 and an armhv
 * VM alike: the guest sets up the distributor, its redistributor and the
 * CPU interface, sends itself SGI 1 through ICC_SGI1R_EL1 and takes it
 * once, then takes 10 ticks of its virtual timer (PPI 11, INTID 27) at
 * 100 Hz, checking that each came no earlier than programmed; then it
 * waits for an interrupt while its timer is off and one 50 ms away, and
 * powers off. Result line: "vm-timer: PASS" or "vm-timer: FAIL <what>".
 */
#define GUEST_NAME	"vm-timer"
#include "common.inc"

#define GICR_SGI	(GICR + 0x10000)	/* vCPU 0's SGI frame */
#define GICR_WAKER	(GICR + 0x14)
#define TICKS		10

#define ICC_SRE_EL1	s3_0_c12_c12_5
#define ICC_PMR_EL1	s3_0_c4_c6_0
#define ICC_IGRPEN1_EL1	s3_0_c12_c12_7
#define ICC_IAR1_EL1	s3_0_c12_c12_0
#define ICC_EOIR1_EL1	s3_0_c12_c12_1
#define ICC_SGI1R_EL1	s3_0_c12_c11_5

/* Registers: x19 SGIs taken, x20 timer ticks taken, x21 the counter
 * value the next tick may not come before, x22 the period, x23 a bad
 * interrupt seen, x24 a tick came early; x9-x12 belong to the handler. */
	.text
	.globl	_start
_start:
	set_vectors
	mov	x19, #0
	mov	x20, #0
	mov	x23, #0
	mov	x24, #0

	/* Distributor: affinity routing, group 1 on. */
	ldr	x1, =GICD
	mov	w2, #0x12		/* ARE, EnableGrp1 */
	str	w2, [x1]
	/* Redistributor awake. */
	ldr	x1, =GICR_WAKER
	ldr	w2, [x1]
	bic	w2, w2, #2		/* ProcessorSleep */
	str	w2, [x1]
1:	ldr	w2, [x1]
	tbnz	w2, #2, 1b		/* ChildrenAsleep */
	/* SGI 1 and PPI 27: group 1, priority 0x80, enabled. */
	ldr	x1, =GICR_SGI
	ldr	w2, =((1 << 1) | (1 << 27))
	str	w2, [x1, #0x80]		/* IGROUPR0 */
	mov	w3, #0x80
	strb	w3, [x1, #0x401]	/* IPRIORITYR: INTID 1 */
	strb	w3, [x1, #0x41b]	/* INTID 27 */
	str	w2, [x1, #0x100]	/* ISENABLER0 */
	/* CPU interface. */
	mrs	x2, ICC_SRE_EL1
	orr	x2, x2, #1
	msr	ICC_SRE_EL1, x2
	isb
	mov	x2, #0xff
	msr	ICC_PMR_EL1, x2
	mov	x2, #1
	msr	ICC_IGRPEN1_EL1, x2
	isb
	msr	daifclr, #2		/* IRQs on */

	/* SGI 1 to ourselves (Aff0 = 0: target list bit 0). */
	ldr	x2, =((1 << 24) | 1)
	msr	ICC_SGI1R_EL1, x2
	isb
	ldr	x3, =100000
2:	cbnz	x19, 3f
	subs	x3, x3, #1
	b.ne	2b
3:	cmp	x19, #1
	b.ne	fail_sgi

	/* The virtual timer at 100 Hz. */
	mrs	x22, cntfrq_el0
	mov	x2, #100
	udiv	x22, x22, x2
	mrs	x21, cntvct_el0
	add	x21, x21, x22
	msr	cntv_tval_el0, x22
	mov	x2, #1
	msr	cntv_ctl_el0, x2	/* enabled, not masked */
	isb
4:	wfi
	cbnz	x23, fail_irq
	cbnz	x24, fail_early
	cmp	x20, #TICKS
	b.lo	4b
	msr	cntv_ctl_el0, xzr	/* timer off */
	isb

	/* A WFI with the timer 50 ms away: the tick must wake it. */
	mov	x2, #5
	mul	x22, x22, x2
	mrs	x21, cntvct_el0
	add	x21, x21, x22
	mov	x25, x20
	msr	cntv_tval_el0, x22
	mov	x2, #1
	msr	cntv_ctl_el0, x2
	isb
5:	wfi
	cmp	x20, x25
	b.eq	5b
	cbnz	x24, fail_early
	msr	cntv_ctl_el0, xzr
	b	pass

fail_sgi:
	adr	x0, msg_fail_sgi
	b	fail
fail_irq:
	adr	x0, msg_fail_irq
	b	fail
fail_early:
	adr	x0, msg_fail_early
	b	fail

/* IRQ at EL1 with SP_EL1: acknowledge, count, end. */
irq:
	mrs	x9, ICC_IAR1_EL1
	and	x10, x9, #0xffffff
	cmp	x10, #1
	b.ne	1f
	add	x19, x19, #1
	b	9f
1:	cmp	x10, #27
	b.ne	2f
	mrs	x11, cntvct_el0
	cmp	x11, x21
	b.hs	3f
	mov	x24, #1			/* before its time */
3:	add	x20, x20, #1
	add	x21, x11, x22
	msr	cntv_tval_el0, x22	/* the next tick */
	b	9f
2:	cmp	x10, #1020
	b.hs	8f			/* spurious: nothing to end */
	mov	x23, x10
9:	msr	ICC_EOIR1_EL1, x9
8:	eret

	vector_table irq=irq

	.ltorg
msg_fail_sgi:		.asciz	"vm-timer: FAIL SGI 1 to itself not taken exactly once\n"
msg_fail_irq:		.asciz	"vm-timer: FAIL an interrupt it did not enable\n"
msg_fail_early:		.asciz	"vm-timer: FAIL a timer interrupt before its time\n"
