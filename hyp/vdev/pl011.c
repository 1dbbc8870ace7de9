/* Virtual PL011 (Arm PrimeCell UART TRM, DDI 0183): the registers a
 * driver uses, the interrupt state, and the identification registers the
 * AMBA bus reads. Transmission is instant: the transmit FIFO is always
 * empty, so its interrupt is always raised, as QEMU's model does. */
#include <vdev/pl011.h>
#include <string.h>
#include <drivers/pl011.h>
#include <lib/log.h>

#define UARTRSR		0x004
#define UARTILPR	0x020
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTIFLS	0x034
#define UARTRIS		0x03c
#define UARTMIS		0x040
#define UARTDMACR	0x048
#define UARTPERIPHID0	0xfe0

#define FR_TXFE		(1u << 7)
#define FR_RXFF		(1u << 6)
#define INT_TX		(1u << 5)
#define INT_ALL		0x7ff

#define CR_RESET	0x300	/* TXE, RXE */
#define IFLS_RESET	0x12

/* PeriphID0-3 then PCellID0-3, as QEMU's Arm PL011 reports them. */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static struct vpl011 *to_uart(struct vdev *d)
{
	return (struct vpl011 *)d;
}

static void update_irq(struct vpl011 *u)
{
	if (u->rx_count)
		u->ris |= INT_RX | INT_RT;
	else
		u->ris &= ~(uint32_t)(INT_RX | INT_RT);
	u->ris |= INT_TX;
	if (u->set_irq)
		u->set_irq(u->irq_ctx, (u->ris & u->imsc) != 0);
}

/* Whether a line (not a string) holds text. */
static bool line_has(const char *line, unsigned len, const char *text)
{
	size_t n = strlen(text);

	for (size_t i = 0; n && i + n <= len; i++)
		if (memcmp(line + i, text, n) == 0)
			return true;
	return false;
}

/* Line number n matched the watch: later waits look after it. */
static void watch_matched(struct vpl011 *u, uint64_t n)
{
	u->cursor = n + 1;
	__atomic_store_n(&u->watch_seen, true, __ATOMIC_RELEASE);
}

static void flush_line(struct vpl011 *u)
{
	unsigned slot = (unsigned)(u->lines % VPL011_HISTORY);

	memcpy(u->hist[slot], u->line, u->line_len);
	u->hist_len[slot] = (uint16_t)u->line_len;
	if (u->watch[0] && !u->watch_seen && line_has(u->line, u->line_len, u->watch))
		watch_matched(u, u->lines);
	u->lines++;
	con_printf("[%s] %.*s\n", u->prefix, (int)u->line_len, u->line);
	u->line_len = 0;
}

static void put_char(struct vpl011 *u, char c)
{
	if (u->raw) {
		con_raw_write(&c, 1);
		return;
	}
	if (c == '\n') {
		flush_line(u);
		return;
	}
	if (c == '\r')
		return;
	if ((unsigned char)c < 0x20 && c != '\t')
		c = '.';	/* no control characters on armhv's console */
	u->line[u->line_len++] = c;
	if (u->line_len == VPL011_LINE)
		flush_line(u);
}

static int uart_read(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t *val)
{
	struct vpl011 *u = to_uart(d);
	void (*on_read)(void) = NULL;
	uint32_t v = 0;

	if (size > 4)
		return -EINVAL;
	spin_lock(&u->lock);
	switch (off & ~3ULL) {
	case UARTDR:
		if (u->rx_count) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % VPL011_FIFO;
			u->rx_count--;
			update_irq(u);
			on_read = u->raw ? u->on_read : NULL;
		}
		break;
	case UARTFR:
		v = FR_TXFE | (u->rx_count ? 0 : FR_RXFE) |
		    (u->rx_count == VPL011_FIFO ? FR_RXFF : 0);
		break;
	case UARTILPR: v = u->ilpr; break;
	case UARTIBRD: v = u->ibrd; break;
	case UARTFBRD: v = u->fbrd; break;
	case UARTLCR_H: v = u->lcr_h; break;
	case UARTCR: v = u->cr; break;
	case UARTIFLS: v = u->ifls; break;
	case UARTIMSC: v = u->imsc; break;
	case UARTRIS: v = u->ris; break;
	case UARTMIS: v = u->ris & u->imsc; break;
	case UARTDMACR: v = u->dmacr; break;
	default:
		if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 32)
			v = id_regs[(off - UARTPERIPHID0) / 4];
		break;
	}
	spin_unlock(&u->lock);
	if (on_read)
		on_read();
	*val = (v >> (8 * (off & 3))) & (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
	return 0;
}

