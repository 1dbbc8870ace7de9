/*
 * Corruption: every kind of bad register value or table entry makes
 * its_restore() fail with the documented error, naming the table, and
 * leaves the target ITS, the other ITS and the VM exactly as they were
 * (same digests, no memory gained or lost). Allocation failures at every
 * point of a restore do the same.
 */
#include "../check.h"
#include "its_fake.h"

#include <string.h>

#define PROP 0x40000000ull
#define PEND 0x40100000ull
#define DEVT 0x40200000ull
#define COLT 0x40300000ull
#define CMDQ 0x40310000ull
#define L2PG 0x40320000ull /* level-2 pages, 4 KiB each */
#define ITTS 0x40400000ull
#define ITS1 0x01000000ull /* offset of ITS 1's tables */

#define VCPUS 4

static struct guest g, h;
static struct its_regs good;
static uint64_t h_digest[2], h_vm_digest, h_live;

static uint64_t itt(uint32_t dev)
{
	return ITTS + (uint64_t)dev * 0x1000;
}

/* Where a device's DTE is in the current layout. */
static bool indirect;
static uint64_t dte_ipa(uint32_t dev)
{
	if (!indirect)
		return DEVT + (uint64_t)dev * 8;
	return L2PG + (uint64_t)(dev / 512) * 0x1000 + (dev % 512) * 8;
}

static void build(struct guest *x, bool two_level)
{
	CHECK_EQ(guest_init(x, VCPUS, 2, NULL), 0);
	x->f.quiet = true;
	CHECK_EQ(guest_lpi_setup(x, PROP, 16, PEND), 0);
	for (int i = 0; i < 2; i++) {
		struct its_layout l = {
			.dev_table = DEVT + i * ITS1, .dev_pages = 1, .page_size = 65536,
			.indirect = false, .coll_table = COLT + i * ITS1, .coll_pages = 1,
			.cmdq = CMDQ + i * ITS1, .cmdq_pages = 1,
		};
		if (i == 0 && two_level) {
			l.indirect = true;
			l.page_size = 4096; /* 512 IDs per level-2 page */
			fake_w64(&x->f, DEVT, (1ull << 63) | L2PG);
			fake_w64(&x->f, DEVT + 8, (1ull << 63) | (L2PG + 0x1000));
		}
		CHECK_EQ(guest_its_setup(x, i, &l), 0);
		struct its_cmd_raw c[] = {
			cmd_mapc(0, 0, true), cmd_mapc(1, 1, true), cmd_mapc(7, 3, true),
			cmd_mapd(2, 4, itt(2) + i * ITS1, true),
			cmd_mapd(10, 3, itt(10) + i * ITS1, true),
			cmd_mapd(500, 6, itt(500) + i * ITS1, true),
			cmd_mapti(2, 1, 8200, 0), cmd_mapti(2, 5, 8201, 7),
			cmd_mapti(10, 0, 9000, 1),
			cmd_mapti(500, 3, 20000, 1), cmd_mapti(500, 60, 65535, 0),
		};
		CHECK_EQ(guest_cmds(x, i, c, (int)(sizeof(c) / sizeof(c[0]))), 0);
	}
	CHECK_EQ(x->its[0].dev.count, 3);
	CHECK_EQ(x->its[0].ite.count, 5);
}

/* g saved; h restored from it, then changed, so a no-op is visible. */
static void prepare(bool two_level)
{
	indirect = two_level;
	build(&g, two_level);
	uint8_t img_buf[256];
	struct its_vm_image *img = (struct its_vm_image *)img_buf;
	struct its_regs r1;
	CHECK_EQ(its_vm_save(&g.vm, img), ITS_OK);
	CHECK_EQ(its_save(&g.its[0], &good, NULL), ITS_OK);
	CHECK_EQ(its_save(&g.its[1], &r1, NULL), ITS_OK);

	CHECK_EQ(guest_init_ram(&h, VCPUS, 2, NULL, &g.f), 0);
	h.f.quiet = true;
	CHECK_EQ(its_vm_restore(&h.vm, img), ITS_OK);
	CHECK_EQ(its_restore(&h.its[0], &good, NULL), ITS_OK);
	CHECK_EQ(its_restore(&h.its[1], &r1, NULL), ITS_OK);
	CHECK_EQ(its_digest(&h.its[0]), its_digest(&g.its[0]));
	CHECK_EQ(guest_cmd(&h, 0, cmd_mapti(10, 7, 9100, 7)), 0);
	CHECK_EQ(guest_cmd(&h, 0, cmd_mapc(1, 2, true)), 0);
	CHECK(its_digest(&h.its[0]) != its_digest(&g.its[0]));
	h_digest[0] = its_digest(&h.its[0]);
	h_digest[1] = its_digest(&h.its[1]);
	h_vm_digest = its_vm_digest(&h.vm);
	h_live = h.f.live_allocs;
}

