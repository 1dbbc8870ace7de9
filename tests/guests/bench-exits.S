/*
 * Exit costs, measured from inside a guest (bench/vm, docs/benchmarks.md):
 * N iterations each of an empty loop, an HVC to PSCI_VERSION, an HVC to a
 * function nobody implements, a read of GICD_IIDR and a read of the first
 * virtio-mmio transport's magic, timed with the virtual counter, and one
 * load from each of 8 blocks of RAM never touched before (first touch:
 * armhv zeroes and maps a 2 MiB block there). Under
 * QEMU's -icount shift=0 a counter tick is a fixed number of instructions,
 * so the figures are instructions, on QEMU directly and in an armhv VM.
 * Then, with the GIC set up and vCPU 1 started (waiting in WFI with
 * interrupts on): an SGI write that targets nobody (the send alone), a
 * write of the spurious INTID to ICC_EOIR1_EL1, an SGI to itself taken
 * and ended, an IPI round trip to vCPU 1 (send, vCPU 1 wakes, takes and
 * ends it, goes back to WFI, vCPU 0 sees its count move), and the virtual
 * timer. (A WFE is not measured: QEMU never traps one to EL2.)
 *
 * Built with SWITCH_ONLY (tests/guests/bench-switch.S), only the IPI
 * ping-pong runs: in an armhv VM whose vCPUs share one CPU, every WFI
 * there is a switch from one vCPU to the other.
 *
 * Timing is exact to a fraction of an instruction per operation: one
 * counter read before and one after N operations. The timer cannot be
 * timed so (its interrupt comes at a counter tick, so the instructions
 * after it are invisible to the counter): it fires at a fixed period
 * (CVAL += PERIOD in the handler) while the guest spins in a loop of 4
 * instructions counting iterations; every instruction of a period that
 * is not the loop's is the interrupt's: taking it, the handler, the
 * return (the spin count goes out as a fifth field). The timer handler
 * also times its EOI (a level interrupt: armhv learns of its end with a
 * maintenance interrupt) with the counter, starting 0 to 15 instructions
 * later on each of 16 interrupts in turn, so that the sum of the tick
 * differences over 16k interrupts is exactly 16k / 16 times the
 * instructions between the reads.
 *
 * Prints "bench-exits: start CNTPCT 0x1 FREQ" (the physical count at the
 * first instruction, for armhv's `bench vm`), then
 * "bench-exits: NAME TICKS N FREQ SPINS" per measurement (hexadecimal),
 * then "bench-exits: PASS". Needs 2 CPUs.
 */
#define GUEST_NAME	"bench-exits"
#include "common.inc"

#define GICD_IIDR	(GICD + 0x8)
#define UNKNOWN_FN	0x8600ab00	/* vendor hypervisor range, unused */
#define N		2000
#define NT		320		/* timer interrupts, a multiple of 16 */
#define PERIOD		8000		/* counter ticks between them */
#define FRESH_RAM	0x42800000	/* RAM + 40 MiB */
#define FRESH_BLOCKS	8

#define ICC_SRE_EL1	s3_0_c12_c12_5
#define ICC_PMR_EL1	s3_0_c4_c6_0
#define ICC_IGRPEN1_EL1	s3_0_c12_c12_7
#define ICC_IAR1_EL1	s3_0_c12_c12_0
#define ICC_EOIR1_EL1	s3_0_c12_c12_1
#define ICC_SGI1R_EL1	s3_0_c12_c11_5
#define SGI1R_TO(cpu)	((1 << 24) | (1 << (cpu)))	/* SGI 1, Aff0 = cpu */

/* Shared words (at `data`). */
#define D_IRQS		0	/* SGIs taken, per CPU (8 bytes each) */
#define D_TICKS		16	/* timer interrupts taken */
#define D_CVAL		24	/* the timer's next compare value */
#define D_EOI		32	/* counter ticks spent in the timer's EOIs */
#define D_UP		40	/* vCPU 1 is up */
#define D_LATE		48	/* the timer was re-armed in the past */

	.text
	.globl	_start
