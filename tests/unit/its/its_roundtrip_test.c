/*
 * Round trip over random valid configurations: for each seed, a VM with
 * 1-8 vCPUs and 1-3 ITSes (flat or two-level device tables, 4/16/64 KiB
 * pages, many devices, events and collections, pending LPIs, sometimes
 * commands left in the queue or a stalled queue) is built through the
 * command queue, saved, and restored into a fresh model over the same
 * RAM. Then every register, translation, LPI state and digest must match,
 * a second save must write the same bytes, and both models must go on
 * behaving the same under further commands.
 *
 * RAM is not cleared between seeds: every table is laid over the stale
 * tables of earlier seeds, which save must neutralise.
 */
#include "../check.h"
#include "its_fake.h"
#include "its_test_util.h"

#include <string.h>

#define SEEDS_DEFAULT 2000u
#define MAX_DEV 64

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

struct bump {
	uint64_t next, end;
};

static uint64_t bump(struct bump *b, uint64_t size, uint64_t align)
{
	uint64_t at = (b->next + align - 1) & ~(align - 1);
	if (at + size > b->end) {
		fprintf(stderr, "bump allocator exhausted\n");
		abort();
	}
	b->next = at + size;
	return at;
}

struct gen_its {
	uint32_t psz;
	bool indirect;
	uint32_t max_devid;
	uint32_t coll_cap;
	uint32_t keeper_icid; /* a collection that stays mapped */
	uint32_t ndev;
	uint32_t devid[MAX_DEV];
	uint32_t bits[MAX_DEV];
	uint32_t ncoll;
	uint32_t icid[48];
	bool usable_l1[1024];
};

struct gen {
	struct rng r;
	struct bump ram0, ram1;
	uint32_t vcpus;
	int nits;
	uint32_t limit;
	struct gen_its its[FAKE_MAX_ITS];
	bool disabled_with_queue[FAKE_MAX_ITS];
};

static struct fake ram;
static struct guest g_a, g_b;

/* What the seeds covered, printed at the end. */
static struct {
	unsigned long its, indirect, devices, events, collections, pending, delivered;
	unsigned long queued, stalled, lpis_off, cmd_errors;
} cover;

static bool drain(struct guest *g, int i)
{
	struct its *its = &g->its[i];
	for (int polls = 0; polls < 100000; polls++) {
		uint64_t r = mmio_r(its, GITS_CREADR);
		if (r & 1)
			return false;
		if (r == mmio_r(its, GITS_CWRITER))
			return true;
	}
	return false;
}

static struct its_cmd_raw random_cmd(struct gen *s, int i)
{
	struct rng *r = &s->r;
	struct gen_its *gi = &s->its[i];
	uint32_t d = gi->ndev ? below(r, gi->ndev) : 0;
	uint32_t devid = gi->ndev ? gi->devid[d] : 0;
	uint32_t ev = gi->ndev ? below(r, 1u << gi->bits[d]) : 0;
	uint32_t icid = gi->ncoll && below(r, 8) ? gi->icid[below(r, gi->ncoll)]
						   : below(r, gi->coll_cap);
	uint32_t intid = ITS_LPI_BASE + below(r, 65536 - ITS_LPI_BASE);
	if (below(r, 4))
		intid = ITS_LPI_BASE + below(r, s->limit - ITS_LPI_BASE);
	switch (below(r, 12)) {
	case 0:
	case 1:
	case 2:
		return cmd_mapti(devid, ev, intid, icid);
	case 3:
		return cmd_int(devid, ev);
	case 4:
		return cmd_clear(devid, ev);
	case 5:
		return cmd_discard(devid, ev);
	case 6:
		return cmd_movi(devid, ev, icid);
	case 7:
		return cmd_inv(devid, ev);
	case 8:
		return cmd_invall(gi->keeper_icid);
	case 9:
		return cmd_movall(below(r, s->vcpus), below(r, s->vcpus));
	case 10:
		if (icid == gi->keeper_icid)
			return cmd_sync(below(r, s->vcpus));
		return cmd_mapc(icid, below(r, s->vcpus), below(r, 4) != 0);
	default:
		return cmd_sync(below(r, s->vcpus));
	}
}

static void build_lpis(struct gen *s, struct guest *g)
{
	struct rng *r = &s->r;
	uint64_t prop = bump(&s->ram0, 65536, 4096);
	uint32_t idbits = 14 + below(r, 3);
	s->limit = 1u << idbits;
	CHECK_EQ(its_vm_write_propbaser(&g->vm, prop | (idbits - 1)), ITS_OK);
	for (uint32_t v = 0; v < s->vcpus; v++) {
		uint64_t pend = bump(&s->ram0, 65536, 65536);
		uint64_t ptz = below(r, 4) ? 0 : (1ull << 62);
		CHECK_EQ(its_vm_write_pendbaser(&g->vm, v, pend | ptz), ITS_OK);
		if (v == 0 || below(r, 8))
			CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, v, true), ITS_OK);
	}
}

