/* Unit test of the snapshot format (hyp/snapshot, docs/snapshot-format.md):
 * the checksum, round trips of random VMs (fixed seeds), every byte of a
 * small snapshot flipped, every truncation, versions, section lengths and
 * counts, and RAM blocks checked before they are handed over. The value
 * checks (states no VM can have) are in snapshot_check_test.c, the disk
 * store in snapshot_store_test.c. Built with ASan/UBSan (make
 * unit-snapshot). */
#include "check.h"
#include "snapshot_fixture.h"

#include <its.h>
#include <snapshot/internal.h>

#include <stdlib.h>
#include <string.h>

static struct snap_vm vm, out, zero_vm;
static struct snap_toc toc_out;
static char err[512];

static int decode(struct membuf *img, struct snap_vm *dst)
{
	struct snap_source src = mb_source(img);

	err[0] = 0;
	return snap_decode(&src, dst, &toc_out, err, sizeof(err));
}

/* Decoding fails with code (0: any), one line containing what (may be
 * NULL), and leaves nothing behind. */
static void expect_fail(struct membuf *img, int code, const char *what)
{
	int rc = decode(img, &out);

	CHECK(rc < 0);
	if (code)
		CHECK_EQ(rc, code);
	CHECK(err[0] && !strchr(err, '\n'));
	if (what && !strstr(err, what))
		fprintf(stderr, "expected \"%s\" in: %s\n", what, err);
	CHECK(!what || strstr(err, what));
	CHECK(memcmp(&out, &zero_vm, sizeof(out)) == 0);
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = ~0u;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
	}
	return ~c;
}

