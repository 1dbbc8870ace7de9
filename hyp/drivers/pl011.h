/* Arm PL011 UART. */
#ifndef ARMHV_PL011_H
#define ARMHV_PL011_H

/* Registers and bits, for C and the early assembly reports. */
#define UARTDR		0x000
#define UARTFR		0x018
#define UARTCR		0x030
#define UARTIMSC	0x038
#define UARTICR		0x044
#define FR_RXFE_BIT	4
#define FR_TXFF_BIT	5
#define FR_RXFE		(1 << FR_RXFE_BIT)
#define FR_TXFF		(1 << FR_TXFF_BIT)
#define CR_UARTEN	(1 << 0)
#define CR_TXE		(1 << 8)
#define CR_RXE		(1 << 9)
#define INT_RX		(1 << 4)
#define INT_RT		(1 << 6)

#ifndef __ASSEMBLY__
#include <arch/types.h>

void pl011_init(vaddr_t base);
void pl011_putc(vaddr_t base, char c);
int pl011_getc(vaddr_t base);		/* -1 when the receive FIFO is empty */
void pl011_enable_rx_irq(vaddr_t base);

/* The UART the log writes to (lib/log.h's con_set_output). */
void pl011_set_console(vaddr_t base);
void pl011_console_putc(char c);
#endif

#endif