static void build_its(struct gen *s, struct guest *g, int i)
{
	static const uint32_t pszs[] = { 4096, 16384, 65536 };
	static const uint32_t maxdev[] = { 64, 1024, 65536 };
	struct rng *r = &s->r;
	struct gen_its *gi = &s->its[i];
	struct its_layout l;
	memset(gi, 0, sizeof(*gi));
	memset(&l, 0, sizeof(l));
	gi->psz = pszs[below(r, 3)];
	gi->indirect = below(r, 3) == 0;
	gi->max_devid = maxdev[below(r, 3)];
	uint32_t per = gi->psz / 8;

	l.page_size = gi->psz;
	l.indirect = gi->indirect;
	if (!gi->indirect) {
		l.dev_pages = (gi->max_devid * 8 + gi->psz - 1) / gi->psz;
		l.dev_table = bump(&s->ram0, (uint64_t)l.dev_pages * gi->psz, gi->psz);
		for (uint32_t k = 0; k * per < gi->max_devid; k++)
			gi->usable_l1[k] = true;
	} else {
		uint32_t l1 = (gi->max_devid + per - 1) / per;
		l.dev_pages = 1;
		l.dev_table = bump(&s->ram0, gi->psz, gi->psz);
		for (uint32_t k = 0; k < gi->psz / 8; k++) {
			uint64_t e = rnd(r) & ~(1ull << 63); /* invalid garbage */
			if (k < l1 && below(r, 4)) {
				gi->usable_l1[k] = below(r, 16) != 0;
				e = (1ull << 63) | (gi->usable_l1[k] ? bump(&s->ram0, gi->psz, gi->psz)
								     : 0x20000000ull);
			}
			fake_w64(&g->f, l.dev_table + 8ull * k, e);
		}
	}
	l.coll_pages = 1;
	l.coll_table = bump(&s->ram0, gi->psz, gi->psz);
	gi->coll_cap = gi->psz / 8;
	l.cmdq_pages = 16;
	l.cmdq = bump(&s->ram0, 65536, 65536);
	CHECK_EQ(guest_its_setup(g, i, &l), 0);

	struct its_cmd_raw cmds[256];
	int n = 0;
	gi->ncoll = 1 + below(r, 40);
	for (uint32_t k = 0; k < gi->ncoll; k++) {
		gi->icid[k] = k == 0 ? below(r, gi->coll_cap) : below(r, gi->coll_cap);
		cmds[n++] = cmd_mapc(gi->icid[k], below(r, s->vcpus), true);
	}
	gi->keeper_icid = gi->icid[0];
	CHECK_EQ(guest_cmds(g, i, cmds, n), 0);

	uint32_t ndev = below(r, MAX_DEV);
	for (uint32_t k = 0; k < ndev; k++) {
		uint32_t devid = below(r, gi->max_devid);
		if (!gi->usable_l1[devid / per])
			continue;
		bool dup = false;
		for (uint32_t j = 0; j < gi->ndev; j++)
			dup |= gi->devid[j] == devid;
		if (dup)
			continue;
		uint32_t bits = below(r, 16) ? 1 + below(r, 8) : 9 + below(r, 4);
		uint64_t itt_bytes = (8ull << bits) < 256 ? 256 : (8ull << bits);
		uint64_t itt = below(r, 4) ? bump(&s->ram0, itt_bytes, 256)
					   : bump(&s->ram1, itt_bytes, 256);
		gi->devid[gi->ndev] = devid;
		gi->bits[gi->ndev++] = bits;
		n = 0;
		cmds[n++] = cmd_mapd(devid, bits, itt, true);
		uint32_t nev = below(r, 1 + (bits > 5 ? 40 : (1u << bits)));
		for (uint32_t e = 0; e < nev && n < 256; e++) {
			uint32_t icid = below(r, 8) ? gi->icid[below(r, gi->ncoll)]
						    : below(r, gi->coll_cap);
			uint32_t intid = ITS_LPI_BASE + below(r, s->limit - ITS_LPI_BASE);
			cmds[n++] = cmd_mapti(devid, below(r, 1u << bits), intid, icid);
		}
		CHECK_EQ(guest_cmds(g, i, cmds, n), 0);
	}
}

