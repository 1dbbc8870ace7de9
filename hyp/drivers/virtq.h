/* A split virtqueue (virtio 1.x, "Split Virtqueues") on the driver's side:
 * the rings in memory the device reaches by DMA, and the driver's own
 * bookkeeping (free descriptors, which chains are out), kept apart where
 * the device cannot write it. Nothing the device returns is trusted:
 * virtq_get_used() checks the used ring against that bookkeeping. Pure
 * logic over memory (no device registers), host-tested with a fake device
 * (unit-vblk). The rings' little-endian fields are accessed natively:
 * armhv runs little-endian. */
#ifndef ARMHV_VIRTQ_H
#define ARMHV_VIRTQ_H

#include <arch/types.h>

/* A queue of at most this many descriptors: armhv's requests are few and
 * synchronous. */
#define VIRTQ_MAX_SIZE		16
/* The rings take one page: the descriptor table and the available ring
 * (written by the driver) in its first half, the used ring (written by
 * the device) in its second, so that no cache writeback granule (2 KiB
 * at most, CTR_EL0.CWG) holds both, which cache maintenance for a device
 * that is not coherent needs. */
#define VIRTQ_RING_BYTES	PAGE_SIZE
#define VIRTQ_USED_OFFSET	(PAGE_SIZE / 2)

#define VIRTQ_DESC_F_NEXT		1
#define VIRTQ_DESC_F_WRITE		2	/* the device writes this buffer */
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event, unused without EVENT_IDX */
};

struct virtq_used_elem {
	uint32_t id;		/* head of the chain the device is done with */
	uint32_t len;		/* bytes it wrote into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

/* One buffer of a chain: its physical address (what the device uses),
 * length, and whether the device writes it (else it reads it). */
struct virtq_buf {
	paddr_t pa;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	uint16_t size;			/* a power of two, <= VIRTQ_MAX_SIZE */
	bool coherent;			/* device DMA snoops the CPUs' caches */
	/* The rings (shared with the device), at their EL2 VAs and PAs. */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	paddr_t desc_pa, avail_pa, used_pa;
	/* The driver's own state: the device never writes it. */
	uint16_t avail_idx;		/* the next available index to publish */
	uint16_t last_used;		/* the used index consumed so far */
	uint16_t in_flight;		/* chains out with the device */
	uint16_t free_head, free_count;
	uint16_t next[VIRTQ_MAX_SIZE];	/* free list, and each chain's links */
	uint16_t chain_len[VIRTQ_MAX_SIZE]; /* by head; 0: not out */
};

/* Sets vq up on VIRTQ_RING_BYTES of zeroed ring memory at ring (EL2 VA)
 * and ring_pa, page aligned; size a power of two from 1 to
 * VIRTQ_MAX_SIZE. Without coherent, the rings are cleaned to the point
 * of coherency before the device gets their address. -EINVAL if size or
 * alignment is wrong. */
int virtq_init(struct virtq *vq, uint16_t size, void *ring, paddr_t ring_pa, bool coherent);

/* Publishes the chain bufs[0..n) in the available ring (the device learns
 * of it when notified) and returns its head in *head. -ENOSPC without n
 * free descriptors, -EINVAL for an empty chain or a buffer of length 0 or
 * at PA 0. */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n, uint16_t *head);

/* Takes the next chain the device is done with: 0 if none yet; 1 with
 * its head and the length the device says it wrote; -EIO, with why (a
 * line, no newline), when the used ring breaks the protocol: its index
 * moved past the chains that are out (beyond the queue size included),
 * or an element names a chain that was not submitted. After -EIO the
 * queue must not be used until the device is reset and the queue set up
 * again. */
int virtq_get_used(struct virtq *vq, uint16_t *head, uint32_t *len, char *why, size_t why_size);

#endif