static int uart_write(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	struct vpl011 *u = to_uart(d);
	uint32_t v = (uint32_t)val;

	if (size > 4 || (off & 3))
		return size > 4 ? -EINVAL : 0;	/* sub-word writes off a register: ignored */
	spin_lock(&u->lock);
	switch (off) {
	case UARTDR: put_char(u, (char)(v & 0xff)); break;
	case UARTRSR: break;	/* error clear: there are no errors */
	case UARTILPR: u->ilpr = v & 0xff; break;
	case UARTIBRD: u->ibrd = v & 0xffff; break;
	case UARTFBRD: u->fbrd = v & 0x3f; break;
	case UARTLCR_H: u->lcr_h = v & 0xff; break;
	case UARTCR: u->cr = v & 0xff87; break;
	case UARTIFLS: u->ifls = v & 0x3f; break;
	case UARTIMSC: u->imsc = v & INT_ALL; break;
	case UARTICR: u->ris &= ~(v & INT_ALL); break;
	case UARTDMACR: u->dmacr = v & 7; break;
	default: break;
	}
	update_irq(u);
	spin_unlock(&u->lock);
	return 0;
}

static const struct vdev_ops uart_ops = { .read = uart_read, .write = uart_write };

void vpl011_init(struct vpl011 *u, const char *prefix, ipaddr_t base)
{
	*u = (struct vpl011){
		.dev = { .name = "pl011", .base = base, .size = 0x1000, .ops = &uart_ops },
		.prefix = prefix,
		.lock = SPINLOCK_INIT,
		.cr = CR_RESET,
		.ifls = IFLS_RESET,
	};
}

void vpl011_reset(struct vpl011 *u)
{
	spin_lock(&u->lock);
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
	u->lcr_h = u->ibrd = u->fbrd = u->imsc = u->ris = u->dmacr = u->ilpr = 0;
	u->rx_head = u->rx_count = 0;
	update_irq(u);
	spin_unlock(&u->lock);
}

bool vpl011_input(struct vpl011 *u, char c)
{
	bool ok;

	spin_lock(&u->lock);
	ok = u->rx_count < VPL011_FIFO;
	if (ok) {
		u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO] = (uint8_t)c;
		u->rx_count++;
		update_irq(u);
	}
	spin_unlock(&u->lock);
	return ok;
}

void vpl011_watch(struct vpl011 *u, const char *text)
{
	spin_lock(&u->lock);
	strncpy(u->watch, text, VPL011_WATCH);
	u->watch[VPL011_WATCH] = '\0';
	u->watch_seen = false;
	if (u->lines > VPL011_HISTORY && u->cursor < u->lines - VPL011_HISTORY)
		u->cursor = u->lines - VPL011_HISTORY;	/* older ones are gone */
	for (uint64_t n = u->cursor; u->watch[0] && n < u->lines; n++) {
		unsigned slot = (unsigned)(n % VPL011_HISTORY);

		if (line_has(u->hist[slot], u->hist_len[slot], u->watch)) {
			watch_matched(u, n);
			break;
		}
	}
	spin_unlock(&u->lock);
}

bool vpl011_watch_seen(struct vpl011 *u)
{
	return __atomic_load_n(&u->watch_seen, __ATOMIC_ACQUIRE);
}

void vpl011_flush(struct vpl011 *u)
{
	spin_lock(&u->lock);
	if (u->line_len)
		flush_line(u);
	spin_unlock(&u->lock);
}

void vpl011_set_raw(struct vpl011 *u, bool raw, void (*on_read)(void), void (*announce)(void))
{
	spin_lock(&u->lock);
	if (announce)
		announce();
	if (raw && u->line_len)
		con_raw_write(u->line, u->line_len);
	u->line_len = 0;
	u->raw = raw;
	u->on_read = raw ? on_read : NULL;
	spin_unlock(&u->lock);
}

unsigned vpl011_rx_room(struct vpl011 *u)
{
	unsigned room;

	spin_lock(&u->lock);
	room = VPL011_FIFO - u->rx_count;
	spin_unlock(&u->lock);
	return room;
}
