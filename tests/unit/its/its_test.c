/*
 * ITS model unit tests: registers, every command and its documented error
 * cases, LPI configuration and pending state, queue stalls and budgets.
 */
#include "its_test_util.h"

/* ---- registers ------------------------------------------------------------- */

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

/* ---- commands ---------------------------------------------------------------- */

static void test_translate_and_deliver(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	struct its *its = &g->its[0];
	struct its_target t;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(5, 4, itt(0, 5), true)), 0);
	map_event(g, 0, 5, 3, 8200, 1);
	CHECK_EQ(its_translate(its, 5, 3, &t), ITS_XLATE_OK);
	CHECK_EQ(t.vcpu, 1);
	CHECK_EQ(t.intid, 8200);
	CHECK_EQ(its_translate(its, 5, 4, &t), ITS_XLATE_UNMAPPED);
	CHECK_EQ(its_translate(its, 6, 3, &t), ITS_XLATE_UNMAPPED);
	CHECK_EQ(its_translate(its, 0xffffffffu, 0xffffffffu, &t), ITS_XLATE_UNMAPPED);

	/* Disabled in the property table: pending but not delivered. */
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 8200, &info);
	CHECK(info.pending && !info.delivered);
	CHECK_EQ(g->f.on[8200], 0);
	/* Enable + INV: delivered to vCPU 1 with the configured priority. */
	guest_set_prop(g, 8200, PRIO_ON(0xa0));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(5, 3)), 0);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(g->f.prio[8200], 0xa0);
	/* A second MSI while pending changes nothing. */
	uint64_t delivers = g->f.delivers;
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	CHECK_EQ(g->f.delivers, delivers);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_OK);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_ERR_INVAL);
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 0, 8200), ITS_ERR_INVAL); /* wrong vCPU */
	/* INT command has the same effect. */
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(5, 3)), 0);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(5, 9)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_INT_UNMAPPED_INTERRUPT);
	/* GITS_TRANSLATER from a vCPU uses the configured DeviceID (0). */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(0, 2, itt(0, 0), true)), 0);
	map_event(g, 0, 0, 1, 8300, 0);
	guest_set_prop(g, 8300, PRIO_ON(0x10));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(0, 1)), 0);
	CHECK_EQ(its_mmio_write(its, GITS_TRANSLATER, 4, 1), ITS_OK);
	CHECK_EQ(g->f.on[8300], 1);
	CHECK_EQ(its_mmio_write(its, GITS_TRANSLATER, 2, 1), ITS_OK);
	/* Disabled ITS translates nothing. */
	mmio_w(its, GITS_CTLR, 0);
	CHECK_EQ(its_translate(its, 5, 3, &t), ITS_XLATE_DISABLED);
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_DISABLED);
	finish(g);
}

static void test_mapi(void)
{
	struct guest *g = &g_a;
	setup(g, 1, 1, NULL);
	struct its_target t;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 16, itt(0, 0x100), true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapi(1, 9000, 0)), 0);
	CHECK_EQ(its_translate(&g->its[0], 1, 9000, &t), ITS_XLATE_OK);
	CHECK_EQ(t.intid, 9000);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapi(1, 100, 0)), 0); /* INTID 100: not an LPI */
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_PHYSICALID_OOR);
	finish(g);
}

