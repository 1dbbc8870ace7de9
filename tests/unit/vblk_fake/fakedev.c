/* The fake virtio-mmio block device of unit-vblk (fakedev.h), and the
 * fake clock, cache maintenance and cpu_relax() behind the stand-in arch
 * headers of this folder. */
#include "fakedev.h"
#include <arch/cache.h>
#include <arch/mmio.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <stdlib.h>
#include <string.h>

struct fakedev fake;
uint64_t fake_now_ms;

struct range {
	uintptr_t start, end;
};

/* Cache maintenance since the last notify, and since the last answer. */
static struct range since_notify[FAKE_MAX_RANGES], since_answer[FAKE_MAX_RANGES];
static unsigned n_notify, n_answer;
/* What the device wrote in its last answer: the driver must have
 * invalidated it before the next request. */
static struct range written[4];
static unsigned n_written;

uint64_t time_ms(void)
{
	return fake_now_ms++;
}

uint64_t time_ticks(void)
{
	return fake_now_ms;
}

static void add(struct range *list, unsigned *n, uintptr_t start, uintptr_t end)
{
	if (*n < FAKE_MAX_RANGES)
		list[(*n)++] = (struct range){ start, end };
	else
		fake.cache_errors++;	/* more than any one request needs */
}

void dcache_clean_inval_poc(const void *va, size_t size)
{
	fake.cache_calls++;
	add(since_notify, &n_notify, (uintptr_t)va, (uintptr_t)va + size);
	add(since_answer, &n_answer, (uintptr_t)va, (uintptr_t)va + size);
}

static bool covered(const struct range *list, unsigned n, uintptr_t start, uintptr_t end)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i].start <= start && end <= list[i].end)
			return true;
	return false;
}

bool fake_cache_covered(const volatile void *p, size_t size)
{
	uintptr_t s = (uintptr_t)p;

	return covered(since_answer, n_answer, s, s + size);
}

static void expect_maintained(const struct range *list, unsigned n, const volatile void *p,
			      size_t size)
{
	uintptr_t s = (uintptr_t)p;

	if (fake.check_cache && !covered(list, n, s, s + size))
		fake.cache_errors++;
}

void fake_reset_device(uint64_t capacity)
{
	free(fake.data);
	memset(&fake, 0, sizeof(fake));
	fake.magic = VMMIO_MAGIC_VALUE;
	fake.version = VMMIO_VERSION_MODERN;
	fake.device_id = VIRTIO_ID_BLOCK;
	fake.offered = (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_BLK_F_FLUSH) |
		       (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_F_INDIRECT_DESC) |
		       (1ULL << VIRTIO_F_EVENT_IDX) | (1ULL << VIRTIO_BLK_F_SEG_MAX);
	fake.capacity = capacity;
	fake.data_sectors = capacity;
	fake.data = calloc(capacity ? capacity : 1, VBLK_SECTOR_SIZE);
	fake.blk_size = 4096;
	fake.queue_num_max = 256;
	n_notify = n_answer = n_written = 0;
}

