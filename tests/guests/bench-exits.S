/*
 * Exit costs, measured from inside a guest (bench/vm, docs/benchmarks.md):
 * N iterations each of an empty loop, an HVC to PSCI_VERSION, an HVC to a
 * function nobody implements, a read of GICD_IIDR and a read of the first
 * virtio-mmio transport's magic, timed with the virtual counter. Under
 * QEMU's -icount shift=0 a counter tick is a fixed number of instructions,
 * so the figures are instructions, on QEMU directly and in an armhv VM.
 * Prints "bench-exits: NAME TICKS N FREQ" per measurement (hexadecimal),
 * then "bench-exits: PASS".
 */
#define UART		0x09000000
#define GICD_IIDR	0x08000008
#define VIRTIO0		0x0a000000
#define PSCI_VERSION	0x84000000
#define UNKNOWN_FN	0x8600ab00	/* vendor hypervisor range, unused */
#define PSCI_SYSTEM_OFF	0x84000008
#define N		2000

	.text
	.globl	_start
_start:
	ldr	x20, =UART
	mrs	x26, cntfrq_el0

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

	adr	x0, msg_pass
	bl	puts
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
1:	wfi
	b	1b

/* report(x0 = name): "bench-exits: NAME TICKS N FREQ\n" with TICKS =
 * x25 - x24. Clobbers x0-x4, x30 kept in x23. */
report:
	mov	x23, x30
	mov	x22, x0
	adr	x0, msg_prefix
	bl	puts
	mov	x0, x22
	bl	puts
	sub	x0, x25, x24
	bl	puthex
	ldr	x0, =N
	bl	puthex
	mov	x0, x26
	bl	puthex
	mov	w1, #'\n'
	str	w1, [x20]
	ret	x23

/* puts(x0). Clobbers x0, x1. */
puts:
1:	ldrb	w1, [x0], #1
	cbz	w1, 2f
	str	w1, [x20]
	b	1b
2:	ret

/* puthex(x0): " 0x" and 16 hex digits. Clobbers x0-x4. */
puthex:
	mov	w1, #' '
	str	w1, [x20]
	mov	w1, #'0'
	str	w1, [x20]
	mov	w1, #'x'
	str	w1, [x20]
	mov	x2, #60
1:	lsr	x3, x0, x2
	and	x3, x3, #0xf
	cmp	x3, #10
	add	x4, x3, #'0'
	add	x3, x3, #('a' - 10)
	csel	x3, x4, x3, lo
	str	w3, [x20]
	subs	x2, x2, #4
	b.pl	1b
	ret

	.ltorg
msg_prefix:		.asciz	"bench-exits: "
name_loop:		.asciz	"loop"
name_hvc_version:	.asciz	"hvc-psci-version"
name_hvc_unknown:	.asciz	"hvc-unknown"
name_gicd:		.asciz	"mmio-gicd-iidr"
name_virtio:		.asciz	"mmio-virtio-magic"
msg_pass:		.asciz	"bench-exits: PASS\n"
