/* Arm PL011 UART: polled transmit, receive with an interrupt to wake the
 * console CPU from WFI. */
#include <drivers/pl011.h>
#include <arch/mmio.h>

void pl011_init(vaddr_t base)
{
	/* Keep the loader's baud rate; make sure both directions are on. */
	mmio_write32(base, UARTCR, mmio_read32(base, UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(vaddr_t base, char c)
{
	while (mmio_read32(base, UARTFR) & FR_TXFF)
		;
	mmio_write32(base, UARTDR, (uint8_t)c);
}

int pl011_getc(vaddr_t base)
{
	if (mmio_read32(base, UARTFR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(base, UARTDR) & 0xff);
}

void pl011_enable_rx_irq(vaddr_t base)
{
	mmio_write32(base, UARTICR, 0x7ff);
	mmio_write32(base, UARTIMSC, INT_RX | INT_RT);
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