static void *dma(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

/* Serves the request whose chain starts at head. */
static void serve_one(uint16_t head)
{
	struct virtq_desc *desc = dma(fake.desc), *chain[4];
	struct virtq_used *used = dma(fake.device);
	struct vblk_req_hdr *hdr;
	enum fake_mode mode = fake.mode;
	unsigned n = 0, d = head;
	uint32_t len = 1, id = head, data_len = 0;
	uint8_t status = VIRTIO_BLK_S_OK, *data = NULL, *st;
	uint16_t move = 1;

	for (;;) {
		if (d >= fake.queue_num || n == 4) {
			fake.driver_errors++;	/* a loop, or a chain too long */
			return;
		}
		chain[n++] = &desc[d];
		if (!(desc[d].flags & VIRTQ_DESC_F_NEXT))
			break;
		d = desc[d].next;
	}
	fake.requests++;
	if (n < 2 || chain[0]->len != sizeof(*hdr) || (chain[0]->flags & VIRTQ_DESC_F_WRITE) ||
	    chain[n - 1]->len != 1 || !(chain[n - 1]->flags & VIRTQ_DESC_F_WRITE)) {
		fake.driver_errors++;
		return;
	}
	hdr = dma(chain[0]->addr);
	st = dma(chain[n - 1]->addr);
	expect_maintained(since_notify, n_notify, hdr, sizeof(*hdr));
	expect_maintained(since_notify, n_notify, st, 1);
	if (n == 3) {
		data = dma(chain[1]->addr);
		data_len = chain[1]->len;
		expect_maintained(since_notify, n_notify, data, data_len);
	}
	if (hdr->reserved || (hdr->type == VIRTIO_BLK_T_FLUSH && (n != 2 || hdr->sector)) ||
	    (hdr->type != VIRTIO_BLK_T_FLUSH && (n != 3 || !data_len || data_len % VBLK_SECTOR_SIZE ||
	     !(chain[1]->flags & VIRTQ_DESC_F_WRITE) != (hdr->type == VIRTIO_BLK_T_OUT) ||
	     hdr->sector > fake.data_sectors ||
	     data_len / VBLK_SECTOR_SIZE > fake.data_sectors - hdr->sector))) {
		fake.driver_errors++;
		status = VIRTIO_BLK_S_IOERR;
	} else if (hdr->type == VIRTIO_BLK_T_IN) {
		memcpy(data, fake.data + hdr->sector * VBLK_SECTOR_SIZE, data_len);
		len += data_len;
		fake.reads++;
	} else if (hdr->type == VIRTIO_BLK_T_OUT) {
		memcpy(fake.data + hdr->sector * VBLK_SECTOR_SIZE, data, data_len);
		fake.writes++;
	} else if (hdr->type == VIRTIO_BLK_T_FLUSH) {
		fake.flushes++;
	} else {
		status = VIRTIO_BLK_S_UNSUPP;
	}
	switch (mode) {
	case FAKE_IDX_JUMP: move = 2; break;
	case FAKE_IDX_FAR: move = 1000; break;
	case FAKE_BAD_ID: id = (head + 1) % fake.queue_num; break;
	case FAKE_HUGE_ID: id = 0xffffffff; break;
	case FAKE_LEN_SHORT: len--; break;
	case FAKE_LEN_LONG: len += 4096; break;
	case FAKE_STATUS_IOERR: status = VIRTIO_BLK_S_IOERR; break;
	case FAKE_STATUS_UNSUPP: status = VIRTIO_BLK_S_UNSUPP; break;
	case FAKE_STATUS_JUNK: status = 0x7f; break;
	default: break;
	}
	if (mode != FAKE_STATUS_UNWRITTEN)
		*st = status;
	used->ring[fake.used_idx % fake.queue_num] = (struct virtq_used_elem){ id, len };
	fake.used_idx = (uint16_t)(fake.used_idx + move);
	__atomic_store_n(&used->idx, fake.used_idx, __ATOMIC_RELEASE);
	/* The driver must not read these through stale cache lines. */
	n_answer = 0;
	n_written = 0;
	written[n_written++] = (struct range){ (uintptr_t)&used->idx, (uintptr_t)&used->idx + 2 };
	written[n_written++] = (struct range){ (uintptr_t)&used->ring[(fake.used_idx - move) % fake.queue_num],
					       (uintptr_t)&used->ring[(fake.used_idx - move) % fake.queue_num] + 8 };
	written[n_written++] = (struct range){ (uintptr_t)st, (uintptr_t)st + 1 };
	if (hdr->type == VIRTIO_BLK_T_IN && data)
		written[n_written++] = (struct range){ (uintptr_t)data, (uintptr_t)data + data_len };
	if (fake.mode_once)
		fake.mode = FAKE_OK;
}

/* What the last answer wrote was invalidated before the driver went on. */
static void check_answer_invalidated(void)
{
	for (unsigned i = 0; fake.check_cache && i < n_written; i++)
		if (!covered(since_answer, n_answer, written[i].start, written[i].end))
			fake.cache_errors++;
	n_written = 0;
}

static void serve(void)
{
	struct virtq_avail *avail = dma(fake.driver);

	expect_maintained(since_notify, n_notify, &avail->idx, 2);
	while (fake.last_avail != avail->idx) {
		uint16_t slot = fake.last_avail % fake.queue_num;

		expect_maintained(since_notify, n_notify, &avail->ring[slot], 2);
		expect_maintained(since_notify, n_notify, &((struct virtq_desc *)dma(fake.desc))[avail->ring[slot]],
				  sizeof(struct virtq_desc));
		fake.last_avail++;
		serve_one(avail->ring[slot]);
	}
	n_notify = 0;
}

static void notify(void)
{
	fake.notifies++;
	check_answer_invalidated();
	if (!fake.queue_ready || !(fake.status & VIRTIO_STATUS_DRIVER_OK)) {
		fake.driver_errors++;
		return;
	}
	switch (fake.mode) {
	case FAKE_NO_ANSWER:
		return;
	case FAKE_NEEDS_RESET:
		fake.status |= VIRTIO_STATUS_NEEDS_RESET;
		return;
	case FAKE_LATE:
		fake.pending = fake.late_polls;
		if (fake.mode_once)
			fake.mode = FAKE_OK;
		return;
	default:
		serve();
	}
}

void fake_cpu_relax(void)
{
	if (fake.pending && --fake.pending == 0)
		serve();
}

static uint32_t config_read(uint64_t off)
{
	switch (off) {
	case 0: return (uint32_t)fake.capacity;
	case 4: return (uint32_t)(fake.capacity >> 32);
	case 8: return fake.size_max;
	case 20: return fake.blk_size;
	default: return 0;
	}
}

uint32_t mmio_read32(vaddr_t base, uint64_t off)
{
	if (va_addr(base) != FAKE_REGS_VA || off % 4) {
		fake.driver_errors++;
		return 0;
	}
	switch (off) {
	case VMMIO_MAGIC: return fake.magic;
	case VMMIO_VERSION: return fake.version;
	case VMMIO_DEVICE_ID: return fake.device_id;
	case VMMIO_VENDOR_ID: return 0x554d4551;
	case VMMIO_DEVICE_FEATURES:
		return fake.dev_sel == 0 ? (uint32_t)fake.offered :
		       fake.dev_sel == 1 ? (uint32_t)(fake.offered >> 32) : 0;
	case VMMIO_QUEUE_NUM_MAX: return fake.queue_sel == 0 ? fake.queue_num_max : 0;
	case VMMIO_QUEUE_READY: return fake.queue_live ? 1 : fake.queue_ready;
	case VMMIO_INTERRUPT_STATUS: return fake.used_idx ? 1 : 0;
	case VMMIO_STATUS: return fake.status;
	case VMMIO_CONFIG_GENERATION:
		if (fake.gen_churn) {
			fake.gen_churn--;
			return fake.config_gen++;
		}
		return fake.config_gen;
	default:
		if (off >= VMMIO_CONFIG && off < VMMIO_CONFIG + 0x100)
			return config_read(off - VMMIO_CONFIG);
		fake.driver_errors++;	/* write-only or no register */
		return 0;
	}
}

static void set_addr(uint64_t *a, bool high, uint32_t v)
{
	if (fake.queue_ready)
		fake.driver_errors++;	/* not while the queue is live */
	*a = high ? (*a & 0xffffffffULL) | (uint64_t)v << 32 : (*a & ~0xffffffffULL) | v;
}

static void write_status(uint32_t v)
{
	if (v == 0) {
		fake.resets++;
		fake.status = fake.reset_stuck ? VIRTIO_STATUS_DRIVER_OK : 0;
		fake.queue_ready = 0;
		fake.last_avail = fake.used_idx = 0;
		fake.driver_features = 0;
		fake.pending = 0;
		return;
	}
	if ((fake.status & ~v) & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET)
		fake.driver_errors++;	/* the handshake only adds bits */
	if ((v & VIRTIO_STATUS_FEATURES_OK) && !(fake.status & VIRTIO_STATUS_FEATURES_OK)) {
		if (fake.driver_features & ~fake.offered)
			fake.driver_errors++;
		if (fake.refuse_features_ok)
			v &= ~(uint32_t)VIRTIO_STATUS_FEATURES_OK;
	}
	fake.status = v | (fake.status & VIRTIO_STATUS_NEEDS_RESET);
}

void mmio_write32(vaddr_t base, uint64_t off, uint32_t v)
{
	if (va_addr(base) != FAKE_REGS_VA || off % 4) {
		fake.driver_errors++;
		return;
	}
	switch (off) {
	case VMMIO_DEVICE_FEATURES_SEL: fake.dev_sel = v; break;
	case VMMIO_DRIVER_FEATURES_SEL: fake.drv_sel = v; break;
	case VMMIO_DRIVER_FEATURES:
		if (fake.drv_sel == 0)
			fake.driver_features = (fake.driver_features & ~0xffffffffULL) | v;
		else if (fake.drv_sel == 1)
			fake.driver_features = (fake.driver_features & 0xffffffffULL) | (uint64_t)v << 32;
		break;
	case VMMIO_QUEUE_SEL: fake.queue_sel = v; break;
	case VMMIO_QUEUE_NUM:
		if (fake.queue_ready || v > fake.queue_num_max || !v)
			fake.driver_errors++;
		fake.queue_num = v;
		break;
	case VMMIO_QUEUE_READY: fake.queue_ready = v; break;
	case VMMIO_QUEUE_DESC_LOW: set_addr(&fake.desc, false, v); break;
	case VMMIO_QUEUE_DESC_HIGH: set_addr(&fake.desc, true, v); break;
	case VMMIO_QUEUE_DRIVER_LOW: set_addr(&fake.driver, false, v); break;
	case VMMIO_QUEUE_DRIVER_HIGH: set_addr(&fake.driver, true, v); break;
	case VMMIO_QUEUE_DEVICE_LOW: set_addr(&fake.device, false, v); break;
	case VMMIO_QUEUE_DEVICE_HIGH: set_addr(&fake.device, true, v); break;
	case VMMIO_QUEUE_NOTIFY:
		if (v != 0)
			fake.driver_errors++;
		notify();
		break;
	case VMMIO_INTERRUPT_ACK: break;
	case VMMIO_STATUS: write_status(v); break;
	default: fake.driver_errors++;	/* read-only or no register */
	}
}