_start:
	mrs	x28, cntpct_el0		/* first: armhv's `bench vm` reads it */
	mrs	x26, cntfrq_el0
	mov	x27, #0			/* the fifth field of report */
	adr	x0, name_start
	mov	x24, #0
	mov	x25, x28
	bl	report_n1

#ifndef SWITCH_ONLY
	/* The loop alone. */
	ldr	x19, =N
	isb
	mrs	x24, cntvct_el0
1:	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_loop
	bl	report

	ldr	x19, =N
	isb
	mrs	x24, cntvct_el0
1:	ldr	x0, =PSCI_VERSION
	hvc	#0
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_hvc_version
	bl	report

	ldr	x19, =N
	isb
	mrs	x24, cntvct_el0
1:	ldr	x0, =UNKNOWN_FN
	hvc	#0
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_hvc_unknown
	bl	report

	ldr	x19, =N
	ldr	x21, =GICD_IIDR
	isb
	mrs	x24, cntvct_el0
1:	ldr	w0, [x21]
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_gicd
	bl	report

	ldr	x19, =N
	ldr	x21, =VIRTIO0
	isb
	mrs	x24, cntvct_el0
1:	ldr	w0, [x21]
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_virtio
	bl	report

	/* A load from each of 8 blocks of 2 MiB not touched yet (nothing
	 * is loaded from RAM + 40 MiB on in a 64 MiB VM): in an armhv VM
	 * each is zeroed and mapped at that load (hyp/vm/ram.c). */
	mov	x19, #FRESH_BLOCKS
	ldr	x21, =FRESH_RAM
	isb
	mrs	x24, cntvct_el0
1:	ldr	x0, [x21]
	add	x21, x21, #0x200000
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	mov	x19, #FRESH_BLOCKS
	adr	x0, name_first_touch
	bl	report_count

#endif
	bl	gic_setup		/* this CPU's interface and redistributor */
	ldr	x1, =GICD
	mov	w2, #0x12		/* ARE, EnableGrp1 */
	str	w2, [x1]
	/* vCPU 1: up, waiting in WFI with interrupts on. */
	ldr	x0, =PSCI_CPU_ON
	mov	x1, #1
	adr	x2, secondary
	mov	x3, #0
	hvc	#0
	cbnz	x0, bench_fail
	adr	x21, data
