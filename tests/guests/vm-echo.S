/*
 * Waits for input on the PL011 (polling, with WFE between polls so that
 * the vCPU gives its CPU away): prints "vm-echo: ready", then for each
 * line typed, "vm-echo: got LINE"; the line "off" ends it with
 * "vm-echo: PASS" and SYSTEM_OFF. For QEMU's virt machine directly (input
 * on stdin) and armhv VMs (`vm input`) alike.
 */
#define UART		0x09000000
#define UARTFR		0x18
#define FR_RXFE		(1 << 4)
#define PSCI_SYSTEM_OFF	0x84000008

	.text
	.globl	_start
_start:
	ldr	x20, =UART
	adr	x0, msg_ready
	bl	puts
next_line:
	adr	x21, line
	mov	x22, #0
1:	ldr	w1, [x20, #UARTFR]
	tbz	w1, #4, 2f		/* RXFE clear: a character */
	wfe
	b	1b
2:	ldr	w1, [x20]
	and	w1, w1, #0xff
	cmp	w1, #'\r'
	b.eq	3f
	cmp	w1, #'\n'
	b.eq	3f
	cmp	x22, #60
	b.hs	1b			/* too long: drop the rest */
	strb	w1, [x21, x22]
	add	x22, x22, #1
	b	1b
3:	cbz	x22, 1b			/* an empty line (\r\n) */
	strb	wzr, [x21, x22]
	adr	x0, msg_got
	bl	puts
	mov	x0, x21
	bl	puts
	mov	w1, #'\n'
	str	w1, [x20]
	/* "off"? */
	ldr	w2, [x21]
	ldr	w3, =0x0066666f		/* "off\0" little-endian */
	cmp	w2, w3
	b.ne	next_line
	adr	x0, msg_pass
	bl	puts
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
4:	wfi
	b	4b

/* puts(x0). Clobbers x0, x1. */
puts:
1:	ldrb	w1, [x0], #1
	cbz	w1, 2f
	str	w1, [x20]
	b	1b
2:	ret

	.ltorg
msg_ready:	.asciz	"vm-echo: ready\n"
msg_got:	.asciz	"vm-echo: got "
msg_pass:	.asciz	"vm-echo: PASS\n"
	.data
	.balign	8
line:	.space	64
