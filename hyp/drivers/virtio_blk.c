/* virtio-blk at EL2 (drivers/virtio_blk.h). */
#include <drivers/virtio_blk.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <lib/bulk.h>
#include <lib/log.h>
#include <stdio.h>
#include <string.h>

#define STATUS_OFFSET	(PAGE_SIZE / 2)	/* in the request page, away from the header */

static void (*poll_hook)(void);

void vblk_set_poll_hook(void (*fn)(void))
{
	poll_hook = fn;
}

/* "a read of 8 sectors at sector 100", "a flush", for log lines. */
static void describe(char *buf, size_t size, uint32_t type, uint64_t sector, uint32_t data_len)
{
	if (type == VIRTIO_BLK_T_FLUSH)
		snprintf(buf, size, "a flush");
	else
		snprintf(buf, size, "a %s of %u sector%s at sector %llu",
			 type == VIRTIO_BLK_T_IN ? "read" : "write", data_len / VBLK_SECTOR_SIZE,
			 data_len == VBLK_SECTOR_SIZE ? "" : "s", (unsigned long long)sector);
}

static void dma_sync(const struct vblk *d, const volatile void *p, size_t size)
{
	if (!d->coherent)
		dcache_clean_inval_poc((const void *)p, size);
}

int vblk_check_answer(uint32_t type, uint32_t data_len, uint32_t used_len, uint8_t status,
		      char *why, size_t why_size)
{
	/* The device writes the data of a read, then the status byte. */
	uint32_t want = (type == VIRTIO_BLK_T_IN ? data_len : 0) + 1;

	if (status != VIRTIO_BLK_S_OK) {
		if (status == VIRTIO_BLK_S_IOERR)
			snprintf(why, why_size, "the device reports an I/O error");
		else if (status == VIRTIO_BLK_S_UNSUPP)
			snprintf(why, why_size, "the device does not support the request");
		else if (status == VBLK_S_UNWRITTEN)
			snprintf(why, why_size, "the device did not write the status byte");
		else
			snprintf(why, why_size, "status 0x%02x is none of virtio-blk's", status);
		return -EIO;
	}
	if (used_len != want) {
		snprintf(why, why_size, "the device says it wrote %u bytes, %u expected",
			 used_len, want);
		return -EIO;
	}
	return 0;
}

/* The device broke the protocol or did not answer: it is reset (so that
 * it lets go of the rings and buffers) and used no more. */
static int out_of_service(struct vblk *d, const char *why, int err)
{
	d->out_of_service = true;
	d->errors++;
	snprintf(d->why, sizeof(d->why), "%s", why);
	if (vmmio_reset(&d->t))
		d->reset_failed = true;
	log_ratelimited(LOG_ERR, "disk at 0x%llx: %s: out of service%s",
			(unsigned long long)pa_addr(d->t.pa), why,
			d->reset_failed ? " (it did not reset: its memory stays its own)" : "");
	return err;
}

/* One request: the header, data_len bytes of the bounce buffer (none for
 * a flush), the status byte. The caller holds the lock. */
static int submit(struct vblk *d, uint32_t type, uint64_t sector, uint32_t data_len)
{
	uint64_t timeout = type == VIRTIO_BLK_T_FLUSH ? VBLK_FLUSH_TIMEOUT_MS : VBLK_IO_TIMEOUT_MS;
	struct virtq_buf bufs[3];
	unsigned n = 0, polls = 0;
	uint16_t head, done;
	uint32_t len;
	char why[128], what[64];
	uint64_t t0, ticks0;
	int ret;

	d->hdr->type = type;
	d->hdr->reserved = 0;
	d->hdr->sector = sector;
	*d->status = VBLK_S_UNWRITTEN;
	/* For a device that does not snoop: what it reads is in memory, and
	 * no dirty line of what it writes can be evicted over its data. */
	dma_sync(d, d->hdr, sizeof(*d->hdr));
	dma_sync(d, d->status, 1);
	if (data_len)
		dma_sync(d, d->bounce, data_len);
	bufs[n++] = (struct virtq_buf){ d->hdr_pa, sizeof(*d->hdr), false };
	if (data_len)
		bufs[n++] = (struct virtq_buf){ d->bounce_pa, data_len, type == VIRTIO_BLK_T_IN };
	bufs[n++] = (struct virtq_buf){ d->status_pa, 1, true };
	ret = virtq_add(&d->vq, bufs, n, &head);
	if (ret)	/* never with one request out at a time */
		return out_of_service(d, "no free descriptors", -EIO);
	d->requests++;
	ticks0 = time_ticks();
	vmmio_notify(&d->t, 0);
	t0 = time_ms();
	for (;;) {
		ret = virtq_get_used(&d->vq, &done, &len, why, sizeof(why));
		if (ret < 0)
			return out_of_service(d, why, -EIO);
		if (ret)
			break;
		if (time_ms() - t0 > timeout) {
			describe(what, sizeof(what), type, sector, data_len);
			snprintf(why, sizeof(why), "no answer to %s within %llu ms", what,
				 (unsigned long long)timeout);
			return out_of_service(d, why, -ETIMEDOUT);
		}
		if (++polls % VBLK_STATUS_POLL_EVERY == 0 &&
		    (vmmio_status(&d->t) & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED)))
			return out_of_service(d, "the device asks to be reset", -EIO);
		if (poll_hook)
			poll_hook();
		cpu_relax();
	}
	d->wait_ticks += time_ticks() - ticks0;
	vmmio_ack_interrupts(&d->t);
	if (done != head)	/* virtq let through only chains that are out */
		return out_of_service(d, "the device answered another request", -EIO);
	/* Nothing read below may come from a stale line. */
	dma_sync(d, d->status, 1);
	if (type == VIRTIO_BLK_T_IN)
		dma_sync(d, d->bounce, data_len);
	ret = vblk_check_answer(type, data_len, len, *d->status, why, sizeof(why));
	if (ret) {
		d->errors++;
		describe(what, sizeof(what), type, sector, data_len);
		log_ratelimited(LOG_WARN, "disk at 0x%llx: %s failed: %s",
				(unsigned long long)pa_addr(d->t.pa), what, why);
	}
	return ret;
}

