/* Host tests of armhv's virtio-blk driver (drivers/virtq.c, virtio_mmio.c,
 * virtio_blk.c) against a fake device (vblk_fake/fakedev.c) that answers
 * correctly or misbehaves: every misbehaviour must end in an error code
 * and a rate-limited log line, never a crash (ASan/UBSan) or a hang (the
 * fake clock bounds every wait). Built as unit-vblk. */
#include "vblk_fake/fakedev.h"
#include "check.h"
#include <lib/log.h>
#include <stdarg.h>

static struct vblk d;
static uint8_t *dma_mem;
static unsigned log_lines;
static char last_log[256];

/* lib/log.c's rate-limited lines, on the fake clock (not moved by it). */
void log_limited(struct ratelimit *rl, enum log_level level, const char *fmt, ...)
{
	unsigned suppressed;
	va_list ap;

	(void)level;
	if (!ratelimit_allow(rl, fake_now_ms, &suppressed))
		return;
	log_lines++;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
	if (getenv("VBLK_TEST_VERBOSE"))
		fprintf(stderr, "log: %s\n", last_log);
}

static struct vblk_dma dma(void)
{
	if (!dma_mem)
		dma_mem = aligned_alloc(PAGE_SIZE, VBLK_DMA_PAGES * PAGE_SIZE);
	memset(dma_mem, 0xee, VBLK_DMA_PAGES * PAGE_SIZE);	/* not zeroed for it */
	return (struct vblk_dma){ dma_mem, pa_init((uint64_t)(uintptr_t)dma_mem) };
}

/* Probes and brings up the fake as it stands. */
static int bring_up(bool coherent)
{
	struct vmmio t;
	int ret = vmmio_probe(&t, pa_init(0x0a000000), va_init(FAKE_REGS_VA));

	if (ret)
		return ret;
	return vblk_init(&d, &t, coherent, dma());
}

static void fresh(uint64_t capacity)
{
	fake_reset_device(capacity);
	CHECK_EQ(bring_up(true), 0);
	log_lines = 0;
}

static void fill(uint8_t *p, size_t sectors, unsigned seed)
{
	for (size_t i = 0; i < sectors * VBLK_SECTOR_SIZE; i++)
		p[i] = (uint8_t)(i * 13 + seed * 101 + (i >> 9));
}

/* The split ring on its own: chains out at once, answered out of order,
 * the free list whole again after; a used ring that lies is refused. */
static void test_virtq(void)
{
	struct virtq vq;
	uint8_t *ring = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	struct virtq_buf b[3] = { { pa_init(0x1000), 16, false }, { pa_init(0x2000), 512, true },
				  { pa_init(0x3000), 1, true } };
	uint16_t h1, h2, h3, head;
	uint32_t len;
	char why[128];

	CHECK_EQ(virtq_init(&vq, 6, ring, pa_init((uintptr_t)ring), true), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 32, ring, pa_init((uintptr_t)ring), true), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 8, ring, pa_init((uintptr_t)ring + 8), true), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 8, ring, pa_init((uintptr_t)ring), true), 0);
	CHECK_EQ(vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	CHECK_EQ(virtq_add(&vq, b, 0, &h1), -EINVAL);
	b[1].len = 0;
	CHECK_EQ(virtq_add(&vq, b, 3, &h1), -EINVAL);
	b[1].len = 512;
	CHECK_EQ(virtq_add(&vq, b, 3, &h1), 0);
	CHECK_EQ(virtq_add(&vq, b, 3, &h2), 0);
	CHECK_EQ(virtq_add(&vq, b, 3, &h3), -ENOSPC);	/* 2 of 8 left */
	CHECK_EQ(vq.avail->idx, 2);
	CHECK_EQ(vq.desc[h1].flags, VIRTQ_DESC_F_NEXT);
	CHECK_EQ(vq.desc[vq.desc[h1].next].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), 0);
	/* The second answered first; the device scribbles on the descriptors'
	 * next fields, which the driver does not follow. */
	vq.desc[h2].next = 7;
	vq.used->ring[0] = (struct virtq_used_elem){ h2, 513 };
	vq.used->ring[1] = (struct virtq_used_elem){ h1, 1 };
	vq.used->idx = 2;
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), 1);
	CHECK_EQ(head, h2);
	CHECK_EQ(len, 513);
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), 1);
	CHECK_EQ(head, h1);
	CHECK_EQ(vq.free_count, 8);
	CHECK_EQ(vq.in_flight, 0);
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), 0);
	/* All 8 descriptors come back: two chains of 3 and one of 2 fit. */
	CHECK_EQ(virtq_add(&vq, b, 3, &h1), 0);
	CHECK_EQ(virtq_add(&vq, b, 3, &h2), 0);
	CHECK_EQ(virtq_add(&vq, b, 2, &h3), 0);
	CHECK(h1 != h2 && h2 != h3 && h1 != h3);
	/* An index moved past what is out (3), and beyond the queue size. */
	vq.used->idx = (uint16_t)(vq.last_used + 4);
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), -EIO);
	CHECK(strstr(why, "moved by 4") != NULL);
	vq.used->idx = (uint16_t)(vq.last_used + 40000);
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), -EIO);
	/* An element naming a chain not out, or no chain at all. */
	vq.used->idx = (uint16_t)(vq.last_used + 1);
	vq.used->ring[vq.last_used % 8] = (struct virtq_used_elem){ (uint32_t)(h1 + 1), 1 };
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), -EIO);
	CHECK(strstr(why, "not submitted") != NULL);
	vq.used->ring[vq.last_used % 8] = (struct virtq_used_elem){ 0x80000000u, 1 };
	CHECK_EQ(virtq_get_used(&vq, &head, &len, why, sizeof(why)), -EIO);
	free(ring);
}