static void unchanged(void)
{
	CHECK_EQ(its_digest(&h.its[0]), h_digest[0]);
	CHECK_EQ(its_digest(&h.its[1]), h_digest[1]);
	CHECK_EQ(its_vm_digest(&h.vm), h_vm_digest);
	CHECK_EQ(h.f.live_allocs, h_live);
}

static unsigned refused_count;

static void expect(const char *what, const struct its_regs *regs, int err,
		   enum its_table_kind table)
{
	struct its_restore_report rep;
	int ret = its_restore(&h.its[0], regs, &rep);
	if (ret != err || rep.table != table)
		fprintf(stderr, "  %s: got %d (%s) table %d, want %d table %d\n", what, ret,
			rep.reason ? rep.reason : "", rep.table, err, table);
	CHECK_EQ(ret, err);
	CHECK_EQ(rep.table, table);
	CHECK(rep.reason != NULL);
	unchanged();
	refused_count++;
}

/* Run stmt with the 64-bit word at ipa replaced, then put it back. */
#define WITH_WORD(ipa, val, stmt)                                           \
	do {                                                                \
		uint64_t at_ = (ipa), old_ = fake_r64(&g.f, at_);           \
		fake_w64(&g.f, at_, (val));                                 \
		stmt;                                                       \
		fake_w64(&g.f, at_, old_);                                  \
	} while (0)

static void finish(struct guest *x)
{
	CHECK_EQ(x->f.protocol_errors, 0);
	for (int i = 0; i < x->nits; i++)
		its_destroy(&x->its[i]);
	its_vm_destroy(&x->vm);
	CHECK_EQ(x->f.live_allocs, 0);
	CHECK_EQ(x->f.bad_frees, 0);
}

static void teardown(void)
{
	finish(&h);
	fake_fini(&h.f);
	finish(&g);
	fake_fini(&g.f);
}