static int in_service(struct vblk *d)
{
	if (!d->out_of_service)
		return 0;
	log_ratelimited(LOG_WARN, "disk at 0x%llx is out of service: %s",
			(unsigned long long)pa_addr(d->t.pa), d->why);
	return -EIO;
}

static int transfer(struct vblk *d, uint32_t type, uint64_t sector, uint8_t *buf, size_t count)
{
	int ret = 0;

	if (!count)
		return 0;
	spin_lock(&d->lock);
	ret = in_service(d);
	/* Refused before anything reaches the device. */
	if (!ret && (sector >= d->capacity || count > d->capacity - sector))
		ret = -ERANGE;
	if (!ret && !buf)
		ret = -EINVAL;
	if (!ret && type == VIRTIO_BLK_T_OUT && (d->features & (1ULL << VIRTIO_BLK_F_RO)))
		ret = -EPERM;
	while (!ret && count) {
		uint32_t n = (uint32_t)MIN(count, (size_t)d->max_sectors);
		uint32_t bytes = n * VBLK_SECTOR_SIZE;

		/* Every byte goes through here: bulk_copy, not memcpy
		 * (lib/bulk.h). */
		if (type == VIRTIO_BLK_T_OUT)
			bulk_copy(d->bounce, buf, bytes);
		ret = submit(d, type, sector, bytes);
		if (!ret && type == VIRTIO_BLK_T_IN)
			bulk_copy(buf, d->bounce, bytes);
		sector += n;
		buf += bytes;
		count -= n;
	}
	spin_unlock(&d->lock);
	return ret;
}

int vblk_read(struct vblk *d, uint64_t sector, void *buf, size_t count)
{
	return transfer(d, VIRTIO_BLK_T_IN, sector, buf, count);
}

int vblk_write(struct vblk *d, uint64_t sector, const void *buf, size_t count)
{
	/* Only read from: transfer() writes into buf for reads alone. */
	return transfer(d, VIRTIO_BLK_T_OUT, sector, (uint8_t *)(uintptr_t)buf, count);
}

int vblk_flush(struct vblk *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = in_service(d);
	if (!ret && (d->features & (1ULL << VIRTIO_BLK_F_FLUSH)))
		ret = submit(d, VIRTIO_BLK_T_FLUSH, 0, 0);
	spin_unlock(&d->lock);
	return ret;
}

/* ---- bringing the device up ---------------------------------------------- */

/* The configuration fields armhv reads, all from one generation. */
static int read_config(struct vblk *d, uint32_t *size_max)
{
	for (unsigned i = 0; i < VBLK_CONFIG_TRIES; i++) {
		uint32_t gen = vmmio_config_generation(&d->t);
		/* 64-bit fields as two 32-bit reads, as the transport asks. */
		uint64_t lo = vmmio_config_read32(&d->t, 0), hi = vmmio_config_read32(&d->t, 4);

		*size_max = d->features & (1ULL << VIRTIO_BLK_F_SIZE_MAX) ?
			    vmmio_config_read32(&d->t, 8) : 0;
		d->blk_size = d->features & (1ULL << VIRTIO_BLK_F_BLK_SIZE) ?
			      vmmio_config_read32(&d->t, 20) : 0;
		d->capacity = lo | hi << 32;
		if (vmmio_config_generation(&d->t) == gen)
			return 0;
	}
	snprintf(d->why, sizeof(d->why), "its configuration generation changed during each of %d reads",
		 VBLK_CONFIG_TRIES);
	return -EIO;
}