static void test_check_answer(void)
{
	char why[128];

	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 1024, 1025, 0, why, sizeof(why)), 0);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_OUT, 1024, 1, 0, why, sizeof(why)), 0);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_FLUSH, 0, 1, 0, why, sizeof(why)), 0);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 1024, 1024, 0, why, sizeof(why)), -EIO);
	CHECK(strstr(why, "1024 bytes, 1025 expected") != NULL);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 1024, 0xffffffffu, 0, why, sizeof(why)), -EIO);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_OUT, 1024, 1025, 0, why, sizeof(why)), -EIO);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_FLUSH, 0, 0, 0, why, sizeof(why)), -EIO);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 512, 513, VIRTIO_BLK_S_IOERR, why, sizeof(why)), -EIO);
	CHECK(strstr(why, "I/O error") != NULL);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 512, 513, VIRTIO_BLK_S_UNSUPP, why, sizeof(why)), -EIO);
	CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 512, 513, VBLK_S_UNWRITTEN, why, sizeof(why)), -EIO);
	CHECK(strstr(why, "did not write the status") != NULL);
	for (unsigned s = 3; s < 256; s++)
		CHECK_EQ(vblk_check_answer(VIRTIO_BLK_T_IN, 512, 513, (uint8_t)s, why, sizeof(why)), -EIO);
}

/* A good device: only the features armhv uses are accepted, the
 * handshake ends with DRIVER_OK, the configuration is read. */
