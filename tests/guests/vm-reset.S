/*
 * Each boot prints "vm-reset: PASS" and asks PSCI for SYSTEM_RESET: QEMU
 * run with -no-reboot then exits; an armhv VM starts again from its
 * images, so the line comes once per boot.
 */
#define GUEST_NAME	"vm-reset"
#include "common.inc"

	.text
	.globl	_start
_start:
	adr	x0, msg
	bl	puts
	psci	PSCI_SYSTEM_RESET
1:	wfi
	b	1b

	.ltorg
msg:	.asciz	"vm-reset: PASS\n"
