/*
 * Each boot prints "vm-reset: PASS" and asks PSCI for SYSTEM_RESET: QEMU
 * run with -no-reboot then exits; an armhv VM starts again from its
 * images, so the line comes once per boot.
 */
#define UART			0x09000000
#define PSCI_SYSTEM_RESET	0x84000009

	.text
	.globl	_start
_start:
	ldr	x1, =UART
	adr	x2, msg
1:	ldrb	w3, [x2], #1
	cbz	w3, 2f
	str	w3, [x1]
	b	1b
2:	ldr	x0, =PSCI_SYSTEM_RESET
	hvc	#0
3:	wfi
	b	3b

	.ltorg
msg:	.asciz	"vm-reset: PASS\n"
