/* Arm PL011 UART: polled transmit, receive with an interrupt to wake the
 * console CPU from WFI. */
#include <drivers/pl011.h>

static inline uint32_t rd(vaddr_t base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(vaddr_t base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

void pl011_init(vaddr_t base)
{
	/* Keep the loader's baud rate; make sure both directions are on. */
	wr(base, UARTCR, rd(base, UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(vaddr_t base, char c)
{
	while (rd(base, UARTFR) & FR_TXFF)
		;
	wr(base, UARTDR, (uint8_t)c);
}

int pl011_getc(vaddr_t base)
{
	if (rd(base, UARTFR) & FR_RXFE)
		return -1;
	return (int)(rd(base, UARTDR) & 0xff);
}

void pl011_enable_rx_irq(vaddr_t base)
{
	wr(base, UARTICR, 0x7ff);
	wr(base, UARTIMSC, INT_RX | INT_RT);
}

static vaddr_t console_base;

void pl011_set_console(vaddr_t base)
{
	console_base = base;
}

void pl011_console_putc(char c)
{
	pl011_putc(console_base, c);
}
