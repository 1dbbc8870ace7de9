/*
 * The smallest guest that checks a VM's platform, for QEMU's virt machine
 * at EL1 (where it must pass too) and an armhv VM alike: it prints on the
 * PL011, reads PSCI's version and an empty virtio-mmio transport, checks
 * that guest calls (PSCI_VERSION, SMCCC_VERSION, an unknown function:
 * the ones armhv answers at its exit vector) change x0 only, loads
 * from an address where nothing is and expects a synchronous external
 * abort, then powers off. Result line: "vm-smoke: PASS" or
 * "vm-smoke: FAIL <what>".
 */
#define GUEST_NAME	"vm-smoke"
#include "common.inc"

#define NOTHING		0x7ff00000	/* past RAM (at most 1 GiB here): nothing */
#define SMCCC_VERSION	0x80000000
#define UNKNOWN_FN	0x8600ab00	/* vendor hypervisor range, unused */

/* x1-x19 and x21-x30 (x20 is left out) hold value(n) across calls. */
#define REGS	1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,21,22,23,24,25,26,27,28,29,30
.macro fill_regs
	.irp	n, REGS
	mov	x\n, #(\n * 0x101)
	movk	x\n, #(0xa000 + \n), lsl #48
	.endr
.endm
.macro check_regs
	.irp	n, REGS
	mov	x0, #(\n * 0x101)
	movk	x0, #(0xa000 + \n), lsl #48
	cmp	x\n, x0
	b.ne	fail_regs
	.endr
.endm

	.text
	.globl	_start
_start:
	set_vectors
	adr	x0, msg_hello
	bl	puts

	/* PSCI 1.0 or later. */
	psci	PSCI_VERSION
	lsr	x1, x0, #16
	cbz	x1, fail_psci

	/* Guest calls change x0 only; an unknown one answers -1. */
	fill_regs
	ldr	x0, =PSCI_VERSION
	hvc	#0
	check_regs
	ldr	x0, =SMCCC_VERSION
	hvc	#0
	check_regs
	ldr	x0, =UNKNOWN_FN
	hvc	#0
	cmn	x0, #1
	b.ne	fail_regs
	check_regs
	ldr	x0, =(UNKNOWN_FN | 0x40000000)	/* its SMC64 form, */
	orr	x0, x0, #0xffffffff00000000	/* bits 63:32 set: ignored */
	hvc	#0
	cmn	x0, #1
	b.ne	fail_regs
	check_regs

	/* An empty virtio-mmio transport: magic "virt", device ID 0. */
	ldr	x1, =VIRTIO0
	ldr	w2, [x1]
	ldr	w3, =0x74726976
	cmp	w2, w3
	b.ne	fail_virtio
	ldr	w2, [x1, #8]
	cbnz	w2, fail_virtio

	/* Nothing there: a synchronous external abort (step_over sets x21
	 * to the ESR and steps over the load). */
	mov	x21, #0
	ldr	x1, =NOTHING
	ldr	w2, [x1]
	lsr	x3, x21, #26		/* EC */
	cmp	x3, #0x25		/* data abort, same EL */
	b.ne	fail_abort
	and	x3, x21, #0x3f		/* DFSC */
	cmp	x3, #0x10		/* synchronous external abort */
	b.ne	fail_abort

	b	pass

fail_regs:
	adr	x0, msg_fail_regs
	b	fail
fail_psci:
	adr	x0, msg_fail_psci
	b	fail
fail_virtio:
	adr	x0, msg_fail_virtio
	b	fail
fail_abort:
	adr	x0, msg_fail_abort
	b	fail

/* A synchronous exception at EL1: x21 = its ESR; step over the
 * instruction. */
step_over:
	mrs	x21, esr_el1
	mrs	x22, elr_el1
	add	x22, x22, #4
	msr	elr_el1, x22
	eret

	vector_table sync=step_over

	.ltorg
msg_hello:		.asciz	"vm-smoke: hello from the guest\n"
msg_fail_regs:		.asciz	"vm-smoke: FAIL a guest call changed a register other than x0, or an unknown one did not answer -1\n"
msg_fail_psci:		.asciz	"vm-smoke: FAIL PSCI version below 1.0\n"
msg_fail_virtio:	.asciz	"vm-smoke: FAIL virtio-mmio transport 0 is not an empty one\n"
msg_fail_abort:		.asciz	"vm-smoke: FAIL no synchronous external abort from an empty address\n"
