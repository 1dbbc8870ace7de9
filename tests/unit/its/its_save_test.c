/*
 * ITS model unit tests: save and restore basics (flat and two-level
 * tables, the layout field by field, stale memory, several ITSes, the
 * register blob, stalled queues, allocation failure, VM image checks).
 */
#include "its_test_util.h"

/* ---- save and restore ------------------------------------------------------- */

static void regs_equal(struct its *a, struct its *b)
{
	static const uint64_t offs[] = { GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CBASER,
					 GITS_CWRITER, GITS_CREADR, GITS_BASER0, GITS_BASER1 };
	for (unsigned k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
		CHECK_EQ(mmio_r(a, offs[k]), mmio_r(b, offs[k]));
}

static void translations_equal(struct its *a, struct its *b, uint32_t dev_max, uint32_t ev_max)
{
	for (uint32_t d = 0; d < dev_max; d++)
		for (uint32_t e = 0; e < ev_max; e++) {
			struct its_target ta = { 0, 0 }, tb = { 0, 0 };
			enum its_xlate ra = its_translate(a, d, e, &ta);
			enum its_xlate rb = its_translate(b, d, e, &tb);
			if (ra != rb || ta.vcpu != tb.vcpu || ta.intid != tb.intid) {
				CHECK_EQ(ra, rb);
				return;
			}
		}
}

/* Save g (VM then every ITS), restore into a fresh h over the same RAM. */
static void save_restore(struct guest *g, struct guest *h, uint32_t vcpus)
{
	struct its_regs regs[FAKE_MAX_ITS];
	struct its_save_report rep;
	uint8_t img_buf[1024];
	struct its_vm_image *img = (struct its_vm_image *)img_buf;
	CHECK_EQ(its_vm_save(&g->vm, img), ITS_OK);
	for (int i = 0; i < g->nits; i++) {
		CHECK_EQ(its_save(&g->its[i], &regs[i], &rep), ITS_OK);
		CHECK_EQ(rep.dropped_devices + rep.write_failures, 0);
	}
	CHECK_EQ(guest_init(h, vcpus, g->nits, &g->its[0].cfg), 0);
	for (int b = 0; b < g->f.banks; b++)
		memcpy(h->f.bank[b].mem, g->f.bank[b].mem, g->f.bank[b].size);
	CHECK_EQ(its_vm_restore(&h->vm, img), ITS_OK);
	for (int i = 0; i < g->nits; i++) {
		struct its_restore_report rr;
		int ret = its_restore(&h->its[i], &regs[i], &rr);
		CHECK_EQ(ret, ITS_OK);
		if (ret)
			fprintf(stderr, "restore: %s (%s)\n", its_strerror(ret), rr.reason);
	}
}

static void test_save_restore_flat(void)
{
	struct guest *g = &g_a, *h = &g_b;
	setup(g, 2, 1, NULL);
	populate(g, 0);
	save_restore(g, h, 2);
	CHECK_EQ(its_digest(&h->its[0]), its_digest(&g->its[0]));
	CHECK_EQ(its_vm_digest(&h->vm), its_vm_digest(&g->vm));
	regs_equal(&g->its[0], &h->its[0]);
	translations_equal(&g->its[0], &h->its[0], 64, 64);
	struct its_target t;
	CHECK_EQ(its_translate(&h->its[0], 40000, 1, &t), ITS_XLATE_OK);
	CHECK_EQ(t.intid, 30000);
	/* The layout in guest RAM, field by field (docs/its-abi.md). */
	uint64_t dte7 = fake_r64(&h->f, DEVT + 7 * 8);
	CHECK_EQ(dte7 >> 63, 1);
	CHECK_EQ((dte7 >> 49) & 0x3fff, 2);          /* next: DeviceID 9 */
	CHECK_EQ(((dte7 >> 5) & ((1ull << 44) - 1)) << 8, itt(0, 7));
	CHECK_EQ(dte7 & 0x1f, 4);                    /* 5 EventID bits */
	CHECK_EQ((fake_r64(&h->f, DEVT + 9 * 8) >> 49) & 0x3fff, 16383); /* capped */
	CHECK_EQ((fake_r64(&h->f, DEVT + 40000 * 8) >> 49) & 0x3fff, 0);  /* last */
	uint64_t ite = fake_r64(&h->f, itt(0, 7) + 4 * 8);
	CHECK_EQ(ite >> 48, 27);                     /* next: EventID 31 */
	CHECK_EQ((ite >> 16) & 0xffffffff, 8195);
	CHECK_EQ(ite & 0xffff, 55);
	CHECK_EQ(fake_r64(&h->f, itt(0, 7)), 0);     /* zeroed before the first */
	uint64_t cte0 = fake_r64(&h->f, COLT);
	CHECK_EQ(cte0 >> 63, 1);
	CHECK_EQ(cte0 & 0xffff, 0);                  /* sorted by ICID */
	CHECK_EQ((cte0 >> 16) & 0xfffffffff, 0);
	CHECK_EQ(fake_r64(&h->f, COLT + 8 * 3), 0);  /* terminator after 3 */
	/* Pending state in vCPU 1's pending table. */
	uint8_t *pt = fake_ptr(&h->f, PEND + 0x10000, 8192);
	CHECK_EQ(pt[8193 / 8] & (1u << (8193 % 8)), 1u << (8193 % 8));
	/* MSIs work right after restore, before any vCPU runs. */
	CHECK_EQ(g->f.on[8193], 2);
	CHECK_EQ(h->f.on[8193], 2);
	CHECK_EQ(fake_ack(&h->f, &h->vm, 1, 8193), ITS_OK);
	CHECK_EQ(its_signal_msi(&h->its[0], 0, 7), ITS_XLATE_OK);
	CHECK_EQ(h->f.on[8193], 2);
	CHECK_EQ(its_signal_msi(&h->its[0], 0, 0), ITS_XLATE_OK);
	CHECK_EQ(h->f.on[8192], 1);
	/* The restored queue keeps working. */
	CHECK_EQ(guest_cmd(h, 0, cmd_discard(0, 0)), 0);
	CHECK_EQ(its_translate(&h->its[0], 0, 0, &t), ITS_XLATE_UNMAPPED);
	finish(g);
	finish(h);
}

static void test_save_restore_two_level(void)
{
	static const uint32_t psz[] = { 4096, 16384, 65536 };
	for (unsigned k = 0; k < 3; k++) {
		struct guest *g = &g_a, *h = &g_b;
		CHECK_EQ(guest_init(g, 2, 1, NULL), 0);
		CHECK_EQ(guest_lpi_setup(g, PROP, 16, PEND), 0);
		struct its_layout l = layout(0);
		l.indirect = true;
		l.page_size = psz[k];
		l.dev_pages = 1;
		l.coll_pages = 1;
		CHECK_EQ(guest_its_setup(g, 0, &l), 0);
		CHECK_EQ(guest_cmd(g, 0, cmd_mapc(0, 0, true)), 0);
		CHECK_EQ(guest_cmd(g, 0, cmd_mapc(1, 1, true)), 0);
		uint32_t per = psz[k] / 8;
		/* L2 pages for level-1 entries 0, 2 and the last one used. */
		uint32_t last = 65535 / per;
		fake_w64(&g->f, DEVT, (1ull << 63) | 0x40600000ull);
		fake_w64(&g->f, DEVT + 16, (1ull << 63) | 0x40700000ull);
		fake_w64(&g->f, DEVT + 8 * (uint64_t)last, (1ull << 63) | 0x40800000ull);
		fake_fill(&g->f, 0x40600000ull, psz[k], 0xf7); /* garbage in L2 */
		uint32_t devs[] = { 3, 2 * per, 2 * per + 5, 65535 };
		for (unsigned d = 0; d < 4; d++) {
			CHECK_EQ(guest_cmd(g, 0, cmd_mapd(devs[d], 3, itt(0, d), true)), 0);
			map_event(g, 0, devs[d], d, 8192 + d, d & 1);
		}
		CHECK_EQ(g->its[0].dev.count, 4);
		save_restore(g, h, 2);
		CHECK_EQ(its_digest(&h->its[0]), its_digest(&g->its[0]));
		for (unsigned d = 0; d < 4; d++) {
			struct its_target t;
			CHECK_EQ(its_translate(&h->its[0], devs[d], d, &t), ITS_XLATE_OK);
			CHECK_EQ(t.intid, 8192 + d);
		}
		finish(h);

		/* The guest invalidates a level-1 entry: that device is lost. */
		fake_w64(&g->f, DEVT + 16, 0);
		struct its_regs regs;
		struct its_save_report rep;
		CHECK_EQ(its_save(&g->its[0], &regs, &rep), ITS_OK);
		CHECK_EQ(rep.dropped_devices, 2);
		CHECK_EQ(rep.dropped_ites, 2);
		CHECK_EQ(rep.devices, 2);
		CHECK_EQ(guest_init(h, 2, 1, NULL), 0);
		for (int b = 0; b < g->f.banks; b++)
			memcpy(h->f.bank[b].mem, g->f.bank[b].mem, g->f.bank[b].size);
		CHECK_EQ(its_restore(&h->its[0], &regs, NULL), ITS_OK);
		CHECK_EQ(h->its[0].dev.count, 2);
		/* Pointing the entry outside RAM: skipped on restore too. */
		fake_w64(&h->f, DEVT + 16, (1ull << 63) | 0x30000000ull);
		struct its_restore_report rr;
		CHECK_EQ(its_restore(&h->its[0], &regs, &rr), ITS_OK);
		CHECK_EQ(rr.l1_skipped, 1);
		finish(h);
		finish(g);
	}
}

static void test_save_overwrites_stale_entries(void)
{
	struct guest *g = &g_a, *h = &g_b;
	setup(g, 1, 1, NULL);
	/* Valid-looking garbage everywhere a restore scan could look. */
	for (uint32_t d = 0; d < 64; d++)
		fake_w64(&g->f, DEVT + d * 8, (1ull << 63) | ((itt(0, 63) >> 8) << 5) | 1);
	for (uint32_t e = 0; e < 16; e++)
		fake_w64(&g->f, itt(0, 20) + e * 8, (1ull << 16 << 16) | (8300ull << 16));
	fake_w64(&g->f, COLT + 8, (1ull << 63) | 5);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(20, 4, itt(0, 20), true)), 0);
	map_event(g, 0, 20, 9, 8200, 0);
	save_restore(g, h, 1);
	CHECK_EQ(its_digest(&h->its[0]), its_digest(&g->its[0]));
	CHECK_EQ(h->its[0].dev.count, 1);
	CHECK_EQ(h->its[0].ite.count, 1);
	CHECK_EQ(h->its[0].coll.count, 1);
	finish(g);
	finish(h);

	/* No devices: the whole table is zeroed; no collections: terminator. */
	setup(g, 1, 1, NULL);
	fake_fill(&g->f, DEVT, 8 * 65536, 0xff);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(0, 0, false)), 0);
	fake_w64(&g->f, COLT, ~0ull);
	save_restore(g, h, 1);
	CHECK_EQ(h->its[0].dev.count, 0);
	CHECK_EQ(h->its[0].coll.count, 0);
	CHECK_EQ(fake_r64(&g->f, DEVT + 8 * 65535), 0);
	finish(g);
	finish(h);
}

