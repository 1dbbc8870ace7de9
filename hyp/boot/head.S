/* The Linux arm64 Image header and the first instructions armhv runs.
 *
 * Contract (docs/boot-protocol.md): entered at EL2 (or EL1, to refuse),
 * MMU off, x0 = physical address of the device tree, x1-x3 = 0, the image
 * loaded 2 MiB-aligned and cleaned to the point of coherency, interrupts
 * masked. Everything here runs at the load PA and uses PC-relative
 * addressing only.
 */
#include <mm/layout.h>
#include <boot/boot_params.h>
#include <arch/sysreg.h>
#include <arch/asm.h>
#include <generated/asm-offsets.h>

	.section .head.text, "ax"
FUNC(_start)
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size, bss included */
	.quad	0xa			/* LE, 4 KiB pages, anywhere 2 MiB-aligned */
	.quad	0, 0, 0			/* res2-res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
ENDFUNC(_start)

FUNC(primary_entry)
	msr	daifset, #0xf
	mov	x19, x0			/* device tree PA */
	adr	x20, _start		/* image PA */
	mrs	x21, CurrentEL
	lsr	x21, x21, #2
	cmp	x21, #2
	b.eq	1f
	cmp	x21, #1
	b.eq	el1_entry
	b	park			/* EL3: nothing we can say safely */

1:	/* EL2: the stub owns VBAR_EL2 from the first instruction on. */
	msr	tpidr_el2, xzr		/* CPU 0, for the stub's register dump */
	adr_l	x0, stub_vectors
	msr	vbar_el2, x0
	isb				/* vectors in effect before anything can fault */
	ldr	x0, =SCTLR_EL2_MMU_OFF
	msr	sctlr_el2, x0
	isb
	bl	clear_bss
	adr_l	x0, cpu_stacks
	add	sp, x0, #STACK_TOP_OFFSET	/* CPU 0's stack, at its PA for now */
	mov	x0, x20
	mov	x1, x19
	mov	x2, #2
	bl	early_setup		/* builds the boot and runtime tables */
	cbnz	x0, park		/* no console yet: see docs/boot-protocol.md */
	bl	early_invalidate_image
	mov	x0, #0			/* the boot CPU is CPU 0 */
	b	init_enter
ENDFUNC(primary_entry)

/*
 * Entered at EL1: armhv cannot run, but says so. Enable the EL1 MMU with
 * the runtime table plus an identity map of the image (built for this
 * path only), then run C at the image VA to find the UART and print.
 */
FUNC(el1_entry)
	adr_l	x0, vectors_el1_refusal	/* PC-relative: its PA, MMU off */
	msr	vbar_el1, x0
	isb
	bl	clear_bss
	adr_l	x0, cpu_stacks
	add	sp, x0, #STACK_TOP_OFFSET
	mov	x0, x20
	mov	x1, x19
	mov	x2, #1
	bl	early_setup
	cbnz	x0, park
	bl	early_invalidate_image
	adr_l	x1, boot_params
	ldr	x0, [x1, #BP_MAIR]
	msr	mair_el1, x0
	ldr	x0, [x1, #BP_TCR_EL1]
	msr	tcr_el1, x0
	ldr	x0, [x1, #BP_RUNTIME_TTBR]
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1			/* nothing stale from the loader */
	dsb	nsh
	isb
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN: libfdt uses SIMD */
	msr	cpacr_el1, x0
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb				/* MMU on: still at the identity alias */
	ldr	x0, =cpu_stacks + STACK_TOP_OFFSET
	mov	sp, x0
	ldr	x1, =vectors_el1_refusal
	msr	vbar_el1, x1
	isb
	ldr	x1, =refuse_el1
	br	x1
ENDFUNC(el1_entry)

/* Zero .bss with aligned stores (MMU off: Device memory). */
FUNC(clear_bss)
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	ret
ENDFUNC(clear_bss)

/* Everything written with the MMU off went to memory; drop any stale
 * cached copy of the image (tables, stacks, bss) before caches are on. */
FUNC(early_invalidate_image)
	adr_l	x0, __image_start
	adr_l	x1, __image_end
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine, log2 words */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy			/* invalidation done before the MMU is on */
	ret
ENDFUNC(early_invalidate_image)

FUNC(park)
1:	wfe
	b	1b
ENDFUNC(park)

	.ltorg

/* Vectors for the EL1 refusal path: any exception there just stops. */
	.balign 2048
FUNC(vectors_el1_refusal)
	.rept 16
	.balign 128
	b	park
	.endr
ENDFUNC(vectors_el1_refusal)