static int fail_init(struct vblk *d, int err)
{
	/* The device learns the driver gave up; a reset makes it drop any
	 * queue it was given. */
	vmmio_add_status(&d->t, VIRTIO_STATUS_FAILED);
	if (vmmio_reset(&d->t))
		d->reset_failed = true;
	d->out_of_service = true;
	return err;
}

/* The queue: as large as armhv wants and the device takes, a power of two
 * that holds a request's three descriptors. */
static int setup_queue(struct vblk *d, struct vblk_dma dma)
{
	int max = vmmio_queue_max(&d->t, 0);
	uint16_t size = VBLK_QUEUE_SIZE;

	if (max < 0) {
		snprintf(d->why, sizeof(d->why), "its queue 0 is already in use after a reset");
		return -EIO;
	}
	while (size > (unsigned)max)
		size /= 2;
	if (size < 4) {
		snprintf(d->why, sizeof(d->why), "its queue 0 takes %d entries, 4 needed", max);
		return -EIO;
	}
	if (virtq_init(&d->vq, size, dma.va, dma.pa, d->coherent)) {
		snprintf(d->why, sizeof(d->why), "bad DMA memory");
		return -EIO;
	}
	vmmio_queue_enable(&d->t, 0, size, d->vq.desc_pa, d->vq.avail_pa, d->vq.used_pa);
	return 0;
}

int vblk_init(struct vblk *d, const struct vmmio *t, bool coherent, struct vblk_dma dma)
{
	char *req = (char *)dma.va + PAGE_SIZE;
	uint32_t size_max;
	int ret;

	memset(d, 0, sizeof(*d));
	d->t = *t;
	d->coherent = coherent;
	d->hdr = (struct vblk_req_hdr *)req;
	d->hdr_pa = pa_add(dma.pa, PAGE_SIZE);
	d->status = (volatile uint8_t *)(req + STATUS_OFFSET);
	d->status_pa = pa_add(d->hdr_pa, STATUS_OFFSET);
	d->bounce = (uint8_t *)dma.va + 2 * PAGE_SIZE;
	d->bounce_pa = pa_add(dma.pa, 2 * PAGE_SIZE);
	if (t->version != VMMIO_VERSION_MODERN || t->device_id != VIRTIO_ID_BLOCK) {
		snprintf(d->why, sizeof(d->why), "not a virtio 1.x block device");
		d->out_of_service = true;
		return -ENODEV;
	}
	if (vmmio_reset(&d->t)) {
		snprintf(d->why, sizeof(d->why), "it did not complete a reset within %d ms",
			 VMMIO_RESET_TIMEOUT_MS);
		d->reset_failed = true;
		d->out_of_service = true;
		return -EIO;
	}
	vmmio_add_status(&d->t, VIRTIO_STATUS_ACKNOWLEDGE);
	vmmio_add_status(&d->t, VIRTIO_STATUS_DRIVER);
	d->offered = vmmio_device_features(&d->t);
	if (!(d->offered & (1ULL << VIRTIO_F_VERSION_1))) {
		snprintf(d->why, sizeof(d->why), "it does not offer VIRTIO_F_VERSION_1");
		return fail_init(d, -ENOTSUP);
	}
	d->features = d->offered & VBLK_FEATURES;
	vmmio_set_driver_features(&d->t, d->features);
	vmmio_add_status(&d->t, VIRTIO_STATUS_FEATURES_OK);
	if (!(vmmio_status(&d->t) & VIRTIO_STATUS_FEATURES_OK)) {
		snprintf(d->why, sizeof(d->why), "it did not accept features 0x%llx",
			 (unsigned long long)d->features);
		return fail_init(d, -EIO);
	}
	ret = read_config(d, &size_max);
	if (ret)
		return fail_init(d, ret);
	if (!d->capacity || d->capacity > VBLK_MAX_CAPACITY) {
		snprintf(d->why, sizeof(d->why), "its capacity of %llu sectors is %s",
			 (unsigned long long)d->capacity, d->capacity ? "beyond belief" : "nothing");
		return fail_init(d, -EIO);
	}
	d->max_sectors = VBLK_MAX_REQ_SECTORS;
	if (d->features & (1ULL << VIRTIO_BLK_F_SIZE_MAX)) {
		if (size_max < VBLK_SECTOR_SIZE) {
			snprintf(d->why, sizeof(d->why), "its largest segment (%u bytes) is below a sector",
				 size_max);
			return fail_init(d, -EIO);
		}
		d->max_sectors = MIN(d->max_sectors, size_max / VBLK_SECTOR_SIZE);
	}
	ret = setup_queue(d, dma);
	if (ret)
		return fail_init(d, ret);
	vmmio_add_status(&d->t, VIRTIO_STATUS_DRIVER_OK);
	if (vmmio_status(&d->t) & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED)) {
		snprintf(d->why, sizeof(d->why), "it asks to be reset as soon as it starts");
		return fail_init(d, -EIO);
	}
	return 0;
}