static void test_mapd_errors(void)
{
	struct guest *g = &g_a;
	struct its_config cfg = { .max_devices = 3, .max_itt_entries = 1u << 12 };
	setup(g, 1, 1, &cfg);
	struct its *its = &g->its[0];
	/* The flat table holds 8 * 64 KiB / 8 = 65536 DeviceIDs. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(65536, 2, itt(0, 1), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_DEVICE_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 17, itt(0, 1), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_ITTSIZE_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, 0x10000000, true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_ITT_NOT_RAM);
	/* ITT straddling the end of RAM bank 1. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 8, G_RAM1 + G_RAM1_SIZE - 1024, true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_ITT_NOT_RAM);
	CHECK_EQ(its->dev.count, 0);
	/* Limits: ITT budget 4096 entries, 3 devices. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 12, itt(0, 1), true)), 0);
	CHECK_EQ(its->dev.count, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(2, 1, itt(0, 2), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_LIMIT);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 11, itt(0, 1), true)), 0); /* remap smaller */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(2, 1, itt(0, 2), true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(3, 1, itt(0, 3), true)), 0);
	CHECK_EQ(its->dev.count, 3);
	g->its[0].stats.last_error = 0;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(4, 1, itt(0, 4), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_LIMIT);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(3, 0, 0, false)), 0); /* unmap */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(4, 1, itt(0, 4), true)), 0);
	CHECK_EQ(its->dev.count, 3);
	CHECK_EQ(its->itt_entries, (1u << 11) + 2 + 2);
	/* Unmapping an unmapped device is not an error. */
	g->its[0].stats.last_error = 0;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(9, 0, 0, false)), 0);
	CHECK_EQ(last_err(g, 0), 0);
	finish(g);

	/* A table outside RAM is not made valid; the ITS stays disabled. */
	CHECK_EQ(guest_init(g, 1, 1, NULL), 0);
	CHECK_EQ(guest_lpi_setup(g, PROP, 16, PEND), 0);
	struct its_layout l = layout(0);
	l.dev_table = 0x20000000; /* not RAM */
	CHECK_EQ(guest_its_setup(g, 0, &l), -1);
	CHECK_EQ(mmio_r(&g->its[0], GITS_BASER0) >> 63, 0);
	l.dev_table = G_RAM1 + G_RAM1_SIZE - 65536; /* 8 pages: runs off RAM */
	CHECK_EQ(guest_its_setup(g, 0, &l), -1);
	mmio_w(&g->its[0], GITS_BASER1, baser_value(G_RAM1 + G_RAM1_SIZE - 4096, 4096, 2, false));
	CHECK_EQ(mmio_r(&g->its[0], GITS_BASER1) >> 63, 0);
	l = layout(0);
	CHECK_EQ(guest_its_setup(g, 0, &l), 0);
	mmio_w(&g->its[0], GITS_CTLR, 0);
	mmio_w(&g->its[0], GITS_BASER0, baser_value(DEVT, 4096, 1, false)); /* 512 IDs */
	mmio_w(&g->its[0], GITS_CTLR, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(511, 2, itt(0, 1), true)), 0);
	CHECK_EQ(g->its[0].dev.count, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(512, 2, itt(0, 2), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_DEVICE_OOR);
	finish(g);
}