1:	wfe				/* QEMU: the other CPU's turn */
	ldr	x2, [x21, #D_UP]
	cbz	x2, 1b
	msr	daifclr, #2		/* IRQs on */

#ifndef SWITCH_ONLY
	/* An SGI that targets nobody: the send alone. */
	ldr	x19, =N
	mov	x3, #(1 << 24)		/* SGI 1, empty target list */
	isb
	mrs	x24, cntvct_el0
1:	msr	ICC_SGI1R_EL1, x3
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_sgi_send
	bl	report

	/* EOI of the spurious INTID: no interrupt ends, nothing changes. */
	ldr	x19, =N
	mov	x3, #1023
	isb
	mrs	x24, cntvct_el0
1:	msr	ICC_EOIR1_EL1, x3
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_eoi_spurious
	bl	report

	/* SGI 1 to itself, taken and ended by the handler, N times. */
	ldr	x19, =N
	ldr	x2, [x21, #D_IRQS]
	ldr	x3, =SGI1R_TO(0)
	isb
	mrs	x24, cntvct_el0
1:	msr	ICC_SGI1R_EL1, x3
	add	x2, x2, #1
2:	ldr	x4, [x21, #D_IRQS]
	cmp	x4, x2
	b.ne	2b
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_sgi_self
	bl	report

#endif
	/* IPI ping-pong: SGI 1 to vCPU 1, waiting in WFI; its handler
	 * sends SGI 1 back; vCPU 0 waits in WFI for it (interrupts masked
	 * while it looks, so that none comes between the look and the WFI).
	 * Two IPIs per round, each to a vCPU in WFI. */
	ldr	x19, =N
	ldr	x2, [x21, #D_IRQS]
	ldr	x3, =SGI1R_TO(1)
	isb
	mrs	x24, cntvct_el0
1:	msr	ICC_SGI1R_EL1, x3
	add	x2, x2, #1
	msr	daifset, #2
2:	ldr	x4, [x21, #D_IRQS]
	cmp	x4, x2
	b.eq	3f
	wfi
	msr	daifclr, #2		/* the reply is taken here */
	msr	daifset, #2
	b	2b
3:	msr	daifclr, #2
	subs	x19, x19, #1
	b.ne	1b
	isb
	mrs	x25, cntvct_el0
	adr	x0, name_ipi
	bl	report

#ifndef SWITCH_ONLY
	/* The virtual timer, NT interrupts PERIOD ticks apart, while this
	 * CPU spins counting (x27: 4 instructions per iteration). */
	str	xzr, [x21, #D_TICKS]
	str	xzr, [x21, #D_EOI]
	mov	x27, #0
	isb
	mrs	x24, cntvct_el0
	ldr	x3, =PERIOD
	add	x2, x24, x3
	str	x2, [x21, #D_CVAL]
	msr	cntv_cval_el0, x2
	mov	x2, #1
	msr	cntv_ctl_el0, x2	/* enabled, not masked */
	isb
1:	add	x27, x27, #1
	ldr	x2, [x21, #D_TICKS]
	cmp	x2, #NT
	b.lo	1b
	isb
	mrs	x25, cntvct_el0
	msr	cntv_ctl_el0, xzr
	isb
	ldr	x19, =NT
	adr	x0, name_vtimer
	bl	report_count
	mov	x27, #0
	mov	x24, #0
	ldr	x25, [x21, #D_EOI]
	adr	x0, name_eoi_level
	bl	report_count
#endif

	msr	daifset, #2
	ldr	x2, [x21, #D_LATE]
	cbnz	x2, bench_fail
	b	pass			/* "bench-exits: PASS", then off */

bench_fail:
	adr	x0, msg_fail
	b	fail

/* vCPU 1: its GIC interface, then WFI forever with interrupts on. */
secondary:
	bl	gic_setup
	adr	x21, data
	mov	x2, #1
	str	x2, [x21, #D_UP]
	sev
	msr	daifclr, #2
1:	wfi
	b	1b

/* gic_setup: VBAR_EL1, this CPU's redistributor awake with SGI 1 and
 * PPI 27 in group 1 at priority 0x80 and enabled, its CPU interface on.
 * Clobbers x0-x3. */
gic_setup:
	set_vectors
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	ldr	x1, =GICR
	add	x1, x1, x0, lsl #17	/* vCPU n's frames at GICR + n * 0x20000 */
	ldr	w2, [x1, #0x14]		/* GICR_WAKER */
	bic	w2, w2, #2		/* ProcessorSleep */
	str	w2, [x1, #0x14]
1:	ldr	w2, [x1, #0x14]
	tbnz	w2, #2, 1b		/* ChildrenAsleep */
	add	x1, x1, #0x10000	/* SGI frame */
	ldr	w2, =((1 << 1) | (1 << 27))
	str	w2, [x1, #0x80]		/* IGROUPR0 */
	mov	w3, #0x80
	strb	w3, [x1, #0x401]	/* IPRIORITYR: INTID 1 */
	strb	w3, [x1, #0x41b]	/* INTID 27 */
	str	w2, [x1, #0x100]	/* ISENABLER0 */
	mrs	x2, ICC_SRE_EL1
	orr	x2, x2, #1
	msr	ICC_SRE_EL1, x2
	isb
	mov	x2, #0xff
	msr	ICC_PMR_EL1, x2
	mov	x2, #1
	msr	ICC_IGRPEN1_EL1, x2
	isb
	ret

/* IRQ at EL1 with SP_EL1; x9-x15 are the handler's (the measured code
 * does not use them). SGI 1: counted per CPU. PPI 27: the timer, re-armed
 * PERIOD ticks after its last compare value, its EOI timed. */
irq:
	mrs	x9, ICC_IAR1_EL1
	adr	x10, data
	cmp	x9, #27
	b.eq	2f
	cmp	x9, #1020
	b.hs	9f			/* spurious: nothing to end */
	msr	ICC_EOIR1_EL1, x9
	mrs	x12, mpidr_el1
	and	x12, x12, #0xff
	add	x12, x10, x12, lsl #3
	ldr	x11, [x12, #D_IRQS]
	add	x11, x11, #1
	str	x11, [x12, #D_IRQS]
	cmp	x12, x10
	b.eq	9f
	ldr	x11, =SGI1R_TO(0)	/* vCPU 1 answers vCPU 0 */
	msr	ICC_SGI1R_EL1, x11
9:	eret
2:	ldr	x11, [x10, #D_CVAL]
	ldr	x13, =PERIOD
	add	x11, x11, x13
	str	x11, [x10, #D_CVAL]
	msr	cntv_cval_el0, x11	/* the line goes down */
	mrs	x13, cntvct_el0
	cmp	x11, x13
	b.hi	4f
	str	x11, [x10, #D_LATE]	/* PERIOD is too short to measure */
4:	ldr	x12, [x10, #D_TICKS]
	add	x12, x12, #1
	str	x12, [x10, #D_TICKS]
	/* 0 to 15 NOPs, then the timed EOI. */
	and	x13, x12, #15
	adr	x14, 3f
	sub	x14, x14, x13, lsl #2
	br	x14
	.rept	15
	nop
	.endr
3:	isb
	mrs	x13, cntvct_el0
	msr	ICC_EOIR1_EL1, x9
	isb
	mrs	x14, cntvct_el0
	sub	x14, x14, x13
	ldr	x15, [x10, #D_EOI]
	add	x15, x15, x14
	str	x15, [x10, #D_EOI]
	eret

/* report(x0 = name): "bench-exits: NAME TICKS N FREQ SPINS\n" with
 * TICKS = x25 - x24, N as defined, SPINS = x27; report_count: N = x19;
 * report_n1: N = 1. Clobbers x0-x4, x22; x30 kept in x23. */
report_n1:
	mov	x19, #1
	b	report_count
report:
	ldr	x19, =N
report_count:
	mov	x23, x30
	mov	x22, x0
	adr	x0, msg_prefix
	bl	puts
	mov	x0, x22
	bl	puts
	sub	x0, x25, x24
	bl	puthex
	mov	x0, x19
	bl	puthex
	mov	x0, x26
	bl	puthex
	mov	x0, x27
	bl	puthex
	mov	w0, #'\n'
	bl	putc
	ret	x23

/* The EL1 vector table: an IRQ at EL1 with SP_EL1 goes to irq, anything
 * else is unexpected. Only the current-EL half: lower ELs never run, and
 * common.inc's vector_table (all 16 entries) would add 1 KiB to the
 * image, which `bench vm` copies at VM create (a figure it times). */
	.balign	2048
vectors:
	.rept	5			/* SP_EL0: all four; SP_EL1: sync */
	vector_entry unexpected
	.endr
	vector_entry irq		/* SP_EL1: IRQ */
	vector_entry unexpected		/* FIQ */
	vector_entry unexpected		/* SError */

	.balign	8
data:	.fill	8, 8, 0

	.ltorg
msg_prefix:		.asciz	"bench-exits: "
name_loop:		.asciz	"loop"
name_hvc_version:	.asciz	"hvc-psci-version"
name_hvc_unknown:	.asciz	"hvc-unknown"
name_gicd:		.asciz	"mmio-gicd-iidr"
name_virtio:		.asciz	"mmio-virtio-magic"
name_start:		.asciz	"start"
name_sgi_send:		.asciz	"sgi-send"
name_eoi_spurious:	.asciz	"eoi-spurious"
name_sgi_self:		.asciz	"sgi-self"
name_ipi:		.asciz	"ipi-pingpong"
name_vtimer:		.asciz	"vtimer"
name_eoi_level:		.asciz	"eoi-level"
name_first_touch:	.asciz	"ram-first-touch"
msg_fail:		.asciz	"bench-exits: FAIL\n"