static void test_init(void)
{
	fresh(4096);
	CHECK_EQ(d.features, (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_BLK_F_FLUSH) |
			     (1ULL << VIRTIO_BLK_F_BLK_SIZE));
	CHECK_EQ(fake.driver_features, d.features);
	CHECK(!(fake.driver_features & (1ULL << VIRTIO_F_INDIRECT_DESC)));
	CHECK(!(fake.driver_features & (1ULL << VIRTIO_F_EVENT_IDX)));
	CHECK_EQ(fake.status, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	CHECK_EQ(fake.resets, 1);
	CHECK_EQ(d.capacity, 4096);
	CHECK_EQ(d.blk_size, 4096);
	CHECK_EQ(d.max_sectors, VBLK_MAX_REQ_SECTORS);
	CHECK_EQ(fake.queue_num, VBLK_QUEUE_SIZE);
	CHECK_EQ(fake.queue_ready, 1);
	CHECK_EQ(fake.desc, pa_addr(d.vq.desc_pa));
	CHECK(!d.out_of_service);
	CHECK_EQ(fake.driver_errors, 0);
}

/* expect_refused: bring-up fails with err and a reason naming what. */
static void expect_refused(int err, const char *what)
{
	CHECK_EQ(bring_up(true), err);
	CHECK(strstr(d.why, what) != NULL);
	if (!strstr(d.why, what))
		fprintf(stderr, "  why: '%s', expected '%s'\n", d.why, what);
	CHECK(d.out_of_service);
	CHECK_EQ(fake.driver_errors, 0);
}

static void test_init_refused(void)
{
	struct vmmio t;

	/* Legacy, no device, not virtio: refused by the probe. */
	fake_reset_device(64);
	fake.version = VMMIO_VERSION_LEGACY;
	CHECK_EQ(vmmio_probe(&t, pa_init(0x0a000000), va_init(FAKE_REGS_VA)), -ENOTSUP);
	CHECK_EQ(t.device_id, VIRTIO_ID_BLOCK);
	CHECK_EQ(t.version, 1);
	CHECK_EQ(vblk_init(&d, &t, true, dma()), -ENODEV);
	fake.version = VMMIO_VERSION_MODERN;
	fake.device_id = 0;
	CHECK_EQ(bring_up(true), -ENODEV);
	fake.device_id = VIRTIO_ID_BLOCK;
	fake.magic = 0x12345678;
	CHECK_EQ(bring_up(true), -ENODEV);
	/* Not a 1.x device after all. */
	fake_reset_device(64);
	fake.offered &= ~(1ULL << VIRTIO_F_VERSION_1);
	expect_refused(-ENOTSUP, "VIRTIO_F_VERSION_1");
	CHECK_EQ(fake.resets, 2);	/* at the start, and giving up */
	/* FEATURES_OK does not stick. */
	fake_reset_device(64);
	fake.refuse_features_ok = true;
	expect_refused(-EIO, "did not accept features");
	/* Queues: none, too small, live already; 5 entries make a queue of 4. */
	fake_reset_device(64);
	fake.queue_num_max = 0;
	expect_refused(-EIO, "4 needed");
	fake.queue_num_max = 3;
	expect_refused(-EIO, "takes 3 entries");
	fake.queue_num_max = 5;
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(fake.queue_num, 4);
	fake.queue_live = true;
	expect_refused(-EIO, "already in use");
	/* Capacities of nothing and beyond belief; the largest believed. */
	fake_reset_device(64);
	fake.capacity = 0;
	expect_refused(-EIO, "capacity of 0");
	fake.capacity = VBLK_MAX_CAPACITY + 1;
	expect_refused(-EIO, "beyond belief");
	fake.capacity = UINT64_MAX;
	expect_refused(-EIO, "beyond belief");
	fake.capacity = VBLK_MAX_CAPACITY;
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(d.capacity, VBLK_MAX_CAPACITY);
	/* The configuration generation moving: once is retried, always is not. */
	fake_reset_device(64);
	fake.gen_churn = 1;
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(d.capacity, 64);
	fake.gen_churn = 1000;
	expect_refused(-EIO, "generation changed");
	/* A segment limit below a sector; one of 4 KiB limits requests. */
	fake_reset_device(64);
	fake.offered |= 1ULL << VIRTIO_BLK_F_SIZE_MAX;
	fake.size_max = 100;
	expect_refused(-EIO, "below a sector");
	fake.size_max = 4096;
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(d.max_sectors, 8);
	/* A reset that never completes: bounded by the timeout; memory kept. */
	fake_reset_device(64);
	fake.reset_stuck = true;
	fake_now_ms = 0;
	expect_refused(-EIO, "did not complete a reset");
	CHECK(d.reset_failed);
	CHECK(fake_now_ms > VMMIO_RESET_TIMEOUT_MS && fake_now_ms < VMMIO_RESET_TIMEOUT_MS + 10);
}

/* Writes and reads of many sizes land where they should; requests are
 * split at max_sectors; flush is sent when the device has a cache. */
static void test_round_trip(void)
{
	static const struct { uint64_t sector; size_t count; } io[] = {
		{ 0, 1 }, { 1, 3 }, { 100, 128 }, { 300, 129 }, { 1000, 300 }, { 4095, 1 },
	};
	uint8_t *buf = malloc(300 * VBLK_SECTOR_SIZE), *back = malloc(300 * VBLK_SECTOR_SIZE);

	fresh(4096);
	for (unsigned i = 0; i < ARRAY_SIZE(io); i++) {
		unsigned before = fake.requests;

		fill(buf, io[i].count, i);
		CHECK_EQ(vblk_write(&d, io[i].sector, buf, io[i].count), 0);
		CHECK_EQ(fake.requests - before, (io[i].count + VBLK_MAX_REQ_SECTORS - 1) / VBLK_MAX_REQ_SECTORS);
		CHECK(memcmp(fake.data + io[i].sector * VBLK_SECTOR_SIZE, buf,
			     io[i].count * VBLK_SECTOR_SIZE) == 0);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(io); i++) {
		fill(buf, io[i].count, i);
		memset(back, 0, io[i].count * VBLK_SECTOR_SIZE);
		CHECK_EQ(vblk_read(&d, io[i].sector, back, io[i].count), 0);
		CHECK(memcmp(back, buf, io[i].count * VBLK_SECTOR_SIZE) == 0);
	}
	CHECK_EQ(vblk_flush(&d), 0);
	CHECK_EQ(fake.flushes, 1);
	CHECK_EQ(vblk_read(&d, 5, back, 0), 0);
	CHECK_EQ(vblk_read(&d, 5, NULL, 1), -EINVAL);
	CHECK_EQ(d.errors, 0);
	CHECK_EQ(log_lines, 0);
	CHECK_EQ(fake.driver_errors, 0);
	/* No cache to flush: nothing sent. */
	fake_reset_device(64);
	fake.offered &= ~(1ULL << VIRTIO_BLK_F_FLUSH);
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(vblk_flush(&d), 0);
	CHECK_EQ(fake.requests, 0);
	free(buf);
	free(back);
}

/* Buffers at any byte: data copied through the bounce buffer whole, not a
 * byte of the caller's memory around them touched. */
static void test_unaligned_buffers(void)
{
	enum { SECTORS = VBLK_MAX_REQ_SECTORS + 3, GUARD = 16 };
	size_t bytes = SECTORS * VBLK_SECTOR_SIZE;
	uint8_t *buf = malloc(bytes + 2 * GUARD), *back = malloc(bytes + 2 * GUARD);

	fresh(4096);
	for (unsigned off = 0; off < 8; off++) {
		uint8_t *src = buf + GUARD + off, *dst = back + GUARD + 7 - off;

		fill(src, SECTORS, off);
		CHECK_EQ(vblk_write(&d, 10 * off, src, SECTORS), 0);
		CHECK(memcmp(fake.data + 10 * off * VBLK_SECTOR_SIZE, src, bytes) == 0);
		memset(back, 0x5a, bytes + 2 * GUARD);
		CHECK_EQ(vblk_read(&d, 10 * off, dst, SECTORS), 0);
		CHECK(memcmp(dst, src, bytes) == 0);
		for (uint8_t *p = back; p < back + bytes + 2 * GUARD; p++)
			if (p < dst || p >= dst + bytes)
				CHECK_EQ(*p, 0x5a);
	}
	CHECK_EQ(d.errors, 0);
	free(buf);
	free(back);
}

/* Beyond the capacity, or read-only: refused before the device sees it. */
static void test_refused_requests(void)
{
	static const struct { uint64_t sector; size_t count; } bad[] = {
		{ 4096, 1 }, { 4095, 2 }, { 0, 4097 }, { UINT64_MAX, 1 }, { 1, SIZE_MAX },
		{ UINT64_MAX - 1, 3 },
	};
	uint8_t buf[VBLK_SECTOR_SIZE];

	fresh(4096);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(vblk_read(&d, bad[i].sector, buf, bad[i].count), -ERANGE);
		CHECK_EQ(vblk_write(&d, bad[i].sector, buf, bad[i].count), -ERANGE);
	}
	CHECK_EQ(fake.notifies, 0);
	CHECK_EQ(vblk_read(&d, 4095, buf, 1), 0);
	fake_reset_device(64);
	fake.offered |= 1ULL << VIRTIO_BLK_F_RO;
	CHECK_EQ(bring_up(true), 0);
	CHECK_EQ(vblk_write(&d, 0, buf, 1), -EPERM);
	CHECK_EQ(fake.notifies, 0);
	CHECK_EQ(vblk_read(&d, 0, buf, 1), 0);
}