static void test_multiple_its(void)
{
	struct guest *g = &g_a, *h = &g_b;
	setup(g, 2, 3, NULL);
	for (int i = 0; i < 3; i++)
		populate(g, i);
	/* Same DeviceID on each ITS, different translations. */
	struct its_target t0, t1;
	CHECK_EQ(its_translate(&g->its[0], 0, 0, &t0), ITS_XLATE_OK);
	CHECK_EQ(its_translate(&g->its[1], 0, 0, &t1), ITS_XLATE_OK);
	CHECK(t0.intid != t1.intid);

	struct its_regs regs[3];
	uint8_t img_buf[256];
	struct its_vm_image *img = (struct its_vm_image *)img_buf;
	CHECK_EQ(its_vm_save(&g->vm, img), ITS_OK);
	/* Each ITS is saved on its own, in any order. */
	CHECK_EQ(its_save(&g->its[2], &regs[2], NULL), ITS_OK);
	CHECK_EQ(its_save(&g->its[0], &regs[0], NULL), ITS_OK);
	CHECK_EQ(its_save(&g->its[1], &regs[1], NULL), ITS_OK);
	CHECK_EQ(guest_init(h, 2, 3, NULL), 0);
	for (int b = 0; b < g->f.banks; b++)
		memcpy(h->f.bank[b].mem, g->f.bank[b].mem, g->f.bank[b].size);
	CHECK_EQ(its_vm_restore(&h->vm, img), ITS_OK);
	CHECK_EQ(its_vm_digest(&h->vm), its_vm_digest(&g->vm));
	/* Restore ITS 1 only: ITS 0 and 2 stay in reset, ITS 1 works. */
	uint64_t d0 = its_digest(&h->its[0]), d2 = its_digest(&h->its[2]);
	CHECK_EQ(its_restore(&h->its[1], &regs[1], NULL), ITS_OK);
	CHECK_EQ(its_digest(&h->its[1]), its_digest(&g->its[1]));
	CHECK_EQ(its_digest(&h->its[0]), d0);
	CHECK_EQ(its_digest(&h->its[2]), d2);
	CHECK_EQ(its_signal_msi(&h->its[1], 0, 0), ITS_XLATE_OK);
	CHECK_EQ(its_signal_msi(&h->its[0], 0, 0), ITS_XLATE_DISABLED);
	/* A failing restore of ITS 2 leaves ITS 1 alone. */
	struct its_regs bad = regs[2];
	bad.iidr |= 1u << 12;
	CHECK_EQ(its_restore(&h->its[2], &bad, NULL), ITS_ERR_ABI);
	CHECK_EQ(its_digest(&h->its[1]), its_digest(&g->its[1]));
	CHECK_EQ(its_restore(&h->its[2], &regs[2], NULL), ITS_OK);
	CHECK_EQ(its_restore(&h->its[0], &regs[0], NULL), ITS_OK);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(its_digest(&h->its[i]), its_digest(&g->its[i]));
		translations_equal(&g->its[i], &h->its[i], 12, 40);
	}
	finish(g);
	finish(h);
}

