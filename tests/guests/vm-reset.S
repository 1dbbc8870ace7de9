/*
 * Each boot checks that the machine it finds is at its reset state,
 * leaves it otherwise, prints "vm-reset: PASS" and asks PSCI for
 * SYSTEM_RESET: QEMU run with -no-reboot then exits after the first boot;
 * an armhv VM starts again from its images, so the line comes once per
 * boot, and a boot that finds what the previous one left (a distributor
 * still enabled, SPI 40 still enabled at priority 0x80, the UART's
 * interrupt mask still set) prints "vm-reset: FAIL ..." instead: a reset
 * VM is a machine at power-on, not only RAM and vCPU 0 put back.
 */
#define GUEST_NAME	"vm-reset"
#include "common.inc"

#define GICD_CTLR	(GICD + 0x0)
#define GICD_ISENABLER1	(GICD + 0x104)	/* SPIs 32-63 */
#define GICD_IPRIORITY40 (GICD + 0x400 + 40)
#define UART_IMSC	(UART + 0x38)

	.text
	.globl	_start
_start:
	ldr	x1, =GICD_CTLR
	ldr	w0, [x1]
	tst	w0, #3			/* EnableGrp0, EnableGrp1 */
	b.ne	bad_ctlr
	ldr	x1, =GICD_ISENABLER1
	ldr	w0, [x1]
	cbnz	w0, bad_enable
	ldr	x1, =GICD_IPRIORITY40
	ldrb	w0, [x1]
	cbnz	w0, bad_prio
	ldr	x1, =UART_IMSC
	ldr	w0, [x1]
	cbnz	w0, bad_imsc
	/* Leave it otherwise for the next boot to find, if it is not reset. */
	mov	w0, #0x80
	ldr	x1, =GICD_IPRIORITY40
	strb	w0, [x1]
	mov	w0, #(1 << 8)		/* SPI 40 */
	ldr	x1, =GICD_ISENABLER1
	str	w0, [x1]
	mov	w0, #2			/* EnableGrp1 */
	ldr	x1, =GICD_CTLR
	str	w0, [x1]
	mov	w0, #0x10		/* RXIM */
	ldr	x1, =UART_IMSC
	str	w0, [x1]
	adr	x0, msg
	bl	puts
	psci	PSCI_SYSTEM_RESET
1:	wfi
	b	1b

bad_ctlr:
	adr	x0, msg_ctlr
	b	fail
bad_enable:
	adr	x0, msg_enable
	b	fail
bad_prio:
	adr	x0, msg_prio
	b	fail
bad_imsc:
	adr	x0, msg_imsc
	b	fail

	.ltorg
msg:		.asciz	"vm-reset: PASS\n"
msg_ctlr:	.asciz	"vm-reset: FAIL GICD_CTLR still enabled after the reset\n"
msg_enable:	.asciz	"vm-reset: FAIL SPI 40 still enabled after the reset\n"
msg_prio:	.asciz	"vm-reset: FAIL SPI 40's priority kept after the reset\n"
msg_imsc:	.asciz	"vm-reset: FAIL the UART's interrupt mask kept after the reset\n"
