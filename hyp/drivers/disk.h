/* The disk armhv keeps its own data on (VM snapshots): the virtio-blk
 * device of the virtio-mmio transport at the lowest address the device
 * tree gives (`armhv run --snapshot-disk` attaches its file there). Found
 * and brought up on first use, not at boot: a machine that never uses a
 * disk never touches one. */
#ifndef ARMHV_DISK_H
#define ARMHV_DISK_H

#include <drivers/virtio_blk.h>

#define DISK_MAX_OTHERS		4	/* other block devices named */
/* The part of a transport's window armhv maps: the registers and the
 * block device's configuration fields it reads. */
#define DISK_MMIO_MAP_SIZE	0x200

struct disk_state {
	bool found;			/* a modern virtio-blk device */
	bool ready;			/* ... brought up: use .vblk */
	paddr_t pa;			/* its transport, if found */
	char why[160];			/* no disk: why (if not ready) */
	struct vblk vblk;
	/* Block devices not used: others beyond the first, legacy ones. */
	paddr_t others[DISK_MAX_OTHERS];
	unsigned other_count;
	unsigned legacy_count;
};

/* The disk, brought up on the first call (which logs what it found), or
 * NULL if there is none or it failed to come up. Any CPU. */
struct vblk *disk_get(void);
/* What the first disk_get() found (it probes if nothing did yet). */
const struct disk_state *disk_state(void);

#endif
