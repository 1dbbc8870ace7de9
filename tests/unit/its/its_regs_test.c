/*
 * ITS model unit tests: the registers (reset values, access widths,
 * read-only fields, enabling), the command queue (CWRITER out of range,
 * stalls and Retry, the per-write budget), moving the tables and reset.
 */
#include "its_test_util.h"

static void test_reset_registers(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 2, 1, NULL), 0);
	struct its *its = &g->its[0];
	CHECK_EQ(mmio_r(its, GITS_CTLR), 0x80000000u); /* disabled, quiescent */
	uint64_t iidr = mmio_r(its, GITS_IIDR);
	CHECK_EQ((iidr >> 12) & 0xf, 0);               /* ABI REV0 */
	CHECK_EQ(iidr & 0xfff, 0x43b);
	uint64_t typer = mmio_r(its, GITS_TYPER);
	CHECK_EQ(typer & 1, 1);                         /* physical LPIs */
	CHECK_EQ((typer >> 4) & 0xf, 7);                /* 8-byte ITEs */
	CHECK_EQ((typer >> 8) & 0x1f, 15);              /* 16 ID bits */
	CHECK_EQ((typer >> 13) & 0x1f, 15);             /* 16 DeviceID bits */
	CHECK_EQ((typer >> 19) & 1, 0);                 /* PTA = 0 */
	CHECK_EQ((typer >> 36) & 1, 0);                 /* CIL = 0 */
	uint64_t b0 = mmio_r(its, GITS_BASER0), b1 = mmio_r(its, GITS_BASER1);
	CHECK_EQ((b0 >> 56) & 7, 1);  /* device */
	CHECK_EQ((b1 >> 56) & 7, 4);  /* collection */
	CHECK_EQ((b0 >> 48) & 0x1f, 7);
	CHECK_EQ((b1 >> 48) & 0x1f, 7);
	CHECK_EQ(b0 >> 63, 0);
	for (uint64_t off = 0x110; off < 0x140; off += 8)
		CHECK_EQ(mmio_r(its, off), 0); /* BASER2..7 unimplemented */
	CHECK_EQ(mmio_r(its, GITS_CBASER), 0);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 0);
	CHECK_EQ(mmio_r(its, GITS_CWRITER), 0);
	CHECK_EQ((mmio_r(its, GITS_PIDR2) >> 4) & 0xf, 3); /* GICv3 */
	finish(g);
}

static void test_register_access(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 2, 1, NULL), 0);
	struct its *its = &g->its[0];
	uint64_t v;
	/* 32-bit halves of a 64-bit register. */
	CHECK_EQ(its_mmio_read(its, GITS_TYPER, 4, &v), ITS_OK);
	CHECK_EQ(v, mmio_r(its, GITS_TYPER) & 0xffffffff);
	CHECK_EQ(its_mmio_read(its, GITS_TYPER + 4, 4, &v), ITS_OK);
	CHECK_EQ(v, mmio_r(its, GITS_TYPER) >> 32);
	/* Unsupported widths and alignments. */
	CHECK_EQ(its_mmio_read(its, GITS_CTLR, 8, &v), ITS_ERR_ACCESS);
	CHECK_EQ(its_mmio_read(its, GITS_TYPER, 2, &v), ITS_ERR_ACCESS);
	CHECK_EQ(its_mmio_read(its, GITS_TYPER + 2, 4, &v), ITS_ERR_ACCESS);
	CHECK_EQ(its_mmio_read(its, GITS_CBASER, 3, &v), ITS_ERR_ACCESS);
	CHECK_EQ(its_mmio_write(its, GITS_TRANSLATER, 8, 0), ITS_ERR_ACCESS);
	CHECK_EQ(its_mmio_read(its, ITS_FRAME_SIZE, 4, &v), ITS_ERR_INVAL);
	/* Reserved space reads as zero, ignores writes. */
	CHECK_EQ(its_mmio_write(its, 0x4000, 4, 0xffffffff), ITS_OK);
	CHECK_EQ(its_mmio_read(its, 0x4000, 4, &v), ITS_OK);
	CHECK_EQ(v, 0);
	/* Read-only registers ignore writes. */
	uint64_t typer = mmio_r(its, GITS_TYPER), iidr = mmio_r(its, GITS_IIDR);
	mmio_w(its, GITS_TYPER, 0);
	mmio_w(its, GITS_IIDR, 0);
	mmio_w(its, GITS_CREADR, 0x100);
	CHECK_EQ(mmio_r(its, GITS_TYPER), typer);
	CHECK_EQ(mmio_r(its, GITS_IIDR), iidr);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 0);
	/* BASER: type and entry size are read-only; collection table flat. */
	mmio_w(its, GITS_BASER0, ~0ull);
	uint64_t b0 = mmio_r(its, GITS_BASER0);
	CHECK_EQ((b0 >> 56) & 7, 1);
	CHECK_EQ((b0 >> 48) & 0x1f, 7);
	CHECK_EQ((b0 >> 62) & 1, 1);    /* two-level device table supported */
	CHECK_EQ((b0 >> 8) & 3, 2);     /* reserved page size -> 64K */
	mmio_w(its, GITS_BASER1, ~0ull);
	CHECK_EQ((mmio_r(its, GITS_BASER1) >> 62) & 1, 0);
	/* 16 KiB pages: address bits [13:12] are RES0. */
	mmio_w(its, GITS_BASER0, (1ull << 8) | 0x40003000ull);
	CHECK_EQ(mmio_r(its, GITS_BASER0) & 0x3000, 0);
	/* 32-bit write to one half merges with the other. */
	mmio_w(its, GITS_BASER0, 0);
	CHECK_EQ(its_mmio_write(its, GITS_BASER0 + 4, 4, 0x80000000u), ITS_OK);
	CHECK_EQ(its_mmio_write(its, GITS_BASER0, 4, 0x40010200u), ITS_OK);
	b0 = mmio_r(its, GITS_BASER0);
	CHECK_EQ(b0 >> 63, 1);
	CHECK_EQ(b0 & 0xffffffffu, 0x40010200u);
	CHECK_EQ((b0 >> 56) & 7, 1);
	/* CBASER: reserved bits read as zero. */
	mmio_w(its, GITS_CBASER, ~0ull);
	CHECK_EQ(mmio_r(its, GITS_CBASER) & ((1ull << 62) | (1ull << 52) | 0x300), 0);
	finish(g);
}

