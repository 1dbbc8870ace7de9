/*
 * The trampoline region (seed 03): stub vectors, init vectors, the code
 * that moves a CPU between the boot and runtime tables in either
 * direction, the stub's continuations (PSCI calls made with the MMU off),
 * and the init-parameter block. The region is mapped three times: at its
 * PA (identity, boot table only), at TRAMPOLINE_VA (both tables) and as
 * part of the image (runtime table). Everything here addresses memory
 * PC-relatively, so it works from each alias.
 */
#include <mm/layout.h>
#include <boot/boot_params.h>
#include <arch/sysreg.h>
#include <arch/asm.h>
#include <drivers/psci.h>
#include <drivers/pl011.h>
#include <generated/asm-offsets.h>


#define KIND_SYNC	0
#define KIND_IRQ	1
#define KIND_FIQ	2
#define KIND_SERROR	3

	.section .idmap.text, "ax"
	.balign 4096
FUNC(__idmap_text_start)

/* x0 = this CPU's struct cpu_boot (current alias), x1 = index. Clobbers x2. */
.macro cpu_boot_ptr, reg, idx
	adr	\reg, boot_params
	add	\reg, \reg, #BP_CPU
	add	\reg, \reg, \idx, lsl #CB_SHIFT
.endm

/* Records the stage, with the MMU on or off. Clean+invalidate first so
 * that no dirty cached copy of the line (written while caches were on) can
 * later overwrite the store, and again after it so that readers with
 * caches on fetch it from memory. */