static void crc32c(void)
{
	uint8_t buf[1000];
	uint64_t s = 7;

	CHECK_EQ(snap_crc32c(0, "123456789", 9), 0xe3069283u);	/* the check value */
	CHECK_EQ(snap_crc32c(0, "", 0), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rng_next(&s);
	for (size_t n = 0; n < sizeof(buf); n += 37)
		CHECK_EQ(snap_crc32c(0, buf, n), crc_bitwise(buf, n));
	/* In pieces as in one go. */
	CHECK_EQ(snap_crc32c(snap_crc32c(0, buf, 300), buf + 300, 700), snap_crc32c(0, buf, 1000));
}

/* The instruction path (crc32c.c) against the table: every start within
 * two words, every length through three turns of its 64-byte loop and
 * its word loop, longer ones up to a RAM block, and chained from other
 * values. On a host without the instructions each one is computed in C:
 * what is tested there is the path's starts, loops and tails; armhv runs
 * the same comparison with the CPU's instructions (selftest crc32c). */
static void crc32c_paths(void)
{
	enum { MAX = 3 * 64 + 2 * 8 + 8, BIG = 1 << SNAP_BLOCK_SHIFT };
	static const size_t longer[] = { 511, 512, 4095, 4096, 4097, 65536 + 7, BIG };
	uint8_t *buf = malloc(BIG + 16);
	uint64_t s = 11;
	unsigned compared = 0;

	printf("crc32c: the instruction path %s\n", snap_crc32c_insns_usable() ?
	       "runs on this CPU's CRC32C instructions" :
	       "computes each instruction in C (this build has none)");
	for (size_t i = 0; i < BIG + 16; i++)
		buf[i] = (uint8_t)rng_next(&s);
	CHECK_EQ(snap_crc32c_insns(0, "123456789", 9), 0xe3069283u);
	CHECK_EQ(snap_crc32c_table(0, "123456789", 9), 0xe3069283u);
	for (size_t start = 0; start < 16; start++)
		for (size_t n = 0; n <= MAX; n++) {
			uint32_t init = n % 3 == 0 ? 0 : (uint32_t)rng_next(&s);
			uint32_t want = snap_crc32c_table(init, buf + start, n);

			CHECK_EQ(snap_crc32c_insns(init, buf + start, n), want);
			CHECK_EQ(snap_crc32c(init, buf + start, n), want);
			compared++;
		}
	for (size_t i = 0; i < sizeof(longer) / sizeof(longer[0]); i++)
		for (size_t start = 0; start < 16; start += 5) {
			size_t n = longer[i] - (longer[i] == BIG ? start : 0);
			uint32_t want = snap_crc32c_table(0, buf + start, n);

			CHECK_EQ(snap_crc32c_insns(0, buf + start, n), want);
			/* A block in two pieces, split off a word boundary. */
			CHECK_EQ(snap_crc32c_insns(snap_crc32c_insns(0, buf + start, n / 3),
						   buf + start + n / 3, n - n / 3), want);
			compared += 2;
		}
	CHECK_EQ(snap_crc32c_insns(0, buf, 1000), crc_bitwise(buf, 1000));
	CHECK(compared > 3000);
	free(buf);
}

static void *into(void *ctx, uint32_t b)
{
	return (uint8_t *)ctx + ((size_t)b << SNAP_BLOCK_SHIFT);
}

/* Decodes img, compares with vm, checks and reads its RAM against ram. */
static void check_round_trip(struct membuf *img, uint8_t *ram)
{
	struct snap_source src = mb_source(img);
	struct snap_toc toc;
	uint8_t *back, scratch[4096];
	struct snap_ram_out ro;
	int rc = snap_decode(&src, &out, &toc, err, sizeof(err));

	if (rc)
		fprintf(stderr, "decode: %s\n", err);
	CHECK_EQ(rc, 0);
	CHECK_EQ(toc.total_size, img->len);
	CHECK_EQ(snap_encoded_size(&vm), img->len);
	vm.ram.map_offset = out.ram.map_offset;
	vm.ram.data_offset = out.ram.data_offset;
	CHECK(memcmp(&vm, &out, sizeof(vm)) == 0);
	CHECK_EQ(snap_ram_verify(&src, &out, scratch, sizeof(scratch), err, sizeof(err)), 0);
	back = calloc(vm.ram.blocks, SNAP_BLOCK_SIZE);
	ro = (struct snap_ram_out){ .ctx = back, .into = into };
	CHECK_EQ(snap_ram_read(&src, &out, &ro, err, sizeof(err)), 0);
	CHECK(memcmp(back, ram, (size_t)vm.ram.blocks << SNAP_BLOCK_SHIFT) == 0);
	free(back);
}

static void round_trip(void)
{
	struct membuf img = { 0 };

	for (uint64_t seed = 1; seed <= 60; seed++) {
		struct vm_shape shape = { .blocks = 2 + (uint32_t)(seed % 31),
					  .max_present = (uint32_t)(seed % 4), .its = -1 };
		uint8_t *ram;

		random_vm(&vm, &ram, seed, &shape);
		encode_vm(&vm, &ram, &img);
		check_round_trip(&img, ram);
		free(ram);
	}
	mb_free(&img);
}

/* The ITS registers travel as the ITS model's own blob (its_regs_encode),
 * untouched. */
static void its_blob(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 4, .its = 1 };
	struct its_regs regs = { .iidr = 0x4100043b, .ctlr = 1, .typer = 0x1ef71,
				 .cbaser = (1ull << 63) | 0x40400000, .cwriter = 0x60,
				 .creadr = 0x40,
				 .baser = { (1ull << 63) | (1ull << 56) | (7ull << 48) | 0x40500000,
					    (1ull << 63) | (4ull << 56) | (7ull << 48) | 0x40510000 } };
	struct its_regs back;
	struct membuf img = { 0 };
	uint8_t *ram;

	random_vm(&vm, &ram, 99, &shape);
	its_regs_encode(&regs, vm.its[0].regs);
	encode_vm(&vm, &ram, &img);
	check_round_trip(&img, ram);
	CHECK_EQ(its_regs_decode(&back, out.its[0].regs), ITS_OK);
	CHECK(memcmp(&back, &regs, sizeof(regs)) == 0);
	free(ram);
	mb_free(&img);
}

/* 1 TiB of RAM, only the last block present: the largest bitmap. */
static const void *last_block(void *ctx, uint32_t b)
{
	return b == SNAP_MAX_BLOCKS - 1 ? ctx : NULL;
}

static void big_memory(void)
{
	struct vm_shape shape = { .vcpus = 1, .blocks = SNAP_MAX_BLOCKS, .its = 0 };
	uint8_t *ram, *block = malloc(SNAP_BLOCK_SIZE), scratch[64];
	struct membuf img = { 0 };
	struct snap_sink sink = mb_sink(&img);
	struct snap_ram_in in = { .ctx = block, .block = last_block };
	struct snap_source src;

	memset(block, 0x5a, SNAP_BLOCK_SIZE);
	random_vm(&vm, &ram, 5, &shape);
	CHECK(ram == NULL);
	vm.ram.bitmap[SNAP_BITMAP_WORDS - 1] = 1ull << 63;
	vm.ram.present = 1;
	CHECK_EQ(snap_encode(&vm, &in, &sink, NULL, NULL, err, sizeof(err)), 0);
	src = mb_source(&img);
	CHECK_EQ(snap_decode(&src, &out, &toc_out, err, sizeof(err)), 0);
	CHECK(snap_block_present(&out.ram, SNAP_MAX_BLOCKS - 1));
	CHECK(!snap_block_present(&out.ram, SNAP_MAX_BLOCKS - 2));
	CHECK_EQ(snap_ram_verify(&src, &out, scratch, sizeof(scratch), err, sizeof(err)), 0);
	/* One more block than 1 TiB is refused. */
	vm.config.mem_size += SNAP_BLOCK_SIZE;
	CHECK_EQ(snap_encode(&vm, &in, &sink, NULL, NULL, err, sizeof(err)), SNAP_EINVAL);
	free(block);
	mb_free(&img);
}

