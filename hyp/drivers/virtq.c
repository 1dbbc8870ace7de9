/* A split virtqueue on the driver's side (drivers/virtq.h). */
#include <drivers/virtq.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <stdio.h>
#include <string.h>

/* For a device that does not snoop the caches: memory must hold what the
 * CPU wrote before the device reads it, and no stale line may hide what
 * the device wrote. dc civac does both (on a line the CPU has not written
 * since, it only invalidates). */
static void dma_sync(const struct virtq *vq, const volatile void *p, size_t size)
{
	if (!vq->coherent)
		dcache_clean_inval_poc((const void *)p, size);
}

int virtq_init(struct virtq *vq, uint16_t size, void *ring, paddr_t ring_pa, bool coherent)
{
	if (size == 0 || size > VIRTQ_MAX_SIZE || (size & (size - 1)) ||
	    !pa_is_aligned(ring_pa, PAGE_SIZE) || !pa_addr(ring_pa))
		return -EINVAL;
	memset(vq, 0, sizeof(*vq));
	vq->size = size;
	vq->coherent = coherent;
	vq->desc = ring;
	vq->avail = (struct virtq_avail *)((char *)ring + size * sizeof(struct virtq_desc));
	vq->used = (struct virtq_used *)((char *)ring + VIRTQ_USED_OFFSET);
	vq->desc_pa = ring_pa;
	vq->avail_pa = pa_add(ring_pa, size * sizeof(struct virtq_desc));
	vq->used_pa = pa_add(ring_pa, VIRTQ_USED_OFFSET);
	memset(ring, 0, VIRTQ_RING_BYTES);
	/* armhv polls the used ring: no interrupt wanted. */
	vq->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	for (uint16_t i = 0; i < size; i++)
		vq->next[i] = (uint16_t)(i + 1);
	vq->free_count = size;
	dma_sync(vq, ring, VIRTQ_RING_BYTES);
	return 0;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n, uint16_t *head)
{
	uint16_t h = vq->free_head, d = h, slot;

	if (n == 0)
		return -EINVAL;
	if (n > vq->free_count)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++)
		if (!bufs[i].len || !pa_addr(bufs[i].pa))
			return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		struct virtq_desc *desc = &vq->desc[d];

		desc->addr = pa_addr(bufs[i].pa);
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
					 (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		desc->next = i + 1 < n ? vq->next[d] : 0;
		if (i + 1 < n)
			d = vq->next[d];
	}
	vq->free_head = vq->next[d];
	vq->free_count = (uint16_t)(vq->free_count - n);
	vq->chain_len[h] = (uint16_t)n;
	slot = vq->avail_idx & (vq->size - 1);
	vq->avail->ring[slot] = h;
	/* The chain and its ring entry reach the device before the index
	 * that hands them over (the device may look without a notify). */
	dma_sync(vq, vq->desc, vq->size * sizeof(struct virtq_desc));
	dma_sync(vq, &vq->avail->ring[slot], sizeof(vq->avail->ring[slot]));
	dmb(oshst);
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	dma_sync(vq, &vq->avail->idx, sizeof(vq->avail->idx));
	vq->in_flight++;
	*head = h;
	return 0;
}

int virtq_get_used(struct virtq *vq, uint16_t *head, uint32_t *len, char *why, size_t why_size)
{
	volatile struct virtq_used_elem *e;
	uint16_t idx, moved, id16, d;
	uint32_t id;

	dma_sync(vq, &vq->used->idx, sizeof(vq->used->idx));
	idx = READ_ONCE(vq->used->idx);
	moved = (uint16_t)(idx - vq->last_used);
	if (!moved)
		return 0;
	if (moved > vq->in_flight) {
		snprintf(why, why_size, "used ring index moved by %u (from %u to %u) with %u "
			 "request(s) out, queue size %u", moved, vq->last_used, idx,
			 vq->in_flight, vq->size);
		return -EIO;
	}
	/* The element is read after the index that published it. */
	dmb(oshld);
	e = &vq->used->ring[vq->last_used & (vq->size - 1)];
	dma_sync(vq, e, sizeof(*e));
	id = e->id;
	*len = e->len;
	if (id >= vq->size || !vq->chain_len[id]) {
		snprintf(why, why_size, "used ring element %u names chain %u, which was not "
			 "submitted", vq->last_used, id);
		return -EIO;
	}
	/* The chain goes back on the free list by the driver's own links,
	 * never by the descriptors' next fields, which the device could
	 * have changed. */
	id16 = (uint16_t)id;
	d = id16;
	for (uint16_t i = 1; i < vq->chain_len[id16]; i++)
		d = vq->next[d];
	vq->next[d] = vq->free_head;
	vq->free_head = id16;
	vq->free_count = (uint16_t)(vq->free_count + vq->chain_len[id16]);
	vq->chain_len[id16] = 0;
	vq->last_used++;
	vq->in_flight--;
	*head = id16;
	return 1;
}
