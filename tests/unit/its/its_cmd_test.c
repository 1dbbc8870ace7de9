/*
 * ITS model unit tests: the mapping and maintenance commands (MAPD, MAPC,
 * MAPTI/MAPI, MOVI, DISCARD, CLEAR, INV, INVALL, SYNC, MOVALL, unknown
 * commands) and their documented error cases and limits, flat and
 * two-level device tables.
 */
#include "its_test_util.h"

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

int main(void)
{
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
	return check_summary("its_cmd_test");
}