/* Answers that are wrong but keep the ring in order: that request fails,
 * its data is not handed over, and the disk goes on working. */
static void test_bad_answers(void)
{
	static const enum fake_mode modes[] = {
		FAKE_LEN_SHORT, FAKE_LEN_LONG, FAKE_STATUS_IOERR, FAKE_STATUS_UNSUPP,
		FAKE_STATUS_JUNK, FAKE_STATUS_UNWRITTEN,
	};
	uint8_t buf[2 * VBLK_SECTOR_SIZE];

	fresh(64);
	for (unsigned i = 0; i < ARRAY_SIZE(modes); i++) {
		unsigned lines = log_lines;

		fake_now_ms += RATELIMIT_WINDOW_MS;	/* a new window for the log */
		fake.mode = modes[i];
		fake.mode_once = true;
		memset(buf, 0x5a, sizeof(buf));
		CHECK_EQ(vblk_read(&d, 2, buf, 2), -EIO);
		CHECK_EQ(buf[0], 0x5a);
		CHECK_EQ(log_lines, lines + 1);
		CHECK(strstr(last_log, "read of 2 sectors at sector 2 failed") != NULL);
		fake.mode = modes[i];
		fake.mode_once = true;
		CHECK_EQ(vblk_write(&d, 2, buf, 1), -EIO);
		CHECK(!d.out_of_service);
		CHECK_EQ(vblk_read(&d, 2, buf, 2), 0);
	}
	CHECK_EQ(d.errors, 2 * ARRAY_SIZE(modes));
	CHECK_EQ(fake.resets, 1);
	CHECK_EQ(fake.driver_errors, 0);
}

