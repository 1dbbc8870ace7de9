/*
 * A shell's manners on the PL011, for `vm console`: prints the prompt
 * "vm-prompt> " with no newline, echoes each character typed (\r as
 * "\r\n"), then answers the line with "vm-prompt: got LINE\r\n" and prints
 * the prompt again; the line "off" ends it with "vm-prompt: PASS" and
 * SYSTEM_OFF. Polls with WFE between polls, as vm-echo does.
 */
#define GUEST_NAME	"vm-prompt"
#include "common.inc"

	.text
	.globl	_start
_start:
	ldr	x20, =UART
next_line:
	adr	x0, msg_prompt
	bl	puts
	adr	x21, line
	mov	x22, #0
1:	bl	getc
	mov	w1, w0
	cmp	w1, #'\r'
	b.eq	3f
	cmp	w1, #'\n'
	b.eq	3f
	str	w1, [x20]		/* echo */
	cmp	x22, #60
	b.hs	1b			/* too long: keep the first 60 */
	strb	w1, [x21, x22]
	add	x22, x22, #1
	b	1b
3:	adr	x0, msg_crlf
	bl	puts
	cbz	x22, next_line		/* an empty line */
	strb	wzr, [x21, x22]
	adr	x0, msg_got
	bl	puts
	mov	x0, x21
	bl	puts
	adr	x0, msg_crlf
	bl	puts
	/* "off"? */
	ldr	w2, [x21]
	ldr	w3, =0x0066666f		/* "off\0" little-endian */
	cmp	w2, w3
	b.ne	next_line
	adr	x0, msg_pass		/* its own PASS line, ended by \r\n */
	b	fail			/* prints it and powers off */

	.ltorg
msg_prompt:	.asciz	"vm-prompt> "
msg_crlf:	.asciz	"\r\n"
msg_got:	.asciz	"vm-prompt: got "
msg_pass:	.asciz	"vm-prompt: PASS\r\n"
	.data
	.balign	8
line:	.space	64