static void activity(struct gen *s, struct guest *g, int rounds)
{
	struct rng *r = &s->r;
	for (int k = 0; k < rounds; k++) {
		int i = (int)below(r, (uint32_t)s->nits);
		struct gen_its *gi = &s->its[i];
		switch (below(r, 6)) {
		case 0: {
			uint32_t intid = ITS_LPI_BASE + below(r, s->limit - ITS_LPI_BASE);
			guest_set_prop(g, intid, (uint8_t)(rnd(r) & 0xfd));
			break;
		}
		case 1:
			if (gi->ndev) {
				uint32_t d = below(r, gi->ndev);
				its_signal_msi(&g->its[i], gi->devid[d], below(r, 1u << gi->bits[d]));
			}
			break;
		case 2: {
			struct its_cmd_raw c[8];
			for (int j = 0; j < 8; j++)
				c[j] = random_cmd(s, i);
			CHECK_EQ(guest_cmds(g, i, c, 8), 0);
			break;
		}
		case 3:
			for (uint32_t intid = ITS_LPI_BASE; intid < s->limit; intid++)
				if (g->f.on[intid] && below(r, 2)) {
					CHECK_EQ(fake_ack(&g->f, &g->vm, g->f.on[intid] - 1u, intid), 0);
					break;
				}
			break;
		case 4: {
			uint32_t v = below(r, s->vcpus);
			bool on = its_vm_lpis_enabled(&g->vm, v);
			if (v)
				CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, v, !on), ITS_OK);
			break;
		}
		default:
			CHECK_EQ(guest_cmd(g, i, cmd_invall(gi->keeper_icid)), 0);
			break;
		}
	}
	/* Make every cached configuration match the property table. */
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(s->its[0].keeper_icid)), 0);
}

