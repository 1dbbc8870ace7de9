/* PL011 driver: polled, no locking (see print.c for that). */
#include "guest.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIMSC	0x038
#define UARTMIS		0x040
#define UARTICR		0x044

#define FR_BUSY		(1U << 3)
#define FR_RXFE		(1U << 4)
#define FR_TXFF		(1U << 5)
#define LCR_H_FEN	(1U << 4)
#define LCR_H_WLEN8	(3U << 5)
#define CR_UARTEN	(1U << 0)
#define CR_TXE		(1U << 8)
#define CR_RXE		(1U << 9)
#define INT_RX		(1U << 4)
#define INT_RT		(1U << 6)

static inline uint32_t rd(unsigned int off)
{
	return mmio_read32(UART_BASE + off);
}

static inline void wr(unsigned int off, uint32_t v)
{
	mmio_write32(UART_BASE + off, v);
}

void uart_init(void)
{
	/* The loader (QEMU, armhv) leaves the baud rate as it is: only the
	 * frame format, the FIFOs and the enables are set here. */
	wr(UARTIMSC, 0);
	wr(UARTICR, 0x7ff);
	wr(UARTLCR_H, LCR_H_WLEN8 | LCR_H_FEN);
	wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void putc_raw(char c)
{
	while (rd(UARTFR) & FR_TXFF)
		cpu_relax();
	wr(UARTDR, (uint8_t)c);
}

void uart_putc(char c)
{
	if (c == '\n')
		putc_raw('\r');
	putc_raw(c);
}

void uart_flush(void)
{
	while (rd(UARTFR) & FR_BUSY)
		cpu_relax();
}

int uart_getc(void)
{
	if (rd(UARTFR) & FR_RXFE)
		return -1;
	return (int)(rd(UARTDR) & 0xff);
}

void uart_rx_irq(bool on)
{
	uint32_t imsc = rd(UARTIMSC);
	if (on)
		imsc |= INT_RX | INT_RT;
	else
		imsc &= ~(INT_RX | INT_RT);
	wr(UARTIMSC, imsc);
}

unsigned int uart_irq_ack(void)
{
	uint32_t mis = rd(UARTMIS);
	wr(UARTICR, mis);
	return mis;
}
