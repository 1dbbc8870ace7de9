/* A virtio-blk driver (virtio 1.x, "Block Device") for armhv's own use at
 * EL2: synchronous sector reads, writes and flushes over one small split
 * virtqueue, completed by polling the used ring against the architected
 * counter. The device and what it returns are outside input: every
 * answer is checked (drivers/virtq.h for the used ring, then the length
 * and status of each request); a device that breaks the ring protocol or
 * does not answer in time is reset and taken out of service, and every
 * later request fails with -EIO. Nothing it does crashes or hangs armhv.
 *
 * Data moves through a bounce buffer of armhv's own pages, so callers
 * pass any buffer of theirs, and a device that wrote late could only ever
 * write into the driver's pages. Requests are serialised by a lock held
 * for a whole call (up to the timeouts below). */
#ifndef ARMHV_VIRTIO_BLK_H
#define ARMHV_VIRTIO_BLK_H

#include <drivers/virtio_mmio.h>
#include <drivers/virtq.h>
#include <lib/spinlock.h>

#define VBLK_SECTOR_SIZE	512	/* the protocol's unit, whatever the disk's */

/* Block feature bits armhv knows of. */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* What armhv accepts of what a device offers: the 1.x interface, and the
 * block features it uses (read-only, block size, flush, the largest
 * segment); never indirect descriptors, event index, packed rings or
 * anything else it would have to honour. */
#define VBLK_FEATURES	((1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_BLK_F_RO) | \
			 (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_BLK_F_FLUSH) | \
			 (1ULL << VIRTIO_BLK_F_SIZE_MAX))

/* Request types and status values. */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define VBLK_S_UNWRITTEN	0xff	/* set before a request: no device answer */

#define VBLK_QUEUE_SIZE		8	/* one request (3 descriptors) out at a time */
#define VBLK_BOUNCE_PAGES	16	/* 64 KiB: the most one request moves */
#define VBLK_MAX_REQ_SECTORS	(VBLK_BOUNCE_PAGES * PAGE_SIZE / VBLK_SECTOR_SIZE)
/* The memory a vblk needs, physically contiguous: the rings' page, a page
 * for the request header and status byte, then the bounce buffer. */
#define VBLK_DMA_PAGES		(2 + VBLK_BOUNCE_PAGES)

/* How long a request may take, by the architected counter (time_ms). */
#define VBLK_IO_TIMEOUT_MS	10000
#define VBLK_FLUSH_TIMEOUT_MS	30000
/* Reads of the configuration space retried while its generation moves. */
#define VBLK_CONFIG_TRIES	3
/* The largest capacity believed, in sectors (512 TiB): more is a device
 * gone wrong, and sizes in bytes stay far from overflowing. */
#define VBLK_MAX_CAPACITY	(1ULL << 40)
/* Polls of the used ring between reads of the device's status register
 * (a device asking to be reset fails the request at once). */
#define VBLK_STATUS_POLL_EVERY	256

struct vblk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* VBLK_DMA_PAGES physically contiguous pages: EL2 VA and PA. */
struct vblk_dma {
	void *va;
	paddr_t pa;
};

struct vblk {
	struct vmmio t;
	struct virtq vq;
	bool coherent;			/* the DT node said dma-coherent */
	uint64_t offered;		/* the device's features */
	uint64_t features;		/* the ones negotiated */
	uint64_t capacity;		/* in sectors */
	uint32_t blk_size;		/* its block size in bytes, 0 if not said */
	uint32_t max_sectors;		/* in one request */
	bool out_of_service;
	bool reset_failed;		/* its DMA memory must stay its own */
	char why[128];			/* why init failed, or why out of service */
	uint64_t requests, errors;
	uint64_t wait_ticks;		/* counter ticks spent waiting for answers */
	/* DMA memory: the request header, the status byte (in another
	 * cache writeback granule), the bounce buffer. */
	struct vblk_req_hdr *hdr;
	paddr_t hdr_pa;
	volatile uint8_t *status;
	paddr_t status_pa;
	uint8_t *bounce;
	paddr_t bounce_pa;
	spinlock_t lock;
};

/* Brings up the virtio-blk device of transport t (vmmio_probe()d: modern,
 * DeviceID 2) with dma, VBLK_DMA_PAGES pages that are the device's from
 * then on. After a failure they may be freed unless d->reset_failed (the
 * device did not reset and may still hold their address).
 * coherent: the device's DMA snoops the CPUs' caches (QEMU's virt says
 * dma-coherent); otherwise every request cleans and invalidates what the
 * device reads and writes, and the rings, to the point of coherency.
 * Returns 0; -ENOTSUP if the device lacks VIRTIO_F_VERSION_1; -EIO if it
 * misbehaves: a reset that does not complete, features it does not keep,
 * no usable queue, a capacity of 0 or above VBLK_MAX_CAPACITY, a
 * configuration generation moving on every read. d->why says which. */
int vblk_init(struct vblk *d, const struct vmmio *t, bool coherent, struct vblk_dma dma);

/* count sectors from sector, to or from buf (any armhv memory of count *
 * VBLK_SECTOR_SIZE bytes), in requests of at most d->max_sectors. 0, or
 * -ERANGE (nothing submitted) if they do not all lie below the capacity;
 * -EINVAL for a NULL buf; -EPERM to write a read-only device; -EIO if the
 * device fails or misbehaves (a rate-limited log line says how) or is out
 * of service; -ETIMEDOUT if it does not answer within VBLK_IO_TIMEOUT_MS
 * (then out of service). A failed call may have moved part of the data.
 * count 0 does nothing. */
int vblk_read(struct vblk *d, uint64_t sector, void *buf, size_t count);
int vblk_write(struct vblk *d, uint64_t sector, const void *buf, size_t count);
/* Writes completed before it are on stable storage once it returns 0.
 * Without VIRTIO_BLK_F_FLUSH the device has no volatile cache (virtio
 * 1.x: the driver may assume writethrough), so there is nothing to send. */
int vblk_flush(struct vblk *d);

/* fn is called on every poll while a request is waited for: main.c
 * registers the crash path's cpu_stop_check(), so that a CPU waiting for
 * the disk stops for a crash dump like any other wait loop. */
void vblk_set_poll_hook(void (*fn)(void));

/* Checks the device's answer to one request (pure): type, the data bytes
 * it carried, the length the device says it wrote into the chain, and
 * the status byte. 0, or -EIO with why. */
int vblk_check_answer(uint32_t type, uint32_t data_len, uint32_t used_len, uint8_t status,
		      char *why, size_t why_size);

#endif