/* Leave work behind: a disabled ITS with queued commands, or a stall. */
static void unfinished_business(struct gen *s, struct guest *g)
{
	struct rng *r = &s->r;
	for (int i = 0; i < s->nits; i++) {
		s->disabled_with_queue[i] = false;
		switch (below(r, 8)) {
		case 0: {
			struct its_cmd_raw c[6];
			for (int j = 0; j < 6; j++)
				c[j] = random_cmd(s, i);
			mmio_w(&g->its[i], GITS_CTLR, 0);
			mmio_w(&g->its[i], GITS_CWRITER, guest_queue_put(g, i, c, 6));
			s->disabled_with_queue[i] = true;
			break;
		}
		case 1: {
			/* MAPTI needing new LPI storage, allocator failing: stall. */
			struct gen_its *gi = &s->its[i];
			uint32_t chunk = ITS_LPI_CHUNKS;
			for (uint32_t c = 0; c < (s->limit - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT; c++)
				if (!g->vm.chunk[c])
					chunk = c;
			if (!gi->ndev || chunk == ITS_LPI_CHUNKS)
				break;
			struct its_cmd_raw c = cmd_mapti(gi->devid[0], 0,
							 ITS_LPI_BASE + (chunk << ITS_LPI_CHUNK_SHIFT) + 5,
							 gi->keeper_icid);
			g->f.fail_after = (int64_t)g->f.allocs;
			mmio_w(&g->its[i], GITS_CWRITER, guest_queue_put(g, i, &c, 1));
			g->f.fail_after = -1;
			CHECK(g->its[i].stalled);
			break;
		}
		default:
			break;
		}
	}
}

static uint64_t ram_hash(struct gen *s)
{
	uint64_t h = 1469598103934665603ull;
	const uint8_t *p = fake_ptr(&ram, G_RAM0, s->ram0.next - G_RAM0);
	for (uint64_t k = 0; k < s->ram0.next - G_RAM0; k++)
		h = (h ^ p[k]) * 1099511628211ull;
	p = fake_ptr(&ram, G_RAM1, s->ram1.next - G_RAM1);
	for (uint64_t k = 0; k < s->ram1.next - G_RAM1; k++)
		h = (h ^ p[k]) * 1099511628211ull;
	return h;
}

static void compare(struct gen *s, struct guest *g, struct guest *h)
{
	static const uint64_t offs[] = { GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CBASER,
					 GITS_CWRITER, GITS_BASER0, GITS_BASER1 };
	CHECK_EQ(its_vm_digest(&h->vm), its_vm_digest(&g->vm));
	for (int i = 0; i < s->nits; i++) {
		struct gen_its *gi = &s->its[i];
		CHECK_EQ(its_digest(&h->its[i]), its_digest(&g->its[i]));
		for (unsigned k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
			CHECK_EQ(mmio_r(&h->its[i], offs[k]), mmio_r(&g->its[i], offs[k]));
		CHECK_EQ(h->its[i].creadr, g->its[i].creadr);
		CHECK_EQ(h->its[i].stalled, g->its[i].stalled);
		for (uint32_t d = 0; d < gi->ndev; d++)
			for (uint32_t e = 0; e < (1u << gi->bits[d]) && e < 256; e++) {
				struct its_target ta = { 0, 0 }, tb = { 0, 0 };
				enum its_xlate ra = its_translate(&g->its[i], gi->devid[d], e, &ta);
				enum its_xlate rb = its_translate(&h->its[i], gi->devid[d], e, &tb);
				if (ra != rb || ta.vcpu != tb.vcpu || ta.intid != tb.intid) {
					CHECK_EQ(ra, rb);
					CHECK_EQ(ta.intid, tb.intid);
					return;
				}
			}
	}
	for (uint32_t intid = ITS_LPI_BASE; intid < s->limit; intid++) {
		struct its_lpi_info a, b;
		its_vm_lpi_info(&g->vm, intid, &a);
		its_vm_lpi_info(&h->vm, intid, &b);
		if (a.pending != b.pending || a.vcpu != b.vcpu || a.delivered != b.delivered ||
		    (a.mapped_storage && b.mapped_storage &&
		     (a.enabled != b.enabled || a.priority != b.priority))) {
			CHECK_EQ(intid, 0);
			return;
		}
	}
	CHECK_EQ(fake_check_delivery(&h->f, &h->vm), 0);
}

static void one_seed(uint64_t seed)
{
	struct gen s;
	struct guest *g = &g_a, *h = &g_b;
	memset(&s, 0, sizeof(s));
	s.r.s = seed * 0x2545f4914f6cdd1dull + 1;
	s.ram0.next = G_RAM0;
	s.ram0.end = G_RAM0 + G_RAM0_SIZE;
	s.ram1.next = G_RAM1;
	s.ram1.end = G_RAM1 + G_RAM1_SIZE;
	s.vcpus = 1 + below(&s.r, 8);
	s.nits = 1 + (int)below(&s.r, 3);
	struct its_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.cmd_budget = below(&s.r, 2) ? 0 : 4 + below(&s.r, 32);

	CHECK_EQ(guest_init_ram(g, s.vcpus, s.nits, &cfg, &ram), 0);
	g->f.quiet = true;
	build_lpis(&s, g);
	for (int i = 0; i < s.nits; i++)
		build_its(&s, g, i);
	activity(&s, g, (int)below(&s.r, 60));
	unfinished_business(&s, g);

	/* Save: VM first, ITSes in a random order. */
	uint8_t img_buf[512];
	struct its_vm_image *img = (struct its_vm_image *)img_buf;
	struct its_regs regs[FAKE_MAX_ITS];
	int order[FAKE_MAX_ITS] = { 0, 1, 2, 3 };
	for (int k = s.nits - 1; k > 0; k--) {
		int j = (int)below(&s.r, (uint32_t)k + 1), t = order[k];
		order[k] = order[j];
		order[j] = t;
	}
	fake_track(&g->f, true);
	CHECK_EQ(its_vm_save(&g->vm, img), ITS_OK);
	for (int k = 0; k < s.nits; k++) {
		struct its_save_report rep;
		int i = order[k];
		uint8_t blob[ITS_REGS_BLOB_SIZE];
		CHECK_EQ(its_save(&g->its[i], &regs[i], &rep), ITS_OK);
		CHECK_EQ(rep.dropped_devices + rep.dropped_ites + rep.write_failures, 0);
		its_regs_encode(&regs[i], blob);
		CHECK_EQ(its_regs_decode(&regs[i], blob), ITS_OK);
	}
	CHECK_EQ(g->f.overlaps, 0); /* the layout really is overlap-free */
	fake_track(&g->f, false);
	uint64_t saved_hash = (seed % 64) == 0 ? ram_hash(&s) : 0;

	/* Restore into a fresh model: VM first, ITSes in another order. */
	CHECK_EQ(guest_init_ram(h, s.vcpus, s.nits, &cfg, &ram), 0);
	h->f.quiet = true;
	CHECK_EQ(its_vm_restore(&h->vm, img), ITS_OK);
	for (int k = s.nits - 1; k >= 0; k--) {
		struct its_restore_report rr;
		int i = order[k];
		int ret = its_restore(&h->its[i], &regs[i], &rr);
		CHECK_EQ(ret, ITS_OK);
		if (ret)
			fprintf(stderr, "seed %llu its %d: %s: %s id %u ev %u\n",
				(unsigned long long)seed, i, its_strerror(ret), rr.reason, rr.id,
				rr.event);
	}
	compare(&s, g, h);
	for (int i = 0; i < s.nits; i++) {
		cover.its++;
		cover.indirect += s.its[i].indirect;
		cover.devices += g->its[i].dev.count;
		cover.events += g->its[i].ite.count;
		cover.collections += g->its[i].coll.count;
		cover.queued += g->its[i].creadr != g->its[i].cwriter;
		cover.stalled += g->its[i].stalled;
		cover.cmd_errors += g->its[i].stats.errors;
	}
	for (uint32_t intid = ITS_LPI_BASE; intid < s.limit; intid++) {
		struct its_lpi_info a;
		its_vm_lpi_info(&g->vm, intid, &a);
		cover.pending += a.pending;
		cover.delivered += a.delivered;
	}
	for (uint32_t v = 0; v < s.vcpus; v++)
		cover.lpis_off += !its_vm_lpis_enabled(&g->vm, v);

	/* The restored model saves exactly the same bytes. */
	if (saved_hash) {
		CHECK_EQ(its_vm_save(&h->vm, img), ITS_OK);
		for (int i = 0; i < s.nits; i++)
			CHECK_EQ(its_save(&h->its[i], &regs[i], NULL), ITS_OK);
		CHECK_EQ(ram_hash(&s), saved_hash);
	}

	/* Both go on the same way: unfinished work, then more commands. */
	for (int i = 0; i < s.nits; i++) {
		if (s.disabled_with_queue[i]) {
			mmio_w(&g->its[i], GITS_CTLR, 1);
			mmio_w(&h->its[i], GITS_CTLR, 1);
		}
		if (g->its[i].stalled) {
			mmio_w(&g->its[i], GITS_CWRITER, mmio_r(&g->its[i], GITS_CWRITER) | 1);
			mmio_w(&h->its[i], GITS_CWRITER, mmio_r(&h->its[i], GITS_CWRITER) | 1);
		}
		CHECK(drain(g, i));
		CHECK(drain(h, i));
		struct its_cmd_raw c[16];
		for (int j = 0; j < 16; j++)
			c[j] = random_cmd(&s, i);
		uint64_t w = guest_queue_put(g, i, c, 16); /* shared RAM: h sees them too */
		mmio_w(&g->its[i], GITS_CWRITER, w);
		mmio_w(&h->its[i], GITS_CWRITER, w);
		CHECK(drain(g, i));
		CHECK(drain(h, i));
		for (int j = 0; j < 4 && s.its[i].ndev; j++) {
			uint32_t d = below(&s.r, s.its[i].ndev), e = below(&s.r, 1u << s.its[i].bits[d]);
			CHECK_EQ(its_signal_msi(&g->its[i], s.its[i].devid[d], e),
				 its_signal_msi(&h->its[i], s.its[i].devid[d], e));
		}
	}
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(s.its[0].keeper_icid)), 0);
	CHECK_EQ(guest_cmd(h, 0, cmd_invall(s.its[0].keeper_icid)), 0);
	compare(&s, g, h);

	finish(g);
	finish(h);
}