.macro set_stage, cb, stage, tmp
	dc	civac, \cb
	dsb	sy
	mov	\tmp, #\stage
	str	\tmp, [\cb, #CB_STAGE]
	dc	civac, \cb
	dsb	sy			/* stage visible before we go on */
.endm

/*
 * An early vector: save x0-x30 in this CPU's early_save slot (TPIDR_EL2
 * holds the CPU index in the stub and init stages), then report. No stack
 * is needed: SP_EL0 and TPIDRRO_EL0, which armhv never uses otherwise,
 * hold x0 and x1 for the few instructions it takes to free them.
 */
.macro early_vector kind, stage
	.balign 128
.Learly_vector\@:
	msr	sp_el0, x0
	msr	tpidrro_el0, x1
	adr	x0, early_save
	mrs	x1, tpidr_el2
	and	x1, x1, #(NR_CPUS - 1)
	add	x0, x0, x1, lsl #8
	save_x2_x29 x0
	str	x30, [x0, #REGS_X30]
	mrs	x1, sp_el0
	str	x1, [x0, #0]
	mrs	x1, tpidrro_el0
	str	x1, [x0, #8]
	mov	x1, #\kind
	mov	x2, #\stage
	b	early_exception
	check_ventry_size .Learly_vector\@
.endm

/*
 * Stub vectors: installed first on every CPU, MMU off. Any exception is
 * unexpected: report it (if armhv already knows its UART) and park.
 */
	.balign 2048
FUNC(stub_vectors)
	.irp kind, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR
	early_vector \kind, STAGE_STUB
	.endr
ENDFUNC(stub_vectors)

/* Init vectors: installed while the CPU runs on the boot table or at the
 * trampoline VA, in either direction. */
	.balign 2048
FUNC(init_vectors)
	.irp kind, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR
	early_vector \kind, STAGE_INIT
	.endr
ENDFUNC(init_vectors)

/*
 * init_enter: stub -> init -> runtime, for every CPU and every entry
 * (first boot, CPU_ON, re-entry after CPU_OFF).
 * In:  x0 = CPU index, MMU off, at EL2, stub vectors installed, running
 *      at the PA of this code.
 * Out: does not return; branches to boot_params.runtime_entry at its
 *      image VA with x0 = CPU index, sp = the CPU's stack, the runtime
 *      table live and the runtime vectors installed.
 */
FUNC(init_enter)
	mov	x19, x0
	cpu_boot_ptr x20, x19
	ldr	x2, [x20, #CB_FAULT_STAGE]
	cmp	x2, #STAGE_STUB		/* selftest: fault in the stub */
	b.ne	1f
	brk	#0x51
1:	adr	x21, boot_params
	ldr	x2, =HCR_EL2_RW
	msr	hcr_el2, x2
	ldr	x2, =CPTR_EL2_DEFAULT
	msr	cptr_el2, x2
	ldr	x2, [x21, #BP_MAIR]
	msr	mair_el2, x2
	ldr	x2, [x21, #BP_TCR]
	msr	tcr_el2, x2
	ldr	x2, [x21, #BP_BOOT_TTBR]
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2			/* nothing left from an earlier life */
	dsb	nsh
	isb
	ldr	x2, =SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x2
	isb				/* MMU on: running at the identity alias */

	/* Jump to the same code at the trampoline VA. */
	adr	x2, 2f
	adr	x3, __idmap_text_start
	sub	x2, x2, x3
	ldr	x3, =TRAMPOLINE_VA
	add	x2, x2, x3
	br	x2
2:	adr	x2, init_vectors	/* now a trampoline VA */
	msr	vbar_el2, x2
	isb				/* init vectors own VBAR_EL2 from here */
	cpu_boot_ptr x20, x19
	set_stage x20, STAGE_INIT, x2
	ldr	x2, [x20, #CB_FAULT_STAGE]
	cmp	x2, #STAGE_INIT		/* selftest: fault in init */
	b.ne	3f
	brk	#0x52
3:	adr	x21, boot_params
	ldr	x2, [x21, #BP_RUNTIME_TTBR]
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2			/* drop the boot table's translations */
	dsb	ish
	isb
	ldr	x2, [x20, #CB_STACK_TOP]
	mov	sp, x2
	ldr	x2, [x20, #CB_CPU]
	msr	tpidr_el2, x2		/* its struct cpu, for the runtime stage */
	ldr	x2, [x21, #BP_RUNTIME_VBAR]
	msr	vbar_el2, x2
	isb				/* runtime vectors own VBAR_EL2 */
	mov	x2, #STAGE_RUNTIME
	str	x2, [x20, #CB_STAGE]
	ldr	x2, [x21, #BP_RUNTIME_ENTRY]
	mov	x0, x19
	mov	x29, #0
	mov	x30, #0
	br	x2
ENDFUNC(init_enter)

/*
 * cpu_leave_runtime: runtime -> init -> stub, the way we came.
 * In:  x0 = CPU index, x1 = continuation (a FUNC in this file, given by
 *      its image VA), x2-x4 = arguments for it. Called from C at the
 *      image VA with the runtime table live.
 * Out: does not return; the continuation runs at its PA with the MMU and
 *      data cache off, stub vectors installed, x0 = CPU index, x2-x4 as
 *      given.
 */
FUNC(cpu_leave_runtime)
	msr	daifset, #0xf
	mov	x19, x0
	ldr	x5, =__idmap_text_start	/* image VA of the region */
	sub	x20, x1, x5		/* continuation's offset in the region */
	mov	x22, x2
	mov	x23, x3
	mov	x24, x4
	adr	x6, 1f
	sub	x6, x6, x5
	ldr	x7, =TRAMPOLINE_VA
	add	x6, x6, x7
	br	x6
1:	msr	tpidr_el2, x19		/* the CPU index again, for early_save */
	adr	x6, init_vectors	/* trampoline VA */
	msr	vbar_el2, x6
	isb				/* init vectors own VBAR_EL2 again */
	cpu_boot_ptr x21, x19
	mov	x6, #STAGE_INIT
	str	x6, [x21, #CB_STAGE]
	dmb	ish
	adr	x25, boot_params
	ldr	x6, [x25, #BP_BOOT_TTBR]
	msr	ttbr0_el2, x6
	isb
	tlbi	alle2			/* runtime translations gone */
	dsb	ish
	isb
	/* To the identity alias of 2f. */
	ldr	x6, [x25, #BP_IDMAP_PA]
	adr	x7, 2f
	adr	x8, __idmap_text_start
	sub	x7, x7, x8
	add	x7, x7, x6
	br	x7
2:	ldr	x6, =SCTLR_EL2_MMU_OFF
	msr	sctlr_el2, x6
	isb				/* MMU and D-cache off */
	ic	iallu
	dsb	nsh
	isb
	adr	x6, stub_vectors	/* now a PA */
	msr	vbar_el2, x6
	isb				/* the stub owns VBAR_EL2 */
	cpu_boot_ptr x21, x19
	set_stage x21, STAGE_STUB, x6
	adr	x6, __idmap_text_start
	add	x6, x6, x20
	mov	x0, x19
	mov	x2, x22
	mov	x3, x23
	mov	x4, x24
	br	x6
ENDFUNC(cpu_leave_runtime)

/* Continuation: power this CPU off. x0 = CPU index. The next CPU_ON
 * re-enters at secondary_entry. */
FUNC(stub_cpu_off)
	cpu_boot_ptr x21, x0
	set_stage x21, STAGE_NONE, x6
	ldr	x0, =PSCI_CPU_OFF
	smc	#0
	/* CPU_OFF returned: it failed. Stay in the stub, visible as such. */
	set_stage x21, STAGE_STUB, x6
	b	stub_park
ENDFUNC(stub_cpu_off)

/* Continuations: the last CPU ends the machine. */
FUNC(stub_system_off)
	ldr	x0, =PSCI_SYSTEM_OFF
	smc	#0
	b	stub_park
ENDFUNC(stub_system_off)

FUNC(stub_system_reset)
	ldr	x0, =PSCI_SYSTEM_RESET
	smc	#0
	b	stub_park
ENDFUNC(stub_system_reset)

/* Continuation: jump to a next image (kexec, crash kernel) exactly as a
 * bootloader starts an arm64 Image: x0 = device tree PA, x1-x3 = 0, EL2,
 * MMU and D-cache off. In: x0 = CPU index, x2 = device tree PA, x3 =
 * entry PA. */
FUNC(stub_jump_image)
	cpu_boot_ptr x21, x0
	set_stage x21, STAGE_NONE, x6	/* armhv no longer owns this CPU */
	mov	x4, x3
	mov	x0, x2
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
ENDFUNC(stub_jump_image)

FUNC(stub_park)
1:	wfe
	b	1b
ENDFUNC(stub_park)

/*
 * secondary_entry: where PSCI CPU_ON starts a CPU, for the first time or
 * after CPU_OFF. In: x0 = CPU index (the CPU_ON context id), MMU off, EL2.
 */
FUNC(secondary_entry)
	msr	daifset, #0xf
	adr	x1, stub_vectors
	msr	vbar_el2, x1
	isb				/* the stub owns VBAR_EL2 */
	ldr	x1, =SCTLR_EL2_MMU_OFF
	msr	sctlr_el2, x1
	isb
	cmp	x0, #NR_CPUS
	b.hs	stub_park		/* not a context id armhv gave */
	msr	tpidr_el2, x0		/* the CPU index, for early_save */
	cpu_boot_ptr x20, x0
	dc	civac, x20		/* read what the caller cleaned to PoC */
	dsb	sy
	ldr	x2, [x20, #CB_MPIDR]
	mrs	x3, mpidr_el1
	ldr	x4, =MPIDR_AFF_MASK
	and	x3, x3, x4
	cmp	x2, x3
	b.ne	stub_park		/* context id does not match this CPU */
	set_stage x20, STAGE_STUB, x2
	b	init_enter
ENDFUNC(secondary_entry)

/*
 * early_exception: what the stub and init vectors do.
 * In: x1 = kind, x2 = stage. Prints one report line on the UART if armhv
 * knows it (by PA with the MMU off, by VA with it on), then parks. Never
 * returns; uses no stack.
 */
FUNC(early_exception)
	mov	x23, x1
	mov	x24, x2
	adr	x25, boot_params
	mrs	x0, sctlr_el2
	tbz	x0, #0, 1f
	ldr	x20, [x25, #BP_UART_VA]
	b	2f
1:	ldr	x20, [x25, #BP_UART_PA]
2:	cbz	x20, stub_park
	/* Find this CPU's index from its MPIDR. */
	mrs	x3, mpidr_el1
	ldr	x4, =MPIDR_AFF_MASK
	and	x3, x3, x4
	mov	x21, #0
	add	x5, x25, #BP_CPU
3:	ldr	x6, [x5, #CB_MPIDR]
	cmp	x6, x3
	b.eq	4f
	add	x5, x5, #(1 << CB_SHIFT)
	add	x21, x21, #1
	cmp	x21, #NR_CPUS
	b.lo	3b
	mov	x21, #99		/* unknown CPU */
4:	adr	x0, msg_head
	bl	early_puts
	mov	x0, x21
	bl	early_putdec
	adr	x0, msg_exc
	bl	early_puts
	adr	x0, msg_stub
	cmp	x24, #STAGE_STUB
	b.eq	5f
	adr	x0, msg_init
5:	bl	early_puts
	adr	x0, msg_esr
	bl	early_puts
	mrs	x0, esr_el2
	bl	early_puthex
	adr	x0, msg_elr
	bl	early_puts
	mrs	x0, elr_el2
	bl	early_puthex
	adr	x0, msg_far
	bl	early_puts
	mrs	x0, far_el2
	bl	early_puthex
	adr	x0, msg_spsr
	bl	early_puts
	mrs	x0, spsr_el2
	bl	early_puthex
	adr	x0, msg_kind
	bl	early_puts
	mov	x0, x23
	bl	early_putdec
	/* x0-x30 as saved by the vector, four to a line. */
	adr	x26, early_save
	mrs	x27, tpidr_el2
	and	x27, x27, #(NR_CPUS - 1)
	add	x26, x26, x27, lsl #8
	mov	x22, #0
5:	tst	x22, #3
	b.ne	6f
	adr	x0, msg_line
	bl	early_puts
	mov	x0, x21
	bl	early_putdec
	adr	x0, msg_colon
	bl	early_puts
6:	adr	x0, msg_x
	bl	early_puts
	mov	x0, x22
	bl	early_putdec
	mov	x0, #' '
	bl	early_putc
	ldr	x0, [x26, x22, lsl #3]
	bl	early_puthex
	add	x22, x22, #1
	cmp	x22, #31
	b.lo	5b
	adr	x0, msg_park
	bl	early_puts
	b	stub_park
ENDFUNC(early_exception)

/* UART output for early_exception: x20 = PL011 base. Clobber x0-x3, x30
 * is preserved by the callers' use of bl only one level deep. */
FUNC(early_putc)
1:	ldr	w2, [x20, #UARTFR]
	tbnz	w2, #FR_TXFF_BIT, 1b	/* transmit FIFO full */
	str	w0, [x20, #UARTDR]
	ret
ENDFUNC(early_putc)

FUNC(early_puts)
	mov	x9, x30
	mov	x10, x0
1:	ldrb	w0, [x10], #1
	cbz	w0, 2f
	bl	early_putc
	b	1b
2:	ret	x9
ENDFUNC(early_puts)

FUNC(early_puthex)
	mov	x9, x30
	mov	x10, x0
	mov	x0, #'0'
	bl	early_putc
	mov	x0, #'x'
	bl	early_putc
	mov	x11, #60
1:	lsr	x0, x10, x11
	and	x0, x0, #0xf
	cmp	x0, #10
	b.lo	2f
	add	x0, x0, #('a' - 10 - '0')
2:	add	x0, x0, #'0'
	bl	early_putc
	subs	x11, x11, #4
	b.ge	1b
	ret	x9
ENDFUNC(early_puthex)

/* Decimal, 0..99. */
FUNC(early_putdec)
	mov	x9, x30
	mov	x10, x0
	cmp	x10, #10
	b.lo	1f
	mov	x11, #10
	udiv	x0, x10, x11
	msub	x10, x0, x11, x10
	add	x0, x0, #'0'
	bl	early_putc
1:	add	x0, x10, #'0'
	bl	early_putc
	ret	x9
ENDFUNC(early_putdec)

msg_head:	.asciz	"\r\narmhv cpu"
msg_exc:	.asciz	": unexpected exception at stage "
msg_stub:	.asciz	"stub"
msg_init:	.asciz	"init"
msg_esr:	.asciz	": ESR="
msg_elr:	.asciz	" ELR="
msg_far:	.asciz	" FAR="
msg_spsr:	.asciz	" SPSR="
msg_kind:	.asciz	" kind="
msg_park:	.asciz	"\r\narmhv: that CPU is parked\r\n"
msg_line:	.asciz	"\r\narmhv cpu"
msg_colon:	.asciz	":  "
msg_x:		.asciz	" x"
	.balign 4
	.ltorg

	.section .idmap.data, "aw"
	.balign 4096
	.globl boot_params
boot_params:
	.space	BP_CPU + NR_CPUS * (1 << CB_SHIFT)
	/* x0-x30 of a CPU taking an exception in the stub or init stage,
	 * 256 bytes per CPU, for the report. */
	.balign 256
	.globl early_save
early_save:
	.space	NR_CPUS * 256
	.balign 4096