static void test_two_level_device_table(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 1, 1, NULL), 0);
	CHECK_EQ(guest_lpi_setup(g, PROP, 16, PEND), 0);
	struct its_layout l = layout(0);
	l.indirect = true;
	l.page_size = 4096; /* 512 DeviceIDs per level-2 page */
	l.dev_pages = 1;    /* 512 level-1 entries: 262144 IDs, capped at 65536 */
	CHECK_EQ(guest_its_setup(g, 0, &l), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(0, 0, true)), 0);
	/* Level-1 entry 1 (IDs 512..1023) valid, the rest not. */
	fake_w64(&g->f, DEVT + 8, (1ull << 63) | 0x40500000ull);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(600, 3, itt(0, 1), true)), 0);
	CHECK_EQ(g->its[0].dev.count, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(100, 3, itt(0, 2), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_DEVICE_OOR);
	/* Level-1 entry pointing outside RAM: also out of range. */
	fake_w64(&g->f, DEVT, (1ull << 63) | 0x30000000ull);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(100, 3, itt(0, 2), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_DEVICE_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(65536, 3, itt(0, 2), true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPD_DEVICE_OOR);
	map_event(g, 0, 600, 7, 9999, 0);
	struct its_target t;
	CHECK_EQ(its_translate(&g->its[0], 600, 7, &t), ITS_XLATE_OK);
	finish(g);
}

static void test_mapc_errors(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	struct its *its = &g->its[0];
	/* One 64 KiB page: 8192 collections. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(8192, 0, true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPC_COLLECTION_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(5, 2, true)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPC_PROCNUM_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(8191, 1, true)), 0);
	CHECK_EQ(its->coll.count, 3);
	/* Unmapping a collection: its events no longer translate. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8192, 8191);
	struct its_target t;
	CHECK_EQ(its_translate(its, 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(8191, 0, false)), 0);
	CHECK_EQ(its_translate(its, 1, 0, &t), ITS_XLATE_NO_COLLECTION);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(1, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_INT_UNMAPPED_COLLECTION);
	/* Remapping: translation follows. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(8191, 1, true)), 0);
	CHECK_EQ(its_translate(its, 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(t.vcpu, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(8191, 0, true)), 0);
	CHECK_EQ(its_translate(its, 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(t.vcpu, 0);
	finish(g);
}

static void test_mapti_errors(void)
{
	struct guest *g = &g_a;
	struct its_config cfg = { .max_ites = 2 };
	setup(g, 1, 1, &cfg);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 8192, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_UNMAPPED_DEVICE);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(0xffffffffu, 0, 8192, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_UNMAPPED_DEVICE);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 4, 8192, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_ID_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 8191, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_PHYSICALID_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 65536, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_PHYSICALID_OOR);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 8192, 8192)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MAPTI_COLLECTION_OOR);
	CHECK_EQ(g->its[0].ite.count, 0);
	/* An unmapped (but in range) collection is fine for MAPTI. */
	map_event(g, 0, 1, 0, 65535, 77);
	map_event(g, 0, 1, 1, 8192, 0);
	CHECK_EQ(g->its[0].ite.count, 2);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 2, 8193, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_LIMIT);
	/* Mapping an existing event again replaces it (no limit hit). */
	g->its[0].stats.last_error = 0;
	map_event(g, 0, 1, 1, 8194, 0);
	CHECK_EQ(last_err(g, 0), 0);
	struct its_target t;
	CHECK_EQ(its_translate(&g->its[0], 1, 1, &t), ITS_XLATE_OK);
	CHECK_EQ(t.intid, 8194);
	CHECK_EQ(its_translate(&g->its[0], 1, 0, &t), ITS_XLATE_NO_COLLECTION);
	finish(g);
}

static void test_movi(void)
{
	struct guest *g = &g_a;
	setup(g, 3, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8500, 0);
	guest_set_prop(g, 8500, PRIO_ON(0x40));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(1, 0)), 0);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 0), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[8500], 1);
	/* MOVI moves the pending state: withdrawn from 0, delivered to 2. */
	uint64_t w = g->f.withdraws;
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(1, 0, 2)), 0);
	CHECK_EQ(g->f.withdraws, w + 1);
	CHECK_EQ(g->f.on[8500], 3);
	struct its_target t;
	CHECK_EQ(its_translate(&g->its[0], 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(t.vcpu, 2);
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(1, 1, 2)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MOVI_UNMAPPED_INTERRUPT);
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(1, 0, 50)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MOVI_UNMAPPED_COLLECTION);
	/* Source collection unmapped: also refused. */
	map_event(g, 0, 1, 1, 8501, 60);
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(1, 1, 0)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MOVI_UNMAPPED_COLLECTION);
	/* Moving a pending LPI to a vCPU with LPIs off drops it. */
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, false), ITS_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(1, 0, 1)), 0);
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 8500, &info);
	CHECK(!info.pending);
	CHECK_EQ(g->f.on[8500], 0);
	finish(g);
}

static void test_discard_clear(void)
{
	struct guest *g = &g_a;
	setup(g, 1, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8600, 0);
	map_event(g, 0, 1, 1, 8601, 0);
	guest_set_prop(g, 8600, PRIO_ON(0));
	guest_set_prop(g, 8601, PRIO_ON(0));
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(0)), 0);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 0), ITS_XLATE_OK);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 1), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[8600], 1);
	CHECK_EQ(g->f.on[8601], 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_clear(1, 0)), 0);
	CHECK_EQ(g->f.on[8600], 0);
	struct its_target t;
	CHECK_EQ(its_translate(&g->its[0], 1, 0, &t), ITS_XLATE_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_discard(1, 1)), 0);
	CHECK_EQ(g->f.on[8601], 0);
	CHECK_EQ(its_translate(&g->its[0], 1, 1, &t), ITS_XLATE_UNMAPPED);
	CHECK_EQ(g->its[0].ite.count, 1);
	CHECK_EQ(guest_cmd(g, 0, cmd_discard(1, 1)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_DISCARD_UNMAPPED_INTERRUPT);
	CHECK_EQ(guest_cmd(g, 0, cmd_clear(1, 1)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_CLEAR_UNMAPPED_INTERRUPT);
	/* Unmapping the device forgets its remaining events. */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 0, 0, false)), 0);
	CHECK_EQ(g->its[0].ite.count, 0);
	CHECK_EQ(g->its[0].itt_entries, 0);
	finish(g);
}

