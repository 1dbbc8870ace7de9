/* The disk console command: what armhv's disk is (drivers/disk.h), a
 * sector's hex dump, and a self-test that overwrites the disk's last MiB. */
#include <mgmt/commands.h>
#include <drivers/disk.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <stdio.h>
#include <string.h>

#define SELFTEST_SECTORS	2048	/* the last MiB */
#define SELFTEST_MAX_CHUNK	256	/* sectors a call: more than one request takes */
#define SELFTEST_BUF_PAGES	(SELFTEST_MAX_CHUNK * VBLK_SECTOR_SIZE / PAGE_SIZE)

static const char *error_text(int err)
{
	switch (err) {
	case -ERANGE:
		return "beyond the end of the disk";
	case -EPERM:
		return "the disk is read-only";
	case -ETIMEDOUT:
		return "the disk did not answer (it is out of service now)";
	default:
		return "I/O error (the log says why)";
	}
}

static void show(const struct disk_state *s)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ VIRTIO_F_VERSION_1, "version_1" }, { VIRTIO_BLK_F_FLUSH, "flush" },
		{ VIRTIO_BLK_F_RO, "ro" }, { VIRTIO_BLK_F_BLK_SIZE, "blk_size" },
		{ VIRTIO_BLK_F_SIZE_MAX, "size_max" },
	};
	const struct vblk *d = &s->vblk;
	char list[80] = "";
	size_t n = 0;

	if (!s->ready) {
		con_printf("no disk: %s\n", s->why);
		return;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (d->features & (1ULL << names[i].bit))
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? " " : "",
					      names[i].name);
	con_printf("disk: virtio-blk at 0x%llx, %llu sectors (%llu MiB)\n",
		   (unsigned long long)pa_addr(d->t.pa), (unsigned long long)d->capacity,
		   (unsigned long long)(d->capacity >> 11));
	con_printf("disk: features 0x%llx (%s) of 0x%llx offered; block size %u; %s\n",
		   (unsigned long long)d->features, list, (unsigned long long)d->offered,
		   d->blk_size ? d->blk_size : VBLK_SECTOR_SIZE,
		   d->coherent ? "DMA-coherent" : "not DMA-coherent (cache maintenance)");
	con_printf("disk: queue of %u, up to %u sectors a request; %llu requests, %llu errors\n",
		   d->vq.size, d->max_sectors, (unsigned long long)d->requests,
		   (unsigned long long)d->errors);
	if (d->out_of_service)
		con_printf("disk: out of service: %s\n", d->why);
	for (unsigned i = 0; i < MIN(s->other_count, (unsigned)DISK_MAX_OTHERS); i++)
		con_printf("disk: virtio-blk at 0x%llx not used (armhv uses the first)\n",
			   (unsigned long long)pa_addr(s->others[i]));
}

/* 512 bytes as 32 lines: the byte offset on the disk, 16 bytes in hex,
 * the same as text ('.' for what does not print). */
