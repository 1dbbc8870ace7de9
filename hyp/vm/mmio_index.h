/* A VM's MMIO devices by address (vm/mmio_index.c): a byte per 64 KiB
 * page of the guest's device window names the device there, so that an
 * MMIO exit finds its device with one load instead of asking each in
 * turn. Pure: host-tested (tests/unit/mmio_index_test.c). */
#ifndef ARMHV_MMIO_INDEX_H
#define ARMHV_MMIO_INDEX_H

#include <vdev/vdev.h>

#define MMIO_WINDOW_BASE	0x08000000ULL	/* QEMU virt's GICD, the lowest device */
#define MMIO_PAGE_SHIFT		16
#define MMIO_PAGES		1024		/* 64 MiB: every device of the map */
#define MMIO_MAX_DEVS		8
#define MMIO_SHARED		0xff		/* a page to search */

struct mmio_index {
	/* Per page: an index into dev, or MMIO_SHARED. */
	uint8_t page[MMIO_PAGES];
	/* dev[0]: a device of no bytes (nothing there); dev[1 + i]: the
	 * i-th device given to mmio_index_build(). */
	struct vdev *dev[MMIO_MAX_DEVS + 1];
};

/* Indexes devs[0..n) (n at most MMIO_MAX_DEVS). A page is a device's if
 * the device starts at or below it and no other device touches it; a
 * page two devices touch, or whose device starts inside it, is searched. */
void mmio_index_build(struct mmio_index *ix, struct vdev *const *devs, unsigned n);

/* The device the index names for ipa, or NULL if the devices must be
 * searched (a shared page, or ipa outside the window). A device returned
 * starts at or below ipa, but its window may end before it (then nothing
 * is at ipa: the empty device's size is 0). */
static inline struct vdev *mmio_index_at(const struct mmio_index *ix, ipaddr_t ipa)
{
	uint64_t page = (ipa_addr(ipa) - MMIO_WINDOW_BASE) >> MMIO_PAGE_SHIFT;
	unsigned k;

	if (page >= MMIO_PAGES || (k = ix->page[page]) == MMIO_SHARED)
		return NULL;
	return ix->dev[k];
}

#endif
