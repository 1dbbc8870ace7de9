/*
 * Entry of every test guest. The boot CPU enters at _start at EL1 with the
 * MMU off and x0 = the device tree (QEMU's -kernel, an armhv VM); the
 * image starts with an arm64 Image header, so a loader may take it as an
 * Image (text_offset 0x80000) or as a raw binary: both put it at
 * 0x40080000. Secondaries enter at secondary_entry through PSCI CPU_ON
 * with x0 = their CPU index (cpu_start() in smp.c).
 */
#include "platform.h"

#define SCTLR_EL1_MMU_OFF	(0x30d00800 | (1 << 3) | (1 << 12))	/* RES1, SA, I */
#define CPACR_EL1_FPEN		(3 << 20)

	.section .text.head, "ax"
	.globl	_start
_start:
	b	entry			/* code0 */
	.long	0			/* code1 */
	.quad	IMAGE_BASE - RAM_BASE	/* text_offset */
	.quad	_image_size		/* image_size, bss and stacks included */
	.quad	2			/* flags: little endian, 4 KiB pages */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

entry:
	msr	daifset, #0xf
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	/* Linked at IMAGE_BASE and not position-independent: refuse to go on
	 * anywhere else (this much runs anywhere). */
	adr	x4, _start
	ldr	x5, =_start
	cmp	x4, x5
	b.ne	wrong_place
	bl	cpu_setup
	msr	tpidr_el1, xzr
	ldr	x4, =__stacks + STACK_SIZE
	mov	sp, x4
	ldr	x4, =__bss_start
	ldr	x5, =__bss_end
1:	cmp	x4, x5
	b.hs	2f
	stp	xzr, xzr, [x4], #16
	b	1b
2:	ldr	x4, =boot_args
	stp	x19, x20, [x4]
	stp	x21, x22, [x4, #16]
	mov	x29, xzr
	mov	x0, x19
	bl	early_setup		/* device tree, identity map, MMU on */
	bl	guest_start		/* does not return */
	b	park

	.text
/* CPU state every entry sets first: SP_EL1 selected, FP/SIMD usable at
 * EL1, the vectors, SCTLR_EL1 with the MMU off. Uses x4 only, no stack. */
cpu_setup:
	msr	spsel, #1		/* EL1h: SP is SP_EL1, as the vectors expect */
	mov	x4, #CPACR_EL1_FPEN
	msr	cpacr_el1, x4
	ldr	x4, =vectors
	msr	vbar_el1, x4
	ldr	x4, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x4
	isb
	ret

	.globl	secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	cpu_setup
	cmp	x19, #MAX_CPUS
	b.hs	park
	msr	tpidr_el1, x19
	/* The boot CPU wrote mmu_cfg with the MMU off, so memory holds it;
	 * nothing else (not even the stack) is touched before the MMU is on. */
	ldr	x0, =mmu_cfg
	bl	mmu_turn_on
	ldr	x4, =__stacks + STACK_SIZE
	mov	x5, #STACK_SIZE
	madd	x4, x19, x5, x4
	mov	sp, x4
	mov	x29, xzr
	mov	x0, x19
	bl	secondary_start		/* does not return */
park:
	wfe
	b	park

/* mmu_turn_on(cfg): MAIR, TCR, TTBR0, then SCTLR_EL1 (which may leave the
 * MMU off, see GUEST_MMU_OFF). Uses x0-x4 only, no stack. */
	.globl	mmu_turn_on
mmu_turn_on:
	ldp	x1, x2, [x0]
	ldp	x3, x4, [x0, #16]
	msr	mair_el1, x1
	msr	tcr_el1, x2
	msr	ttbr0_el1, x3
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x4
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

/* Loaded somewhere else: the result line on the UART, with PC-relative
 * addresses only, then PSCI SYSTEM_OFF over HVC. */
wrong_place:
	adr	x0, wrong_msg1
	bl	early_print
	adrp	x0, guest_name
	add	x0, x0, :lo12:guest_name
	bl	early_print
	adr	x0, wrong_msg2
	bl	early_print
	ldr	x0, =0x84000008
	hvc	#0
	b	park

/* early_print(x0): a string to the PL011, polled. Uses x0-x3. */
early_print:
	ldr	x1, =UART_BASE
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
2:	ldr	w3, [x1, #0x18]
	tbnz	w3, #5, 2b
	str	w2, [x1]
	b	1b
3:	ret

wrong_msg1:
	.asciz	"GUEST-TEST "
wrong_msg2:
	.asciz	": FAIL loaded at the wrong address (linked at 0x40080000)\r\n"
	.balign	4

	.section .bss.stacks, "aw", %nobits
	.balign	16
	.globl	__stacks
__stacks:
	.skip	MAX_CPUS * STACK_SIZE