static void test_enable_requires_tables(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 1, 1, NULL), 0);
	struct its *its = &g->its[0];
	mmio_w(its, GITS_CTLR, 1);
	CHECK_EQ(mmio_r(its, GITS_CTLR) & 1, 0);
	mmio_w(its, GITS_BASER0, baser_value(DEVT, 65536, 1, false));
	mmio_w(its, GITS_BASER1, baser_value(COLT, 65536, 1, false));
	mmio_w(its, GITS_CTLR, 1);
	CHECK_EQ(mmio_r(its, GITS_CTLR) & 1, 0); /* no command queue yet */
	mmio_w(its, GITS_CBASER, (1ull << 63) | CMDQ);
	mmio_w(its, GITS_CTLR, 1);
	CHECK_EQ(mmio_r(its, GITS_CTLR), 1);     /* enabled, not quiescent */
	/* CBASER and BASERs are read-only while enabled. */
	uint64_t cb = mmio_r(its, GITS_CBASER), b0 = mmio_r(its, GITS_BASER0);
	mmio_w(its, GITS_CBASER, 0);
	mmio_w(its, GITS_BASER0, 0);
	CHECK_EQ(mmio_r(its, GITS_CBASER), cb);
	CHECK_EQ(mmio_r(its, GITS_BASER0), b0);
	/* Disabled again: quiescent; a CBASER write resets both pointers. */
	CHECK_EQ(guest_cmd(g, 0, cmd_sync(0)), 0);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 32);
	mmio_w(its, GITS_CTLR, 0);
	CHECK_EQ(mmio_r(its, GITS_CTLR), 0x80000000u);
	mmio_w(its, GITS_CBASER, (1ull << 63) | CMDQ | 1);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 0);
	CHECK_EQ(mmio_r(its, GITS_CWRITER), 0);
	finish(g);
}

static void test_cwriter_out_of_range(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	struct its *its = &g->its[0];
	uint64_t w = mmio_r(its, GITS_CWRITER);
	mmio_w(its, GITS_CWRITER, 16 * 4096); /* the queue is 16 pages */
	CHECK_EQ(mmio_r(its, GITS_CWRITER), w);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_CWRITER_OOR);
	finish(g);
}

