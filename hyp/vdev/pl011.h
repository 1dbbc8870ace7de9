/* A virtual PL011 UART per VM (vdev/pl011.c): what the guest writes is
 * printed on armhv's console a whole line at a time, prefixed by the VM's
 * name, or, while `vm console` is attached to it, raw (con_raw_write);
 * what `vm input` / `vm console` types is what it reads. */
#ifndef ARMHV_VDEV_PL011_H
#define ARMHV_VDEV_PL011_H

#include <vdev/vdev.h>
#include <lib/spinlock.h>

#define VPL011_FIFO	32
#define VPL011_LINE	160
#define VPL011_WATCH	63
#define VPL011_HISTORY	16

struct vpl011 {
	struct vdev dev;
	const char *prefix;		/* the VM's name */
	spinlock_t lock;
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr;
	uint8_t rx[VPL011_FIFO];
	unsigned rx_head, rx_count;
	char line[VPL011_LINE];
	unsigned line_len;
	/* `vm wait --output`, as expect(1) reads: the last VPL011_HISTORY
	 * lines (line number n in hist[n % VPL011_HISTORY]), lines printed
	 * so far, the first line a wait may still match (lines before it
	 * were matched or passed over), and the text waited for. */
	char hist[VPL011_HISTORY][VPL011_LINE];
	uint16_t hist_len[VPL011_HISTORY];
	uint64_t lines, cursor;
	char watch[VPL011_WATCH + 1];
	bool watch_seen;
	bool raw;			/* output to the console's raw stream */
	void (*on_read)(void);		/* the guest took a byte (while raw) */
	/* The interrupt line changed level (to the VM's virtual GIC). */
	void (*set_irq)(void *ctx, bool level);
	void *irq_ctx;
};

void vpl011_init(struct vpl011 *u, const char *prefix, ipaddr_t base);
/* The device's registers and receive FIFO back to their reset values (the
 * VM restarted); the console's side (lines, history, raw mode) stays. */
void vpl011_reset(struct vpl011 *u);
/* Types c into the receive FIFO; false if it is full. */
bool vpl011_input(struct vpl011 *u, char c);
/* Watches the output for a line containing text (at most VPL011_WATCH
 * characters; empty: stop watching): among the lines printed since the
 * line the previous watch matched (the last VPL011_HISTORY of them),
 * then among new ones. A match moves the cursor past its line. */
void vpl011_watch(struct vpl011 *u, const char *text);
/* Whether the watched text has been matched. */
bool vpl011_watch_seen(struct vpl011 *u);
/* Prints what is left of a line (the VM stops). */
void vpl011_flush(struct vpl011 *u);
/* Output raw (the console is attached: con_raw_begin() first; what is
 * left of a line goes out raw, unprefixed), or a line at a time again.
 * While raw, on_read (may be NULL) is called, from the reading vCPU's
 * CPU, each time the guest takes a byte from the receive FIFO. If
 * announce is not NULL, it is called first, under the UART's lock, so
 * that no line of the guest's is printed between what it prints and the
 * switch (it may print, and call con_raw_begin()). */
void vpl011_set_raw(struct vpl011 *u, bool raw, void (*on_read)(void), void (*announce)(void));
/* Free room in the receive FIFO. */
unsigned vpl011_rx_room(struct vpl011 *u);

#endif