static void test_bad_registers(void)
{
	prepare(false);
	struct its_regs r;
	uint64_t qsize = 4096;

	r = good; r.iidr |= 1u << 12;
	expect("ABI revision 1", &r, ITS_ERR_ABI, ITS_TABLE_REGS);
	r = good; r.iidr |= 0xfu << 12;
	expect("ABI revision 15", &r, ITS_ERR_ABI, ITS_TABLE_REGS);
	r = good; r.typer ^= 1ull << 19;
	expect("TYPER.PTA differs", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.typer = (r.typer & ~(0x1full << 8)) | (23ull << 8);
	expect("TYPER.ID_bits differs", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.ctlr |= 2;
	expect("CTLR reserved bit", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.cbaser |= 1ull << 62;
	expect("CBASER reserved bit", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.cwriter = qsize;
	expect("CWRITER past the queue", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.cwriter |= 16;
	expect("CWRITER misaligned", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.cwriter |= 1;
	expect("CWRITER Retry set", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.creadr = qsize;
	expect("CREADR past the queue", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.creadr |= 1ull << 20;
	expect("CREADR reserved bit", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[0] = (r.baser[0] & ~(7ull << 56)) | (2ull << 56);
	expect("BASER0 type vPE", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[0] = (r.baser[0] & ~(0x1full << 48)) | (15ull << 48);
	expect("BASER0 entry size 16", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[1] = (r.baser[1] & ~(7ull << 56)) | (1ull << 56);
	expect("BASER1 type device", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[1] |= 1ull << 62;
	expect("BASER1 two-level", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[0] |= 3ull << 8;
	expect("BASER0 page size 3", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[0] = (r.baser[0] & ~(3ull << 8)) | (1ull << 8) | (1ull << 12);
	expect("BASER0 16K page, RES0 address bit", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.cbaser &= ~(1ull << 63);
	expect("enabled without a queue", &r, ITS_ERR_REGS, ITS_TABLE_REGS);
	r = good; r.baser[0] &= ~(1ull << 63);
	expect("enabled without a device table", &r, ITS_ERR_REGS, ITS_TABLE_REGS);

	uint8_t blob[ITS_REGS_BLOB_SIZE];
	its_regs_encode(&good, blob);
	blob[1] ^= 0xff;
	CHECK_EQ(its_regs_decode(&r, blob), ITS_ERR_ABI);
	teardown();
}

static void test_bad_collection_table(void)
{
	prepare(false);
	struct its_regs r;
	/* CTEs sorted by ICID: 0, 1, 7, then the terminator. */
	uint64_t cte0 = fake_r64(&g.f, COLT);
	CHECK_EQ(cte0, (1ull << 63) | 0);
	CHECK_EQ(fake_r64(&g.f, COLT + 16), (1ull << 63) | (3ull << 16) | 7);
	CHECK_EQ(fake_r64(&g.f, COLT + 24), 0);

	WITH_WORD(COLT + 8, fake_r64(&g.f, COLT + 8) | (1ull << 55),
		  expect("CTE RES0 bit", &good, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION));
	WITH_WORD(COLT + 8, (1ull << 63) | 9000,
		  expect("CTE ICID beyond table", &good, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION));
	WITH_WORD(COLT + 8, (1ull << 63) | ((uint64_t)VCPUS << 16) | 1,
		  expect("CTE vCPU out of range", &good, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION));
	WITH_WORD(COLT + 8, (1ull << 63) | (0xfffffffffull << 16) | 1,
		  expect("CTE RDBase all ones", &good, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION));
	WITH_WORD(COLT + 8, cte0,
		  expect("duplicate CTE", &good, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION));
	r = good;
	r.baser[1] = (r.baser[1] & ~0x0000ffffffff0000ull) | 0x20000000ull;
	expect("collection table not RAM", &r, ITS_ERR_FAULT, ITS_TABLE_COLLECTION);

	/* A KVM-style placeholder (never-mapped ICID) is accepted. */
	WITH_WORD(COLT + 24, (1ull << 63) | (0xffffffffull << 16) | 9, {
		CHECK_EQ(its_restore(&h.its[0], &good, NULL), ITS_OK);
		CHECK_EQ(its_digest(&h.its[0]), its_digest(&g.its[0]));
	});
	teardown();
}

static void check_device_table(bool two_level)
{
	prepare(two_level);
	struct its_regs r;
	uint64_t d10 = dte_ipa(10), d2 = dte_ipa(2);
	uint64_t dte10 = fake_r64(&g.f, d10);
	CHECK_EQ(dte10 >> 63, 1);

	WITH_WORD(d10, (dte10 & ~0x1full) | 16,
		  expect("DTE 17 EventID bits", &good, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE));
	WITH_WORD(d10, (dte10 & ~0x1full) | 31,
		  expect("DTE 32 EventID bits", &good, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE));
	/* Flat: 8192 DeviceIDs. (Two-level: 65536, out of a next's reach.) */
	if (!two_level)
		WITH_WORD(d10, (dte10 & ~(0x3fffull << 49)) | (16383ull << 49),
			  expect("DTE next past the table", &good, ITS_ERR_CORRUPT,
				 ITS_TABLE_DEVICE));
	WITH_WORD(d10, (dte10 & ~(((1ull << 44) - 1) << 5)) | ((0x20000000ull >> 8) << 5),
		  expect("DTE ITT not RAM", &good, ITS_ERR_FAULT, ITS_TABLE_DEVICE));
	WITH_WORD(d10, (dte10 & ~(((1ull << 44) - 1) << 5) & ~0x1full) |
			       (((G_RAM1 + G_RAM1_SIZE - 256) >> 8) << 5) | 7,
		  expect("DTE ITT straddles RAM end", &good, ITS_ERR_FAULT, ITS_TABLE_DEVICE));
	/* The scan reads the zeroed prefix: a stale entry there is caught. */
	WITH_WORD(dte_ipa(0), (1ull << 63) | 20,
		  expect("bad DTE before the first", &good, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE));
	/* DTE 2 marked last: the scan ends there. REV0 has no checksum, so
	 * this reads as a valid, smaller table. */
	WITH_WORD(d2, fake_r64(&g.f, d2) & ~(0x3fffull << 49), {
		CHECK_EQ(its_restore(&h.its[0], &good, NULL), ITS_OK);
		CHECK_EQ(h.its[0].dev.count, 1);
	});
	/* Put h back into its prepared state for the remaining cases. */
	teardown();
	prepare(two_level);
	if (!two_level) {
		r = good;
		r.baser[0] = (r.baser[0] & ~0x0000ffffffff0000ull) | 0x20000000ull;
		expect("device table not RAM", &r, ITS_ERR_FAULT, ITS_TABLE_DEVICE);
		/* A table running into a hole: 4 KiB pages, 8 pages, no device
		 * before the end of bank 1. */
		fake_fill(&g.f, G_RAM1 + G_RAM1_SIZE - 4096, 4096, 0);
		r = good;
		r.baser[0] = (r.baser[0] & ~(0x0000fffffffff000ull | (3ull << 8) | 0xff)) |
			     (G_RAM1 + G_RAM1_SIZE - 4096) | 7;
		expect("device table into a hole", &r, ITS_ERR_FAULT, ITS_TABLE_DEVICE);
	} else {
		r = good;
		r.baser[0] = (r.baser[0] & ~0x0000fffffffff000ull) | 0x20000000ull;
		expect("level-1 table not RAM", &r, ITS_ERR_FAULT, ITS_TABLE_L1);
		/* A level-1 entry past the last device is never read (the scan
		 * stops at the DTE whose next is 0); skipping one that is read
		 * is tested in its_cmd_test. */
		WITH_WORD(DEVT + 8 * 5, (1ull << 63) | 0x20000000ull, {
			struct its_restore_report rep;
			CHECK_EQ(its_restore(&h.its[0], &good, &rep), ITS_OK);
			CHECK_EQ(rep.l1_skipped, 0);
			CHECK_EQ(its_digest(&h.its[0]), its_digest(&g.its[0]));
		});
	}
	teardown();
}

static void test_bad_device_table_flat(void)
{
	check_device_table(false);
}

static void test_bad_device_table_two_level(void)
{
	check_device_table(true);
}

static void test_bad_itt(void)
{
	for (int two_level = 0; two_level < 2; two_level++) {
		prepare(two_level);
		uint64_t i21 = itt(2) + 1 * 8, i25 = itt(2) + 5 * 8;
		uint64_t ite = fake_r64(&g.f, i21);
		CHECK_EQ(ite, (4ull << 48) | (8200ull << 16) | 0);
		CHECK_EQ(fake_r64(&g.f, itt(2)), 0); /* zeroed prefix */
		CHECK_EQ(fake_r64(&g.f, i25), (8201ull << 16) | 7);

		WITH_WORD(i21, (ite & ~(0xffffffffull << 16)) | (100ull << 16),
			  expect("ITE pINTID 100", &good, ITS_ERR_CORRUPT, ITS_TABLE_ITT));
		WITH_WORD(i21, (ite & ~(0xffffffffull << 16)) | (8191ull << 16),
			  expect("ITE pINTID 8191", &good, ITS_ERR_CORRUPT, ITS_TABLE_ITT));
		WITH_WORD(i21, (ite & ~(0xffffffffull << 16)) | (65536ull << 16),
			  expect("ITE pINTID 65536", &good, ITS_ERR_CORRUPT, ITS_TABLE_ITT));
		WITH_WORD(i21, (ite & ~(0xffffffffull << 16)) | (0xffffffffull << 16),
			  expect("ITE pINTID all ones", &good, ITS_ERR_CORRUPT, ITS_TABLE_ITT));
		WITH_WORD(i21, (ite & ~(0xffffull << 48)) | (15ull << 48),
			  expect("ITE next past the ITT", &good, ITS_ERR_CORRUPT, ITS_TABLE_ITT));
		WITH_WORD(itt(2), (70000ull << 16),
			  expect("bad ITE before the first", &good, ITS_ERR_CORRUPT,
				 ITS_TABLE_ITT));
		WITH_WORD(itt(500) + 60 * 8, (0x12345ull << 16),
			  expect("last ITE pINTID too big", &good, ITS_ERR_CORRUPT,
				 ITS_TABLE_ITT));
		teardown();
	}
}

static void test_limits(void)
{
	prepare(false);
	struct its_config small[] = {
		{ .max_devices = 2 },
		{ .max_ites = 4 },
		{ .max_itt_entries = 64 }, /* 16 + 8 + 64 needed */
	};
	for (unsigned k = 0; k < 3; k++) {
		struct its other;
		CHECK_EQ(its_init(&other, &h.vm, &small[k]), ITS_OK);
		uint64_t d = its_digest(&other);
		struct its_restore_report rep;
		CHECK_EQ(its_restore(&other, &good, &rep), ITS_ERR_LIMIT);
		CHECK(rep.table == ITS_TABLE_DEVICE || rep.table == ITS_TABLE_ITT);
		CHECK_EQ(its_digest(&other), d);
		its_destroy(&other);
		refused_count++;
	}
	unchanged();
	teardown();
}

static void test_out_of_memory(void)
{
	for (int two_level = 0; two_level < 2; two_level++) {
		prepare(two_level);
		int ok_at = -1;
		for (int k = 0; k < 64 && ok_at < 0; k++) {
			h.f.fail_after = (int64_t)h.f.allocs + k;
			struct its_restore_report rep;
			int ret = its_restore(&h.its[0], &good, &rep);
			h.f.fail_after = -1;
			if (ret == ITS_OK) {
				ok_at = k;
				break;
			}
			CHECK_EQ(ret, ITS_ERR_NOMEM);
			unchanged();
			refused_count++;
		}
		CHECK(ok_at >= 3); /* each of the staging tables failed once */
		CHECK_EQ(its_digest(&h.its[0]), its_digest(&g.its[0]));

		/* A fresh VM also needs LPI storage: fail that too. */
		static struct guest x;
		CHECK_EQ(guest_init_ram(&x, VCPUS, 1, NULL, &g.f), 0);
		x.f.quiet = true;
		uint64_t d = its_digest(&x.its[0]), live = x.f.live_allocs;
		ok_at = -1;
		for (int k = 0; k < 64 && ok_at < 0; k++) {
			x.f.fail_after = (int64_t)x.f.allocs + k;
			int ret = its_restore(&x.its[0], &good, NULL);
			x.f.fail_after = -1;
			if (ret == ITS_OK) {
				ok_at = k;
				break;
			}
			CHECK_EQ(ret, ITS_ERR_NOMEM);
			CHECK_EQ(its_digest(&x.its[0]), d);
			CHECK_EQ(x.f.live_allocs, live);
			for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++)
				CHECK(x.vm.chunk[c] == NULL);
			refused_count++;
		}
		CHECK(ok_at >= 6); /* three tables, three LPI chunks */
		CHECK_EQ(its_digest(&x.its[0]), its_digest(&g.its[0]));
		finish(&x);
		fake_fini(&x.f);
		teardown();
	}
}

static void test_good_image_still_restores(void)
{
	prepare(true);
	CHECK_EQ(its_restore(&h.its[0], &good, NULL), ITS_OK);
	CHECK_EQ(its_digest(&h.its[0]), its_digest(&g.its[0]));
	struct its_target t;
	CHECK_EQ(its_translate(&h.its[0], 500, 60, &t), ITS_XLATE_OK);
	CHECK_EQ(t.intid, 65535);
	teardown();
}

int main(void)
{
	RUN(test_bad_registers);
	RUN(test_bad_collection_table);
	RUN(test_bad_device_table_flat);
	RUN(test_bad_device_table_two_level);
	RUN(test_bad_itt);
	RUN(test_limits);
	RUN(test_out_of_memory);
	RUN(test_good_image_still_restores);
	printf("corrupt images refused with the model unchanged: %u\n", refused_count);
	return check_summary("its_corrupt_test");
}