static void test_regs_blob(void)
{
	struct its_regs r = { .iidr = 0x4100043b, .ctlr = 1, .typer = 0x1ef71,
			      .cbaser = 1ull << 63 | 0x40000000, .cwriter = 0x40,
			      .creadr = 0x21, .baser = { 3, 4 } };
	uint8_t blob[ITS_REGS_BLOB_SIZE];
	struct its_regs back;
	its_regs_encode(&r, blob);
	CHECK_EQ(its_regs_decode(&back, blob), ITS_OK);
	CHECK(memcmp(&r, &back, sizeof(r)) == 0);
	CHECK_EQ(blob[0], 'I');
	blob[4] = 2; /* version 2 */
	CHECK_EQ(its_regs_decode(&back, blob), ITS_ERR_ABI);
	CHECK(strcmp(its_strerror(ITS_ERR_CORRUPT), "invalid table entry") == 0);
	CHECK(strcmp(its_cmd_strerror(ITS_CMDERR_MAPD_DEVICE_OOR), "MAPD: DeviceID out of range") == 0);
}

static void test_stalled_queue_round_trip(void)
{
	struct guest *g = &g_a, *h = &g_b;
	setup(g, 1, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	g->f.fail_after = (int64_t)g->f.allocs;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapti(1, 0, 40000, 0)), -1);
	g->f.fail_after = -1;
	uint64_t creadr = mmio_r(&g->its[0], GITS_CREADR);
	CHECK_EQ(creadr & 1, 1);
	save_restore(g, h, 1);
	CHECK_EQ(mmio_r(&h->its[0], GITS_CREADR), creadr);
	/* Retry on the restored ITS runs the stalled command. */
	mmio_w(&h->its[0], GITS_CWRITER, mmio_r(&h->its[0], GITS_CWRITER) | 1);
	struct its_target t;
	CHECK_EQ(its_translate(&h->its[0], 1, 0, &t), ITS_XLATE_OK);
	finish(g);
	finish(h);
}

