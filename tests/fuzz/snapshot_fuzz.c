/* libFuzzer target: hostile bytes read as a standalone snapshot and as a
 * snapshot store's disk (hyp/snapshot), and `armhv snapshot` list and
 * inspect run on them (tools/armhv/snapcmd*.c). Never a crash, a hang, a
 * read outside the input (every read is checked against it) or a
 * sanitizer report; besides:
 *  - a refusal is one line, with the struct left zeroed;
 *  - what decodes passes snap_check, and when its sections are in the
 *    encoder's order (format 1.0) encoding it again gives the same bytes:
 *    nothing in a snapshot the decoder accepts is left unchecked;
 *  - a store that opens has entries inside it, and its valid entries
 *    decode or are refused cleanly.
 * Each input is read twice: as it is, and with every checksum it names
 * made right (header, table, sections; superblock, directory entries and
 * the snapshots they point to), so that changed contents get past the
 * checksums to the checks behind them.
 * The test run: make unit-snapshot-fuzz (SNAPSHOT_FUZZ_RUNS runs from the
 * committed seeds, tests/fuzz/snapshot-seeds); long runs: make
 * snapshot-fuzz-long. */
#include <snapshot/internal.h>
#include <snapshot/store.h>

#include "snapcmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t size;
};

static int in_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct input *in = ctx;

	if (off > in->size || len > in->size - off)
		abort();	/* the library reads only inside the source */
	memcpy(buf, in->p + off, len);
	return 0;
}

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	const struct input *in = ctx;

	if (sector > in->size / SNAP_SECTOR || count > in->size / SNAP_SECTOR - sector)
		abort();
	memcpy(buf, in->p + sector * SNAP_SECTOR, (size_t)count * SNAP_SECTOR);
	return 0;
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	(void)ctx, (void)sector, (void)count, (void)buf;
	abort();	/* reading never writes */
}

static int dev_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

struct out {
	uint8_t *p;
	size_t size;
};

static int out_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct out *o = ctx;

	if (off > o->size || len > o->size - off)
		abort();
	memcpy(o->p + off, buf, len);
	return 0;
}

static const void *no_block(void *ctx, uint32_t b)
{
	(void)ctx, (void)b;
	abort();	/* below 2 MiB of input, no block can be present */
}

static struct snap_vm vm, zero_vm;
static struct snap_toc toc;
static struct snap_store st;

static void refusal_ok(int rc, const char *err, size_t err_size)
{
	if (rc >= 0 || rc < SNAP_ENOENT || !err[0] || !memchr(err, 0, err_size) ||
	    strchr(err, '\n') || memcmp(&vm, &zero_vm, sizeof(vm)))
		abort();
}

/* Sections in the encoder's order, format 1.0: the same bytes again. */
static void encode_again(const struct input *in)
{
	struct snap_section sec[SNAP_LAYOUT_MAX];
	struct snap_ram_in ram = { .block = no_block };
	uint64_t total;
	uint32_t n = snap_layout(&vm, sec, &total), crc;
	struct out o;
	struct snap_sink sink = { .ctx = &o, .write = out_write };
	char err[256];

	if (toc.minor != 0 || n != toc.count)
		return;
	for (uint32_t i = 0; i < n; i++)
		if (sec[i].type != toc.sec[i].type || sec[i].index != toc.sec[i].index)
			return;
	o.size = total;
	o.p = malloc(total);
	if (!o.p || total != toc.total_size ||
	    snap_encode(&vm, &ram, &sink, NULL, &crc, err, sizeof(err)) ||
	    crc != toc.header_crc || memcmp(o.p, in->p, total))
		abort();
	free(o.p);
}

static void as_snapshot(const struct input *in, FILE *null)
{
	struct snap_source src = { .ctx = (void *)in, .size = in->size, .read = in_read };
	uint8_t scratch[512];
	char err[256];
	int rc;

	err[0] = 0;
	rc = snap_decode(&src, &vm, &toc, err, sizeof(err));
	if (rc) {
		refusal_ok(rc, err, sizeof(err));
	} else {
		if (snap_check(&vm, err, sizeof(err)) || toc.total_size > in->size ||
		    snap_ram_verify(&src, &vm, scratch, sizeof(scratch), err, sizeof(err)))
			abort();
		encode_again(in);
	}
	snapcmd_inspect_source(&src, null, null);
}

