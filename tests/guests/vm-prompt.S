/*
 * A shell's manners on the PL011, for `vm console`: prints the prompt
 * "vm-prompt> " with no newline, echoes each character typed (\r as
 * "\r\n"), then answers the line with "vm-prompt: got LINE\r\n" and prints
 * the prompt again; the line "off" ends it with "vm-prompt: PASS" and
 * SYSTEM_OFF. Polls with WFE between polls, as vm-echo does.
 */
#define UART		0x09000000
#define UARTFR		0x18
#define PSCI_SYSTEM_OFF	0x84000008

	.text
	.globl	_start
_start:
	ldr	x20, =UART
next_line:
	adr	x0, msg_prompt
	bl	puts
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
msg_prompt:	.asciz	"vm-prompt> "
msg_crlf:	.asciz	"\r\n"
msg_got:	.asciz	"vm-prompt: got "
msg_pass:	.asciz	"vm-prompt: PASS\r\n"
	.data
	.balign	8
line:	.space	64