static void test_stall_and_retry(void)
{
	struct guest *g = &g_a;
	setup(g, 1, 1, NULL);
	struct its *its = &g->its[0];
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	/* Out of memory in MAPTI: the queue stalls on that command. */
	uint64_t r0 = mmio_r(its, GITS_CREADR);
	g->f.fail_after = (int64_t)g->f.allocs;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 30000, 0)), -1);
	CHECK_EQ(mmio_r(its, GITS_CREADR), r0 | 1);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_NOMEM);
	CHECK_EQ(its->stats.stalls, 1);
	/* CWRITER without Retry: still stalled. */
	mmio_w(its, GITS_CWRITER, mmio_r(its, GITS_CWRITER));
	CHECK_EQ(mmio_r(its, GITS_CREADR), r0 | 1);
	/* Memory back, Retry: the command runs again and completes. */
	g->f.fail_after = -1;
	mmio_w(its, GITS_CWRITER, mmio_r(its, GITS_CWRITER) | 1);
	CHECK_EQ(mmio_r(its, GITS_CREADR), r0 + 32);
	struct its_target t;
	CHECK_EQ(its_translate(its, 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(mmio_r(its, GITS_CWRITER) & 1, 0); /* Retry reads as 0 */
	finish(g);

	/* A queue whose second page is not RAM stalls there. */
	setup(g, 1, 1, NULL);
	its = &g->its[0];
	uint64_t q = G_RAM1 + G_RAM1_SIZE - 4096;
	mmio_w(its, GITS_CTLR, 0);
	mmio_w(its, GITS_CBASER, (1ull << 63) | q | 1); /* two pages */
	mmio_w(its, GITS_CTLR, 1);
	for (int k = 0; k < 128; k++) {
		struct its_cmd_raw c = cmd_sync(0);
		for (int d = 0; d < 4; d++)
			fake_w64(&g->f, q + 32 * (uint64_t)k + 8 * (uint64_t)d, c.dw[d]);
	}
	mmio_w(its, GITS_CWRITER, 4096 + 64);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 4096 | 1);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_CMD_READ);
	CHECK_EQ(mmio_r(its, GITS_CTLR) & 1, 1);
	/* Disable, new CBASER: the stall is gone. */
	mmio_w(its, GITS_CTLR, 0);
	mmio_w(its, GITS_CBASER, (1ull << 63) | CMDQ);
	mmio_w(its, GITS_CTLR, 1);
	CHECK_EQ(mmio_r(its, GITS_CREADR), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_sync(0)), 0);
	finish(g);
}

static void test_budget(void)
{
	struct guest *g = &g_a;
	struct its_config cfg = { .cmd_budget = 16 };
	setup(g, 1, 1, &cfg);
	struct its *its = &g->its[0];
	uint64_t base = CMDQ, w = mmio_r(its, GITS_CWRITER);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 10, itt(0, 1), true)), 0);
	w = mmio_r(its, GITS_CWRITER);
	for (int k = 0; k < 1000; k++) {
		struct its_cmd_raw c = cmd_mapti(1, (uint32_t)k, 8192 + (uint32_t)k, 0);
		for (int d = 0; d < 4; d++)
			fake_w64(&g->f, base + ((w + 32 * (uint64_t)k) % 65536) + 8 * d, c.dw[d]);
	}
	uint64_t end = (w + 32000) % 65536;
	uint64_t before = its->stats.processed;
	its_mmio_write(its, GITS_CWRITER, 8, end);
	CHECK(its->stats.processed - before <= 16); /* one budget per write */
	CHECK(its_process(its));
	int polls = 0;
	while (mmio_r(its, GITS_CREADR) != end && polls < 1000)
		polls++;
	CHECK(polls > 10 && polls < 100);
	CHECK(!its_process(its));
	CHECK_EQ(its->ite.count, 1000);
	/* An expensive command counts its work: unmapping 1000 events. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 0, 0, false)), 0);
	CHECK_EQ(its->ite.count, 0);
	finish(g);
}

static void test_baser_change_forgets(void)
{
	struct guest *g = &g_a;
	setup(g, 1, 1, NULL);
	struct its *its = &g->its[0];
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8192, 0);
	mmio_w(its, GITS_CTLR, 0);
	/* Cacheability only: mappings stay. */
	mmio_w(its, GITS_BASER0, mmio_r(its, GITS_BASER0) | (7ull << 59));
	mmio_w(its, GITS_BASER1, mmio_r(its, GITS_BASER1) | (1ull << 10));
	CHECK_EQ(its->dev.count, 1);
	CHECK_EQ(its->coll.count, 1);
	/* New place: the ITS forgot the old table's contents. */
	mmio_w(its, GITS_BASER0, mmio_r(its, GITS_BASER0) + 0x10000);
	CHECK_EQ(its->dev.count, 0);
	CHECK_EQ(its->ite.count, 0);
	CHECK_EQ(its->coll.count, 1);
	mmio_w(its, GITS_BASER1, mmio_r(its, GITS_BASER1) & ~(1ull << 63));
	CHECK_EQ(its->coll.count, 0);
	finish(g);
}

static void test_reset(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	populate(g, 0);
	its_reset(&g->its[0]);
	CHECK_EQ(mmio_r(&g->its[0], GITS_CTLR), 0x80000000u);
	CHECK_EQ(mmio_r(&g->its[0], GITS_BASER0) >> 63, 0);
	CHECK_EQ(g->its[0].dev.count + g->its[0].ite.count + g->its[0].coll.count, 0);
	finish(g);
}

int main(void)
{
	RUN(test_reset_registers);
	RUN(test_register_access);
	RUN(test_enable_requires_tables);
	RUN(test_cwriter_out_of_range);
	RUN(test_stall_and_retry);
	RUN(test_budget);
	RUN(test_baser_change_forgets);
	RUN(test_reset);
	return check_summary("its_regs_test");
}