/* Every byte of a small snapshot flipped, one at a time: decoding fails,
 * except in RAM data, where the block's checksum fails (sampled: a block
 * is 2 MiB: its first and last 64 bytes, and every 65521st between). */
static void flips(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 2, .max_present = 1, .its = 1 };
	struct membuf img = { 0 };
	uint8_t *ram, scratch[8192];
	unsigned refused = 0, crc_refused = 0;

	random_vm(&vm, &ram, 3, &shape);
	encode_vm(&vm, &ram, &img);
	CHECK_EQ(decode(&img, &out), 0);
	uint64_t data = out.ram.data_offset;
	for (uint64_t i = 0; i < img.len; i += i < data + 64 || i + 64 >= img.len ? 1 : 65521) {
		for (unsigned pass = 0; pass < 2; pass++) {
			uint8_t mask = pass ? (uint8_t)(1u << (i % 8)) : 0xff;
			struct snap_source src = mb_source(&img);
			struct snap_ram_out ro = { .ctx = ram, .into = into };

			img.p[i] ^= mask;
			if (i < data) {
				expect_fail(&img, 0, NULL);
				refused++;
			} else {
				CHECK_EQ(decode(&img, &out), 0);
				CHECK_EQ(snap_ram_verify(&src, &out, scratch, sizeof(scratch), err,
							 sizeof(err)), SNAP_ECRC);
				CHECK(strstr(err, "checksum") != NULL);
				CHECK_EQ(snap_ram_read(&src, &out, &ro, err, sizeof(err)), SNAP_ECRC);
				crc_refused++;
			}
			img.p[i] ^= mask;
		}
	}
	CHECK_EQ(refused, 2 * data);
	CHECK(crc_refused > 60);
	CHECK_EQ(decode(&img, &out), 0);	/* and undamaged again */
	free(ram);
	mb_free(&img);
}

/* Cut at every length; also with the header claiming the cut length. */
static void truncation(void)
{
	struct vm_shape shape = { .vcpus = 3, .blocks = 2, .its = 2 };
	struct membuf img = { 0 }, cut = { 0 };
	uint8_t *ram;
	size_t len;

	random_vm(&vm, &ram, 4, &shape);
	encode_vm(&vm, &ram, &img);
	len = img.len;
	cut.p = malloc(len);
	cut.cap = len;
	for (size_t n = 0; n < len; n++) {
		memcpy(cut.p, img.p, n);
		cut.len = n;
		expect_fail(&cut, 0, n < 128 ? "header" : "truncated");
		if (n >= 128) {
			snap_put64(cut.p + 16, n);
			reseal(&cut);
			expect_fail(&cut, 0, NULL);
		}
	}
	/* More bytes than the snapshot is fine: a store's extent ends on a
	 * sector boundary. */
	cut.p = realloc(cut.p, len + 100);
	memcpy(cut.p, img.p, len);
	memset(cut.p + len, 0xee, 100);
	cut.len = len + 100;
	CHECK_EQ(decode(&cut, &out), 0);
	free(cut.p);
	free(ram);
	mb_free(&img);
}