/* Answers that break the ring, or a device asking to be reset: -EIO, the
 * device is reset and out of service, and no later request reaches it. */
static void test_protocol_breaks(void)
{
	static const struct { enum fake_mode mode; const char *why; } breaks[] = {
		{ FAKE_IDX_JUMP, "moved by 2" }, { FAKE_IDX_FAR, "moved by 1000" },
		{ FAKE_BAD_ID, "not submitted" }, { FAKE_HUGE_ID, "names chain 4294967295" },
		{ FAKE_NEEDS_RESET, "asks to be reset" },
	};
	uint8_t buf[VBLK_SECTOR_SIZE];

	for (unsigned i = 0; i < ARRAY_SIZE(breaks); i++) {
		unsigned notifies;

		fresh(64);
		fake.mode = breaks[i].mode;
		CHECK_EQ(vblk_read(&d, 1, buf, 1), -EIO);
		CHECK(d.out_of_service);
		CHECK(strstr(d.why, breaks[i].why) != NULL);
		CHECK(strstr(last_log, "out of service") != NULL);
		CHECK_EQ(fake.resets, 2);
		CHECK_EQ(fake.status, 0);
		notifies = fake.notifies;
		CHECK_EQ(vblk_read(&d, 1, buf, 1), -EIO);
		CHECK_EQ(vblk_write(&d, 1, buf, 1), -EIO);
		CHECK_EQ(vblk_flush(&d), -EIO);
		CHECK_EQ(fake.notifies, notifies);
		CHECK_EQ(fake.driver_errors, 0);
	}
}

static unsigned hook_calls;

static void count_poll(void)
{
	hook_calls++;
}

/* No answer: the wait ends at the timeout, by the counter; a late answer
 * within it is taken; every poll calls the hook (the crash path's stop
 * check, on armhv); the wait is counted in wait_ticks. */
