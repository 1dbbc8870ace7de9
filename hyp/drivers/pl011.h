/* Arm PL011 UART. */
#ifndef ARMHV_PL011_H
#define ARMHV_PL011_H

#include <arch/types.h>

void pl011_init(vaddr_t base);
void pl011_putc(vaddr_t base, char c);
int pl011_getc(vaddr_t base);		/* -1 when the receive FIFO is empty */
void pl011_enable_rx_irq(vaddr_t base);

/* The UART the log writes to (lib/log.h's con_set_output). */
void pl011_set_console(vaddr_t base);
void pl011_console_putc(char c);

#endif