static void versions(void)
{
	struct vm_shape shape = { .vcpus = 1, .blocks = 2, .its = 0 };
	struct part parts[MAX_PARTS];
	struct membuf img = { 0 };
	uint8_t *ram, extra[100] = { 1, 2, 3 };
	unsigned n;

	random_vm(&vm, &ram, 5, &shape);
	encode_vm(&vm, &ram, &img);
	n = split(&img, parts);
	build(parts, n, 1, 0, &img);
	CHECK_EQ(decode(&img, &out), 0);
	build(parts, n, 2, 0, &img);
	expect_fail(&img, SNAP_EVERSION, "format 2.0, this code reads 1.x");
	build(parts, n, 0, 3, &img);
	expect_fail(&img, SNAP_EVERSION, "format 0.3");
	img.p[124] ^= 1;	/* a damaged header with another major */
	expect_fail(&img, SNAP_EVERSION, "or the header is damaged");
	/* A newer minor: known sections may grow by zeros, unknown optional
	 * sections are skipped, unknown required ones refused. */
	build(parts, n, 1, 7, &img);
	CHECK_EQ(decode(&img, &out), 0);
	parts[n] = (struct part){ .type = 99, .flags = SNAP_SECTION_OPTIONAL, .len = sizeof(extra),
				  .data = extra };
	build(parts, n + 1, 1, 7, &img);
	CHECK_EQ(decode(&img, &out), 0);
	build(parts, n + 1, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "type 99 is unknown and the format is not newer");
	parts[n].flags = 0;
	build(parts, n + 1, 1, 7, &img);
	expect_fail(&img, SNAP_EINVAL, "type 99 is unknown and not optional");
	parts[n].flags = 2;
	build(parts, n + 1, 1, 7, &img);
	expect_fail(&img, SNAP_EINVAL, "only bit 0");
	parts[0].flags = SNAP_SECTION_OPTIONAL;	/* config cannot be optional */
	build(parts, n, 1, 7, &img);
	expect_fail(&img, SNAP_EINVAL, "config): marked optional");
	parts[0].flags = 0;
	parts_free(parts, n);
	free(ram);
	mb_free(&img);
}

/* A section of another length: longer only in a newer minor, only by
 * zeros, only by so much. */
static void lengths(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 2, .max_present = 1, .its = 1 };
	static const uint16_t types[] = { SNAP_SEC_CONFIG, SNAP_SEC_VCPU, SNAP_SEC_VGIC_DIST,
					  SNAP_SEC_VGIC_REDIST, SNAP_SEC_ITS, SNAP_SEC_UART };
	struct part parts[MAX_PARTS];
	struct membuf img = { 0 };
	uint8_t *ram;
	unsigned n;

	random_vm(&vm, &ram, 6, &shape);
	encode_vm(&vm, &ram, &img);
	n = split(&img, parts);
	for (unsigned t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		struct part *p = part_of(parts, n, types[t], 0);
		uint64_t len = p->len;
		uint8_t *orig = p->data;

		p->data = calloc(1, len + 5000);
		memcpy(p->data, orig, len);
		p->len = len + 8;
		build(parts, n, 1, 0, &img);
		expect_fail(&img, SNAP_EFORMAT, "format 1.0 has");
		build(parts, n, 1, 1, &img);
		CHECK_EQ(decode(&img, &out), 0);
		p->data[len + 3] = 9;
		build(parts, n, 1, 1, &img);
		expect_fail(&img, SNAP_EINVAL, "appended (newer minor version) byte");
		p->data[len + 3] = 0;
		p->len = len + 4097;
		build(parts, n, 1, 1, &img);
		expect_fail(&img, SNAP_EFORMAT, "format 1.1 has");
		p->len = len - 1;
		build(parts, n, 1, 1, &img);
		expect_fail(&img, SNAP_EFORMAT, "length");
		free(p->data);
		p->data = orig;
		p->len = len;
	}
	/* The RAM map and the RAM are sized by their counts. */
	part_of(parts, n, SNAP_SEC_RAM_MAP, 0)->len += 4;
	build(parts, n, 1, 1, &img);
	expect_fail(&img, SNAP_EINVAL, "ram-map: length");
	part_of(parts, n, SNAP_SEC_RAM_MAP, 0)->len -= 4;
	part_of(parts, n, SNAP_SEC_RAM, 0)->len -= 4096;
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "ram: length");
	part_of(parts, n, SNAP_SEC_RAM, 0)->len += 4096;
	build(parts, n, 1, 0, &img);
	CHECK_EQ(decode(&img, &out), 0);
	parts_free(parts, n);
	free(ram);
	mb_free(&img);
}