static void as_disk(const struct input *in, FILE *null)
{
	struct snap_dev dev = { .ctx = (void *)in, .sectors = in->size / SNAP_SECTOR,
				.read = dev_read, .write = dev_write, .flush = dev_flush };
	struct snap_store_reader rd;
	struct snap_source src;
	char err[256];

	if (snap_store_open(&st, &dev, err, sizeof(err)))
		return;
	if (st.entries > SNAP_STORE_MAX_ENTRIES || st.sectors > dev.sectors)
		abort();
	for (uint32_t i = 0; i < st.entries; i++) {
		const struct snap_entry *e = &st.e[i];
		int rc;

		if (e->state != SNAP_ENTRY_VALID && e->state != SNAP_ENTRY_WRITING)
			continue;
		if (e->start < st.data_start || e->sectors > st.sectors - e->start ||
		    e->bytes > e->sectors * SNAP_SECTOR)
			abort();
		err[0] = 0;
		rc = snap_store_decode(&st, e, &rd, &src, &vm, &toc, err, sizeof(err));
		if (rc)
			refusal_ok(rc, err, sizeof(err));
		if (e->state == SNAP_ENTRY_VALID && snap_store_find(&st, e->name) == e)
			snapcmd_inspect_store(&dev, e->name, null, null);
	}
	snapcmd_list(&dev, null, null);
}

/* ---- every checksum made right ---------------------------------------------------- */

static void reseal_snapshot(uint8_t *p, size_t size)
{
	uint32_t n;

	if (size < SNAP_HEADER_SIZE)
		return;
	n = snap_get32(p + 32);
	if (n <= SNAP_MAX_SECTIONS && SNAP_HEADER_SIZE + 32ull * n <= size) {
		for (uint32_t i = 0; i < n; i++) {
			uint8_t *e = p + SNAP_HEADER_SIZE + 32 * i;
			uint64_t off = snap_get64(e + 8), len = snap_get64(e + 16);

			if (snap_get16(e) != SNAP_SEC_RAM && off <= size && len <= size - off)
				snap_put32(e + 24, snap_crc32c(0, p + off, (size_t)len));
		}
		snap_put32(p + 36, snap_crc32c(0, p + SNAP_HEADER_SIZE, 32ull * n));
	}
	snap_put32(p + 124, snap_crc32c(0, p, 124));
}

static void reseal_disk(uint8_t *p, size_t size)
{
	uint32_t slots;

	if (size < SNAP_SECTOR)
		return;
	slots = snap_get32(p + 28);
	for (uint32_t i = 1; i <= slots && i <= SNAP_STORE_MAX_ENTRIES &&
			     (i + 1) * (size_t)SNAP_SECTOR <= size; i++) {
		uint8_t *e = p + i * SNAP_SECTOR;
		uint64_t start = snap_get64(e + 56), bytes = snap_get64(e + 72);

		if (start <= size / SNAP_SECTOR && bytes <= size - start * SNAP_SECTOR &&
		    bytes >= SNAP_HEADER_SIZE) {
			reseal_snapshot(p + start * SNAP_SECTOR, (size_t)bytes);
			snap_put32(e + 80, snap_get32(p + start * SNAP_SECTOR + 124));
		}
		snap_put32(e + 508, snap_crc32c(0, e, 508));
	}
	snap_put32(p + 508, snap_crc32c(0, p, 508));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct input in;
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	memcpy(copy, data, size);
	in = (struct input){ copy, size };
	as_snapshot(&in, null);
	as_disk(&in, null);
	reseal_snapshot(copy, size);
	as_snapshot(&in, null);
	memcpy(copy, data, size);
	reseal_disk(copy, size);
	as_disk(&in, null);
	free(copy);
	return 0;
}
