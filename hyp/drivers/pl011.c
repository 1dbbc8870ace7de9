/* Arm PL011 UART: polled transmit, receive with an interrupt to wake the
 * console CPU from WFI. */
#include <drivers/pl011.h>

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTCR		0x030
#define UARTIMSC	0x038
#define UARTICR		0x044
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)
#define INT_RX		(1u << 4)
#define INT_RT		(1u << 6)

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