/* The sections a config asks for, each once. */
static void counts(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 2, .its = 2 };
	struct part parts[MAX_PARTS], saved;
	struct membuf img = { 0 };
	uint8_t *ram;
	unsigned n, v1, r1, its0;

	random_vm(&vm, &ram, 7, &shape);
	encode_vm(&vm, &ram, &img);
	n = split(&img, parts);
	v1 = (unsigned)(part_of(parts, n, SNAP_SEC_VCPU, 1) - parts);
	r1 = (unsigned)(part_of(parts, n, SNAP_SEC_VGIC_REDIST, 1) - parts);
	its0 = (unsigned)(part_of(parts, n, SNAP_SEC_ITS, 0) - parts);
	snap_put32(parts[0].data + 32, 3);	/* config: 3 vCPUs, 2 sections */
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "vcpu: sections 0x3 present, expected 0x7");
	snap_put32(parts[0].data + 32, 9);
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "config: vcpus 9");
	snap_put32(parts[0].data + 32, 0);
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "config: vcpus 0");
	snap_put32(parts[0].data + 32, 2);
	parts[v1].index = 0;		/* vcpu 0 twice */
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "(vcpu 0): given twice");
	parts[v1].index = 5;
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "index 5, not below 2");
	parts[v1].index = 1;
	saved = parts[r1];		/* no redistributor 1 */
	memmove(&parts[r1], &parts[r1 + 1], (n - r1 - 1) * sizeof(parts[0]));
	build(parts, n - 1, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "vgic-redist: sections 0x1 present, expected 0x3");
	memmove(&parts[r1 + 1], &parts[r1], (n - r1 - 1) * sizeof(parts[0]));
	parts[r1] = saved;
	its0 = (unsigned)(part_of(parts, n, SNAP_SEC_ITS, 0) - parts);
	parts[its0].index = 2;		/* ITSes 1 and 2, no 0 */
	build(parts, n, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "its: sections 0x6 present, expected 0x3");
	parts[its0].index = 0;
	parts[n] = parts[0];		/* two configs */
	build(parts, n + 1, 1, 0, &img);
	expect_fail(&img, SNAP_EINVAL, "(config 0): given twice");
	build(parts, 0, 1, 0, &img);
	expect_fail(&img, SNAP_EFORMAT, "0 sections");
	build(parts, n, 1, 0, &img);
	snap_put32(img.p + 32, 65);
	reseal(&img);
	expect_fail(&img, SNAP_EFORMAT, "65 sections");
	parts_free(parts, n);
	free(ram);
	mb_free(&img);
}

/* RAM blocks are checked one by one before they are handed over. */
static int refuse_second(void *ctx, uint32_t b)
{
	unsigned *calls = ctx;

	(void)b;
	return ++*calls == 2 ? -1 : 0;
}

static void *into_calls(void *ctx, uint32_t b)
{
	static uint8_t *block;

	(void)ctx;
	(void)b;
	if (!block)
		block = malloc(SNAP_BLOCK_SIZE);
	return block;
}

static void *nowhere(void *ctx, uint32_t b)
{
	(void)ctx;
	(void)b;
	return NULL;
}

static void ram_handover(void)
{
	struct vm_shape shape = { .vcpus = 1, .blocks = 4, .max_present = 8, .its = 0 };
	struct membuf img = { 0 };
	struct snap_source src;
	uint8_t *ram;
	unsigned calls = 0;
	struct snap_ram_out ro = { .ctx = &calls, .into = into_calls, .done = refuse_second };

	random_vm(&vm, &ram, 8, &shape);
	CHECK(vm.ram.present >= 3);
	encode_vm(&vm, &ram, &img);
	src = mb_source(&img);
	CHECK_EQ(snap_decode(&src, &out, &toc_out, err, sizeof(err)), 0);
	CHECK_EQ(snap_ram_read(&src, &out, &ro, err, sizeof(err)), SNAP_EIO);
	CHECK(strstr(err, "refused"));
	CHECK_EQ(calls, 2);
	/* The second block damaged: the first is handed over, the second
	 * never reaches done(). */
	calls = 0;
	ro.done = NULL;
	img.p[out.ram.data_offset + SNAP_BLOCK_SIZE + 77] ^= 4;
	CHECK_EQ(snap_ram_read(&src, &out, &ro, err, sizeof(err)), SNAP_ECRC);
	CHECK(strstr(err, "ram: block") && strstr(err, "checksum"));
	/* Nowhere to read a block into; no block to write from. */
	ro.into = nowhere;
	CHECK_EQ(snap_ram_read(&src, &out, &ro, err, sizeof(err)), SNAP_EIO);
	CHECK(strstr(err, "nowhere to put block"));
	free(ram);
	ram = NULL;
	CHECK_EQ(encode_raw(&vm, &ram, &img), SNAP_EIO);
	mb_free(&img);
}

int main(void)
{
	RUN(crc32c);
	RUN(crc32c_paths);
	RUN(round_trip);
	RUN(its_blob);
	RUN(big_memory);
	RUN(flips);
	RUN(truncation);
	RUN(versions);
	RUN(lengths);
	RUN(counts);
	RUN(ram_handover);
	return check_summary("snapshot");
}