static void dump(uint64_t sector, const uint8_t *buf)
{
	for (unsigned off = 0; off < VBLK_SECTOR_SIZE; off += 16) {
		char hex[16 * 3 + 1], text[17];

		for (unsigned i = 0; i < 16; i++) {
			uint8_t c = buf[off + i];

			snprintf(hex + 3 * i, sizeof(hex) - 3 * i, " %02x", c);
			text[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		text[16] = 0;
		con_printf("%010llx:%s  |%s|\n",
			   (unsigned long long)(sector * VBLK_SECTOR_SIZE + off), hex, text);
	}
}

/* The self-test's data: each sector starts with a line naming it, then
 * bytes that depend on the sector and the offset (tests/system's
 * disk-rw checks the file on the host against the same rule). */
static void pattern(uint64_t sector, uint8_t *p)
{
	int n = snprintf((char *)p, VBLK_SECTOR_SIZE, "armhv disk selftest sector %llu\n",
			 (unsigned long long)sector);

	for (unsigned i = (unsigned)n; i < VBLK_SECTOR_SIZE; i++)
		p[i] = (uint8_t)(sector * 131 + i * 7);
}

/* Writes the last MiB in calls of varied sizes (one sector, several, more
 * than one request carries), flushes, reads it back in other sizes and
 * compares; then checks that requests past the end are refused. */
static void selftest(struct vblk *d)
{
	static const unsigned wsizes[] = { 1, 7, 129, SELFTEST_MAX_CHUNK, 64 };
	static const unsigned rsizes[] = { SELFTEST_MAX_CHUNK, 3, 100, 1 };
	uint64_t start, cap = d->capacity, s;
	paddr_t pa;
	uint8_t *buf, *want;
	unsigned k;
	int ret = 0;

	if (cap < SELFTEST_SECTORS) {
		con_printf("error: the disk is smaller than the 1 MiB the self-test writes\n");
		return;
	}
	pa = alloc_pages_aligned(2 * SELFTEST_BUF_PAGES, 1);
	if (!pa_addr(pa)) {
		con_printf("error: no memory for the self-test\n");
		return;
	}
	buf = phys_to_virt(pa);
	want = buf + SELFTEST_BUF_PAGES * PAGE_SIZE;
	start = cap - SELFTEST_SECTORS;
	for (s = start, k = 0; s < cap && !ret; s += wsizes[k++ % ARRAY_SIZE(wsizes)]) {
		unsigned n = (unsigned)MIN((uint64_t)wsizes[k % ARRAY_SIZE(wsizes)], cap - s);

		for (unsigned i = 0; i < n; i++)
			pattern(s + i, buf + i * VBLK_SECTOR_SIZE);
		ret = vblk_write(d, s, buf, n);
		if (ret)
			con_printf("disk selftest: FAILED: write of %u sectors at %llu: %s\n", n,
				   (unsigned long long)s, error_text(ret));
	}
	if (!ret && (ret = vblk_flush(d)))
		con_printf("disk selftest: FAILED: flush: %s\n", error_text(ret));
	for (s = start, k = 0; s < cap && !ret; s += rsizes[k++ % ARRAY_SIZE(rsizes)]) {
		unsigned n = (unsigned)MIN((uint64_t)rsizes[k % ARRAY_SIZE(rsizes)], cap - s);

		memset(buf, 0xa5, (size_t)n * VBLK_SECTOR_SIZE);
		ret = vblk_read(d, s, buf, n);
		if (ret) {
			con_printf("disk selftest: FAILED: read of %u sectors at %llu: %s\n", n,
				   (unsigned long long)s, error_text(ret));
			break;
		}
		for (unsigned i = 0; i < n && !ret; i++) {
			pattern(s + i, want);
			if (memcmp(buf + i * VBLK_SECTOR_SIZE, want, VBLK_SECTOR_SIZE)) {
				con_printf("disk selftest: FAILED: sector %llu reads back wrong\n",
					   (unsigned long long)(s + i));
				ret = -EIO;
			}
		}
	}
	if (!ret && (vblk_read(d, cap, buf, 1) != -ERANGE || vblk_read(d, cap - 1, buf, 2) != -ERANGE ||
		     vblk_write(d, UINT64_MAX, buf, 1) != -ERANGE)) {
		con_printf("disk selftest: FAILED: a request past the end was not refused\n");
		ret = -EIO;
	}
	free_pages(pa, 2 * SELFTEST_BUF_PAGES);
	if (!ret)
		con_printf("disk selftest: ok: wrote sectors %llu-%llu (the last MiB) in calls of 1 to %u "
			   "sectors, flushed, read back the same; past the end refused\n",
			   (unsigned long long)start, (unsigned long long)(cap - 1), SELFTEST_MAX_CHUNK);
}

/* disk | disk read SECTOR | disk selftest --destroy-last-mib */
void cmd_disk(int argc, char **argv)
{
	const struct disk_state *s = disk_state();
	struct vblk *d = disk_get();
	uint8_t sector_buf[VBLK_SECTOR_SIZE];
	uint64_t sector;
	int ret;

	if (argc == 1) {
		show(s);
		return;
	}
	if (strcmp(argv[1], "format-store") == 0) {
		cmd_disk_format_store(argc, argv);
		return;
	}
	if (argc == 3 && strcmp(argv[1], "read") == 0) {
		if (!parse_u64(argv[2], &sector)) {
			con_printf("error: '%s' is not a sector number\n", argv[2]);
			return;
		}
		if (!d) {
			con_printf("error: no disk: %s\n", s->why);
			return;
		}
		ret = vblk_read(d, sector, sector_buf, 1);
		if (ret)
			con_printf("error: disk read %llu: %s\n", (unsigned long long)sector, error_text(ret));
		else
			dump(sector, sector_buf);
		return;
	}
	if (argc == 3 && strcmp(argv[1], "selftest") == 0 &&
	    strcmp(argv[2], "--destroy-last-mib") == 0) {
		if (!d)
			con_printf("error: no disk: %s\n", s->why);
		else
			selftest(d);
		return;
	}
	con_printf("error: usage: disk [read SECTOR | selftest --destroy-last-mib | format-store [--entries N] [--force]]\n");
}