static void test_inv_invall(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(2, 5, itt(0, 2), true)), 0);
	for (uint32_t ev = 0; ev < 20; ev++)
		map_event(g, 0, 2, ev, 9000 + ev, ev & 1);
	for (uint32_t ev = 0; ev < 20; ev++)
		CHECK_EQ(its_signal_msi(&g->its[0], 2, ev), ITS_XLATE_OK);
	for (uint32_t ev = 0; ev < 20; ev++)
		guest_set_prop(g, 9000 + ev, PRIO_ON(0x80));
	/* Cached configuration: nothing happens before INV/INVALL. */
	CHECK_EQ(g->f.on[9000], 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 0)), 0);
	CHECK_EQ(g->f.on[9000], 1);
	CHECK_EQ(g->f.on[9002], 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(1)), 0);
	for (uint32_t ev = 0; ev < 20; ev++)
		CHECK_EQ(g->f.on[9000 + ev], (ev & 1) + 1);
	/* A priority change re-delivers; disabling withdraws. */
	guest_set_prop(g, 9004, PRIO_ON(0x20));
	guest_set_prop(g, 9005, 0x20);
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 4)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 5)), 0);
	CHECK_EQ(g->f.prio[9004], 0x20);
	CHECK_EQ(g->f.on[9005], 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 30)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_INV_UNMAPPED_INTERRUPT);
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(7)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_INVALL_UNMAPPED_COLLECTION);
	finish(g);
}

static void test_sync_movall(void)
{
	struct guest *g = &g_a;
	setup(g, 3, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(3, 4, itt(0, 3), true)), 0);
	for (uint32_t ev = 0; ev < 10; ev++) {
		map_event(g, 0, 3, ev, 10000 + ev, ev % 3);
		guest_set_prop(g, 10000 + ev, PRIO_ON(0x30));
	}
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(0)), 0);
	for (uint32_t ev = 0; ev < 10; ev++)
		CHECK_EQ(its_signal_msi(&g->its[0], 3, ev), ITS_XLATE_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_sync(2)), 0);
	g->its[0].stats.last_error = 0;
	CHECK_EQ(guest_cmd(g, 0, cmd_sync(3)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_SYNC_PROCNUM_OOR);
	/* MOVALL 0 -> 2: every LPI pending on vCPU 0 now pends on 2. */
	CHECK_EQ(guest_cmd(g, 0, cmd_movall(0, 2)), 0);
	for (uint32_t ev = 0; ev < 10; ev++)
		CHECK_EQ(g->f.on[10000 + ev], ev % 3 == 1 ? 2 : 3);
	CHECK_EQ(guest_cmd(g, 0, cmd_movall(0, 3)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_MOVALL_PROCNUM_OOR);
	g->its[0].stats.last_error = 0;
	CHECK_EQ(guest_cmd(g, 0, cmd_movall(1, 1)), 0);
	CHECK_EQ(last_err(g, 0), 0);
	finish(g);
}

static void test_unknown_command(void)
{
	struct guest *g = &g_a;
	setup(g, 1, 1, NULL);
	struct its_cmd_raw c[3] = { cmd_sync(0), cmd_sync(0), cmd_sync(0) };
	c[1].dw[0] = 0x2a; /* VMAPTI: GICv4, not implemented */
	CHECK_EQ(guest_cmds(g, 0, c, 3), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_UNKNOWN_COMMAND);
	CHECK_EQ(mmio_r(&g->its[0], GITS_CREADR), mmio_r(&g->its[0], GITS_CWRITER));
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

static void test_redistributor_lpis(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 2, 1, NULL), 0);
	/* Tables outside RAM: LPIs cannot be enabled. */
	CHECK_EQ(its_vm_write_propbaser(&g->vm, 0x10000000 | 15), ITS_OK);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 0, PEND), ITS_OK);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 0, true), ITS_ERR_FAULT);
	CHECK(!its_vm_lpis_enabled(&g->vm, 0));
	/* IDbits 13: LPIs 8192..16383 only. */
	CHECK_EQ(its_vm_write_propbaser(&g->vm, PROP | 13), ITS_OK);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 0, true), ITS_OK);
	CHECK_EQ(its_vm_write_propbaser(&g->vm, PROP | 15), ITS_ERR_BUSY);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 0, PEND + 0x10000), ITS_ERR_BUSY);
	CHECK_EQ(its_vm_read_pendbaser(&g->vm, 0), PEND);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 5, true), ITS_ERR_INVAL);
	struct its_layout l = layout(0);
	CHECK_EQ(guest_its_setup(g, 0, &l), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(0, 0, true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(1, 1, true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 20000, 0);
	map_event(g, 0, 1, 1, 9000, 1);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 0), ITS_XLATE_OUT_OF_RANGE);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 1), ITS_XLATE_LPIS_OFF);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(1, 1)), 0); /* dropped, not an error */
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 9000, &info);
	CHECK(!info.pending);
	CHECK_EQ(its_vm_lpi_info(&g->vm, 100, &info), ITS_ERR_INVAL);
	finish(g);
}