static void test_timeouts(void)
{
	uint8_t buf[VBLK_SECTOR_SIZE];
	uint64_t t0, waited;

	fresh(64);
	fake.mode = FAKE_LATE;
	fake.late_polls = 1000;
	vblk_set_poll_hook(count_poll);
	waited = d.wait_ticks;
	CHECK_EQ(vblk_read(&d, 0, buf, 1), 0);
	CHECK_EQ(hook_calls, 1000);
	/* One clock read per poll, and the first before the loop. */
	CHECK_EQ(d.wait_ticks - waited, 1001);
	vblk_set_poll_hook(NULL);
	fake.mode = FAKE_NO_ANSWER;
	t0 = fake_now_ms;
	CHECK_EQ(vblk_read(&d, 0, buf, 1), -ETIMEDOUT);
	CHECK(fake_now_ms - t0 > VBLK_IO_TIMEOUT_MS && fake_now_ms - t0 < VBLK_IO_TIMEOUT_MS + 100);
	CHECK(d.out_of_service && !d.reset_failed);
	CHECK(strstr(d.why, "no answer to a read of 1 sector at sector 0 within 10000 ms") != NULL);
	/* A flush has longer; a device that then does not reset keeps its memory. */
	fresh(64);
	fake.mode = FAKE_NO_ANSWER;
	fake.reset_stuck = true;
	t0 = fake_now_ms;
	CHECK_EQ(vblk_flush(&d), -ETIMEDOUT);
	CHECK(fake_now_ms - t0 > VBLK_FLUSH_TIMEOUT_MS);
	CHECK(d.reset_failed);
	CHECK(strstr(last_log, "did not reset") != NULL);
}

/* Not DMA-coherent: what the device reads is cleaned before the notify,
 * what it wrote is invalidated before the driver reads it. The checker
 * itself is shown to catch a driver that skips it (coherent mode on the
 * same checks). */
static void test_noncoherent(void)
{
	uint8_t buf[200 * VBLK_SECTOR_SIZE];

	fake_reset_device(4096);
	fake.check_cache = true;
	CHECK_EQ(bring_up(false), 0);
	fill(buf, 200, 7);
	CHECK_EQ(vblk_write(&d, 10, buf, 200), 0);
	CHECK_EQ(vblk_read(&d, 10, buf, 200), 0);
	CHECK_EQ(vblk_flush(&d), 0);
	CHECK_EQ(vblk_read(&d, 0, buf, 1), 0);
	CHECK(fake_cache_covered(d.status, 1));
	CHECK(fake_cache_covered(d.bounce, VBLK_SECTOR_SIZE));
	CHECK(fake.cache_calls > 0);
	CHECK_EQ(fake.cache_errors, 0);
	CHECK_EQ(fake.driver_errors, 0);
	fake_reset_device(4096);
	CHECK_EQ(bring_up(true), 0);
	fake.check_cache = true;
	CHECK_EQ(vblk_read(&d, 0, buf, 1), 0);
	CHECK_EQ(vblk_read(&d, 0, buf, 1), 0);
	CHECK_EQ(fake.cache_calls, 0);
	CHECK(fake.cache_errors > 0);
}

/* A device failing every request: each fails, the log says so at most
 * RATELIMIT_BURST times a window (and how many it kept back after). */
static void test_log_rate_limited(void)
{
	uint8_t buf[VBLK_SECTOR_SIZE];
	uint64_t t0;

	fresh(64);
	fake_now_ms += RATELIMIT_WINDOW_MS;
	t0 = fake_now_ms;
	fake.mode = FAKE_STATUS_IOERR;
	for (unsigned i = 0; i < 200; i++)
		CHECK_EQ(vblk_read(&d, 0, buf, 1), -EIO);
	CHECK_EQ(d.errors, 200);
	CHECK(fake_now_ms - t0 < RATELIMIT_WINDOW_MS);
	CHECK_EQ(log_lines, RATELIMIT_BURST);
	CHECK(!d.out_of_service);
}

int main(void)
{
	RUN(test_virtq);
	RUN(test_check_answer);
	RUN(test_init);
	RUN(test_init_refused);
	RUN(test_round_trip);
	RUN(test_unaligned_buffers);
	RUN(test_refused_requests);
	RUN(test_bad_answers);
	RUN(test_protocol_breaks);
	RUN(test_timeouts);
	RUN(test_noncoherent);
	RUN(test_log_rate_limited);
	free(dma_mem);
	free(fake.data);
	return check_summary("vblk");
}