int main(int argc, char **argv)
{
	unsigned long seeds = argc > 1 ? strtoul(argv[1], NULL, 0) : SEEDS_DEFAULT;
	unsigned long first = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	fake_init(&ram);
	if (fake_add_bank(&ram, G_RAM0, G_RAM0_SIZE) || fake_add_bank(&ram, G_RAM1, G_RAM1_SIZE))
		return 2;
	fake_track(&ram, true); /* allocate the shadow the guests share */
	fake_track(&ram, false);
	check_test = "round trip";
	for (unsigned long seed = first; seed < first + seeds; seed++) {
		unsigned long before = checks_failed;
		one_seed(seed);
		if (checks_failed != before) {
			printf("FAIL seed %lu\n", seed);
			if (checks_failed > 50)
				break;
		}
	}
	printf("round trip: %lu seeds from %lu\n", seeds, first);
	printf("covered: %lu ITSes (%lu two-level), %lu devices, %lu events, %lu collections,\n"
	       "  %lu pending LPIs (%lu delivered), %lu queues with commands left, %lu stalled,\n"
	       "  %lu vCPUs with LPIs off, %lu command errors\n",
	       cover.its, cover.indirect, cover.devices, cover.events, cover.collections,
	       cover.pending, cover.delivered, cover.queued, cover.stalled, cover.lpis_off,
	       cover.cmd_errors);
	fake_fini(&ram);
	return check_summary("its_roundtrip_test");
}
