/*
 * PL011 UART at UART_BASE: polled output and input, receive interrupts.
 * These are the raw driver; printf() (print.h) adds the lock that keeps
 * lines from several CPUs apart.
 */
#ifndef GUEST_UART_H
#define GUEST_UART_H

#include <stdbool.h>

void uart_init(void);
void uart_putc(char c);		/* '\n' is sent as "\r\n" */
void uart_flush(void);		/* waits until everything sent has left */
int uart_getc(void);		/* a received byte, or -1 if none is waiting */
/* Receive interrupts (RX and RX timeout) on or off at the UART; the GIC
 * side is gic_enable_irq(UART_INTID). */
void uart_rx_irq(bool on);
/* Clears the UART's interrupt causes; returns the masked status (UARTMIS). */
unsigned int uart_irq_ack(void);

#endif