static void test_pending_tables(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 4, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8192, 1);
	map_event(g, 0, 1, 1, 12345, 1);
	map_event(g, 0, 1, 2, 65535, 1);
	map_event(g, 0, 1, 3, 9000, 0);
	guest_set_prop(g, 12345, PRIO_ON(0x50));
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(1)), 0);
	for (uint32_t ev = 0; ev < 4; ev++)
		CHECK_EQ(its_signal_msi(&g->its[0], 1, ev), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[12345], 2);
	/* Stale bits in vCPU 1's table are overwritten on write-back. */
	fake_fill(&g->f, PEND + 0x10000 + 1024, 7 * 1024, 0xff);
	/* EnableLPIs 1 -> 0: pending state goes to the table. */
	uint64_t w = g->f.withdraws;
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, false), ITS_OK);
	CHECK_EQ(g->f.withdraws, w + 1);
	uint8_t *pt = fake_ptr(&g->f, PEND + 0x10000, 8192);
	CHECK_EQ(pt[8192 / 8], 1);
	CHECK_EQ(pt[12345 / 8], 1u << (12345 % 8));
	CHECK_EQ(pt[65535 / 8], 0x80);
	CHECK_EQ(pt[9000 / 8], 0); /* pending on vCPU 0, not 1 */
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(!info.pending);
	its_vm_lpi_info(&g->vm, 9000, &info);
	CHECK(info.pending && info.vcpu == 0);
	/* 0 -> 1: read back, and delivered again. */
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, true), ITS_OK);
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(info.pending && info.vcpu == 1 && info.delivered);
	CHECK_EQ(g->f.on[12345], 2);
	its_vm_lpi_info(&g->vm, 65535, &info);
	CHECK(info.pending && info.vcpu == 1);
	/* PTZ: the table is declared zero and not read. */
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, false), ITS_OK);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 1, (PEND + 0x10000) | (1ull << 62)), ITS_OK);
	CHECK_EQ(its_vm_read_pendbaser(&g->vm, 1) >> 62, 0);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, true), ITS_OK);
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(!info.pending);
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
	RUN(test_translate_and_deliver);
	RUN(test_mapi);
	RUN(test_mapd_errors);
	RUN(test_two_level_device_table);
	RUN(test_mapc_errors);
	RUN(test_mapti_errors);
	RUN(test_movi);
	RUN(test_discard_clear);
	RUN(test_inv_invall);
	RUN(test_sync_movall);
	RUN(test_unknown_command);
	RUN(test_stall_and_retry);
	RUN(test_budget);
	RUN(test_baser_change_forgets);
	RUN(test_redistributor_lpis);
	RUN(test_pending_tables);
	RUN(test_reset);
	return check_summary("its_test");
}