static void test_save_nomem(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	populate(g, 0);
	uint8_t *dt = fake_ptr(&g->f, DEVT, 4096);
	fake_fill(&g->f, DEVT, 4096, 0x5a);
	struct its_regs regs;
	g->f.fail_after = (int64_t)g->f.allocs;
	CHECK_EQ(its_save(&g->its[0], &regs, NULL), ITS_ERR_NOMEM);
	g->f.fail_after = -1;
	CHECK_EQ(dt[0], 0x5a); /* nothing written */
	CHECK_EQ(its_save(&g->its[0], &regs, NULL), ITS_OK);
	CHECK(dt[0] != 0x5a);
	finish(g);
}

static void test_vm_restore_validation(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	populate(g, 0);
	uint8_t img_buf[256];
	struct its_vm_image *img = (struct its_vm_image *)img_buf;
	CHECK_EQ(its_vm_image_size(2), sizeof(struct its_vm_image) + 2 * 16);
	CHECK_EQ(its_vm_save(&g->vm, img), ITS_OK);
	uint64_t d = its_vm_digest(&g->vm);
	uint8_t copy[256];
	memcpy(copy, img_buf, sizeof(copy));

	img->version = 2;
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_ABI);
	memcpy(img_buf, copy, sizeof(copy));
	img->vcpu_count = 3;
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_REGS);
	memcpy(img_buf, copy, sizeof(copy));
	img->propbaser |= 1ull << 63;
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_REGS);
	memcpy(img_buf, copy, sizeof(copy));
	img->vcpu[1].lpis_enabled = 2;
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_REGS);
	memcpy(img_buf, copy, sizeof(copy));
	img->vcpu[1].pendbaser = 0x30000000; /* pending table not RAM */
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_FAULT);
	memcpy(img_buf, copy, sizeof(copy));
	img->propbaser = 0x30000000 | 15;    /* property table not RAM */
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_ERR_FAULT);
	CHECK_EQ(its_vm_digest(&g->vm), d);
	/* Out of memory on the way: unchanged. */
	memcpy(img_buf, copy, sizeof(copy));
	for (int64_t k = 0; k < 4; k++) {
		g->f.fail_after = (int64_t)g->f.allocs + k;
		int ret = its_vm_restore(&g->vm, img);
		g->f.fail_after = -1;
		CHECK(ret == ITS_OK || ret == ITS_ERR_NOMEM);
		CHECK_EQ(its_vm_digest(&g->vm), d);
	}
	/* Restoring the saved image onto itself changes nothing. */
	CHECK_EQ(its_vm_restore(&g->vm, img), ITS_OK);
	CHECK_EQ(its_vm_digest(&g->vm), d);
	finish(g);
}

int main(void)
{
	RUN(test_save_restore_flat);
	RUN(test_save_restore_two_level);
	RUN(test_save_overwrites_stale_entries);
	RUN(test_multiple_its);
	RUN(test_regs_blob);
	RUN(test_stalled_queue_round_trip);
	RUN(test_save_nomem);
	RUN(test_vm_restore_validation);
	return check_summary("its_save_test");
}
