/*
 * Waits for input on the PL011 (polling, with WFE between polls so that
 * the vCPU gives its CPU away): prints "vm-echo: ready", then for each
 * line typed, "vm-echo: got LINE"; the line "off" ends it with
 * "vm-echo: PASS" and SYSTEM_OFF. For QEMU's virt machine directly (input
 * on stdin) and armhv VMs (`vm input`) alike.
 */
#define GUEST_NAME	"vm-echo"
#include "common.inc"


	.text
	.globl	_start
_start:
	ldr	x20, =UART
	adr	x0, msg_ready
	bl	puts
next_line:
	adr	x21, line
	mov	x22, #0
1:	bl	getc
	mov	w1, w0
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
	mov	w0, #'\n'
	bl	putc
	/* "off"? */
	ldr	w2, [x21]
	ldr	w3, =0x0066666f		/* "off\0" little-endian */
	cmp	w2, w3
	b.ne	next_line
	b	pass

	.ltorg
msg_ready:	.asciz	"vm-echo: ready\n"
msg_got:	.asciz	"vm-echo: got "
	.data
	.balign	8
line:	.space	64
