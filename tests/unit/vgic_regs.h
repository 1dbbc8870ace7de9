/* unit-vgic, part two (included by vgic_test.c, which runs these): the
 * distributor's and redistributors' registers (hyp/vgic/regs.c). Every
 * access is made by vCPU 0, which is not on the fake CPU unless a test
 * loads it, so taking its list registers back does nothing. */

static uint64_t drd(uint64_t off, unsigned size)
{
	uint64_t v;

	vgic_dist_read(&g, 0, off, size, &v);
	return v;
}

static void dwr(uint64_t off, unsigned size, uint64_t val)
{
	vgic_dist_write(&g, 0, off, size, val);
}

static uint64_t rrd(unsigned vcpu, uint64_t off, unsigned size)
{
	return vgic_redist_read(&g, 0, vcpu, off, size);
}

static void rwr(unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	vgic_redist_write(&g, 0, vcpu, off, size, val);
}

#define IROUTER(n)	(0x6000u + 8u * (n))
#define SGI_BASE	0x10000u

static void regs_dist(void)
{
	uint64_t v;

	setup(4, 4);
	/* TYPER: 288 INTIDs (ITLinesNumber 8), 10 ID bits, No1N; no LPIs,
	 * MBIs, security extensions; CPUNumber 0 (affinity routing). */
	v = drd(0x4, 4);
	CHECK_EQ(v & 0x1f, 8);
	CHECK_EQ((v >> 19) & 0x1f, 9);
	CHECK_EQ((v >> 25) & 1, 1);
	CHECK_EQ(v & ((1u << 17) | (1u << 16) | (1u << 10) | (7u << 5)), 0);
	CHECK_EQ(drd(0x8, 4), 0x6100043b);			/* IIDR */
	CHECK_EQ((drd(0xffe8, 4) >> 4) & 0xf, 3);		/* PIDR2.ArchRev */
	/* CTLR: ARE and DS read as one; only the group enables stick, and
	 * every vCPU is told. */
	CHECK_EQ(drd(0x0, 4), 0x52);
	kicked = 0;
	dwr(0x0, 4, 0xffffffff);
	CHECK_EQ(drd(0x0, 4), 0x53);
	CHECK_EQ(g.ctlr, 3);
	CHECK_EQ(kicked, 0xf);
	dwr(0x0, 4, 0);
	CHECK_EQ(drd(0x0, 4), 0x50);
	/* IPRIORITYR: bytes and words, SPIs only in the distributor. */
	dwr(0x400 + 40, 1, 0xa0);
	CHECK_EQ(irq_of(0, 40)->priority, 0xa0);
	CHECK_EQ(irq_of(0, 39)->priority | irq_of(0, 41)->priority, 0);
	CHECK_EQ(drd(0x428, 4), 0xa0);
	dwr(0x42c, 4, 0x11223344);
	CHECK_EQ(irq_of(0, 44)->priority, 0x44);
	CHECK_EQ(irq_of(0, 47)->priority, 0x11);
	CHECK_EQ(drd(0x42d, 1), 0x33);
	CHECK_EQ(drd(0x42c, 4), 0x11223344);
	dwr(0x400 + 287, 1, 0x5a);
	CHECK_EQ(irq_of(0, 287)->priority, 0x5a);
	CHECK_EQ(drd(0x400 + 287, 1), 0x5a);
	dwr(0x403, 1, 0xff);					/* SGI 3: RAZ/WI */
	CHECK_EQ(drd(0x400, 4), 0);
	for (unsigned c = 0; c < 4; c++)
		CHECK_EQ(irq_of(c, 3)->priority, 0);
	/* ISENABLER/ICENABLER: a one sets/clears, a zero does nothing; both
	 * read the enables. */
	dwr(0x104, 4, 0x5);
	dwr(0x104, 4, 0x2);
	CHECK(irq_of(0, 32)->enabled && irq_of(0, 33)->enabled && irq_of(0, 34)->enabled);
	CHECK(!irq_of(0, 35)->enabled);
	CHECK_EQ(drd(0x104, 4), 0x7);
	CHECK_EQ(drd(0x184, 4), 0x7);
	dwr(0x184, 4, 0x1);
	dwr(0x184, 4, 0x0);
	CHECK_EQ(drd(0x104, 4), 0x6);
	dwr(0x120, 4, 0x80000000);				/* INTID 287 */
	CHECK(irq_of(0, 287)->enabled);
	CHECK_EQ(drd(0x120, 4), 0x80000000);
	dwr(0x100, 4, 0xffffffff);				/* private: RAZ/WI */
	CHECK_EQ(drd(0x100, 4), 0);
	CHECK(!irq_of(0, 0)->enabled && !irq_of(1, 31)->enabled);
	dwr(0x124, 4, 0xffffffff);				/* past 287 */
	CHECK_EQ(drd(0x124, 4), 0);
	/* IGROUPR takes the value. */
	dwr(0x84, 4, 0xffff0000);
	CHECK_EQ(drd(0x84, 4), 0xffff0000);
	CHECK(irq_of(0, 48)->group1 && !irq_of(0, 47)->group1);
	/* ICFGR: the upper bit of each pair; 2 is INTIDs 32-47. */
	dwr(0xc08, 4, 0xaaaa0000);
	CHECK_EQ(drd(0xc08, 4), 0xaaaa0000);
	CHECK(irq_of(0, 40)->edge && !irq_of(0, 39)->edge);
	dwr(0xc08, 4, 0x55555555);
	CHECK_EQ(drd(0xc08, 4), 0);
	/* ISPENDR/ICPENDR: a level line high reads pending whatever
	 * ICPENDR says; an edge one is the latch. */
	vgic_set_line(&g, 0, 35, true);
	CHECK_EQ(drd(0x204, 4), 1u << 3);
	dwr(0x284, 4, 1u << 3);
	CHECK_EQ(drd(0x284, 4), 1u << 3);
	vgic_set_line(&g, 0, 35, false);
	CHECK_EQ(drd(0x204, 4), 0);
	dwr(0x204, 4, 1u << 4);
	CHECK(irq_of(0, 36)->pending);
	dwr(0x284, 4, 1u << 4);
	CHECK(!irq_of(0, 36)->pending);
	dwr(0x304, 4, 1u << 6);					/* ISACTIVER */
	CHECK_EQ(drd(0x384, 4), 1u << 6);
	dwr(0x384, 4, 1u << 6);
	CHECK(!irq_of(0, 38)->active);
	/* IROUTER: 64 bits, Aff3.Aff2.Aff1.Aff0, IRM and RES0 bits not
	 * kept; an affinity naming no vCPU routes to vCPU 0. */
	dwr(IROUTER(40), 8, ~0ULL);
	CHECK_EQ(drd(IROUTER(40), 8), 0xff00ffffffULL);
	CHECK_EQ(irq_of(0, 40)->target, 0);
	dwr(IROUTER(40), 8, 2);
	CHECK_EQ(irq_of(0, 40)->target, 2);
	CHECK_EQ(drd(IROUTER(40), 4), 2);
	CHECK_EQ(drd(IROUTER(40) + 4, 4), 0);
	dwr(IROUTER(40) + 4, 4, 0x101);			/* Aff3 1 */
	CHECK_EQ(drd(IROUTER(40), 8), (1ULL << 32) | 2);
	CHECK_EQ(drd(IROUTER(40) + 4, 4), 1);
	CHECK_EQ(irq_of(0, 40)->target, 0);
	dwr(IROUTER(40), 4, 0xffffffff);
	CHECK_EQ(drd(IROUTER(40), 8), (1ULL << 32) | 0xffffff);
	dwr(IROUTER(40), 8, 5);					/* no vCPU 5 */
	CHECK_EQ(irq_of(0, 40)->target, 0);
	dwr(IROUTER(287), 8, 3);
	CHECK_EQ(irq_of(0, 287)->target, 3);
	dwr(IROUTER(31), 8, 1);					/* private: RAZ/WI */
	CHECK_EQ(drd(IROUTER(31), 8), 0);
	CHECK_EQ(drd(IROUTER(288), 8), 0);
	/* Routed to vCPU 3: its list registers get it, vCPU 0's do not. */
	g.ctlr = GICD_CTLR_ENGRP1;
	dwr(IROUTER(40), 8, 3);
	enable(0, 40, 0x10);
	kicked = 0;
	vgic_set_line(&g, 0, 40, true);
	CHECK_EQ(kicked, 1u << 3);
	CHECK(!vgic_vcpu_would_wake(&g, 0) && vgic_vcpu_would_wake(&g, 3));
	load(3);
	entry();
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	put(3);
}

static void regs_redist(void)
{
	setup(4, 4);
	/* TYPER: affinity 0.0.0.n, processor number n, Last on the last. */
	CHECK_EQ(rrd(0, 0x8, 8), 0);
	CHECK_EQ(rrd(2, 0x8, 8), (2ULL << 32) | (2u << 8));
	CHECK_EQ(rrd(3, 0x8, 8), (3ULL << 32) | (3u << 8) | (1u << 4));
	CHECK_EQ(rrd(2, 0x8, 4), 2u << 8);		/* the low word only */
	CHECK_EQ(rrd(2, 0xc, 4), 2);
	CHECK_EQ(rrd(1, 0x4, 4), 0x6100043b);
	CHECK_EQ((rrd(1, 0xffe8, 4) >> 4) & 0xf, 3);
	/* WAKER: asleep until the guest clears ProcessorSleep. */
	CHECK_EQ(rrd(1, 0x14, 4), 0x6);
	rwr(1, 0x14, 4, 0);
	CHECK_EQ(rrd(1, 0x14, 4), 0);
	CHECK_EQ(rrd(2, 0x14, 4), 0x6);
	rwr(1, 0x14, 4, 0x2);
	CHECK_EQ(rrd(1, 0x14, 4), 0x6);
	/* The SGI frame: that vCPU's private interrupts only. */
	rwr(2, SGI_BASE + 0x100, 4, 0x80000009);
	CHECK(irq_of(2, 0)->enabled && irq_of(2, 3)->enabled && irq_of(2, 31)->enabled);
	CHECK(!irq_of(1, 0)->enabled && !irq_of(2, 1)->enabled);
	CHECK_EQ(rrd(2, SGI_BASE + 0x100, 4), 0x80000009);
	CHECK_EQ(rrd(1, SGI_BASE + 0x100, 4), 0);
	rwr(2, SGI_BASE + 0x180, 4, 1);
	CHECK_EQ(rrd(2, SGI_BASE + 0x180, 4), 0x80000008);
	rwr(1, SGI_BASE + 0x400 + 27, 1, 0x80);
	CHECK_EQ(irq_of(1, 27)->priority, 0x80);
	CHECK_EQ(rrd(1, SGI_BASE + 0x418, 4), 0x80u << 24);
	CHECK_EQ(irq_of(2, 27)->priority, 0);
	rwr(0, SGI_BASE + 0x200, 4, 1u << 5);			/* ISPENDR0 */
	CHECK(irq_of(0, 5)->pending);
	CHECK_EQ(rrd(0, SGI_BASE + 0x200, 4), 1u << 5);
	/* ICFGR0: SGIs are edge, read-only; ICFGR1: PPIs configurable. */
	CHECK_EQ(rrd(0, SGI_BASE + 0xc00, 4), 0xaaaaaaaa);
	rwr(0, SGI_BASE + 0xc00, 4, 0);
	CHECK_EQ(rrd(0, SGI_BASE + 0xc00, 4), 0xaaaaaaaa);
	CHECK_EQ(rrd(0, SGI_BASE + 0xc04, 4), 0);
	rwr(0, SGI_BASE + 0xc04, 4, 0x80000000);
	CHECK(irq_of(0, 31)->edge && !irq_of(1, 31)->edge);
	/* SPIs are not the redistributor's. */
	rwr(0, SGI_BASE + 0x104, 4, 0xffffffff);
	rwr(0, SGI_BASE + 0x420, 4, 0xffffffff);
	CHECK_EQ(rrd(0, SGI_BASE + 0x104, 4) | rrd(0, SGI_BASE + 0x420, 4), 0);
	CHECK(!irq_of(0, 32)->enabled && !irq_of(0, 32)->priority);
}

/* Everything the registers can change, to see that nothing did. */
static struct {
	struct vgic_irq spi[VGIC_NR_SPIS];
	struct vgic_irq priv[VGIC_MAX_VCPUS][VGIC_NR_PRIVATE];
	uint32_t ctlr;
	bool sleep[VGIC_MAX_VCPUS];
} snap;

static bool same_as_snap(void)
{
	bool same = memcmp(snap.spi, g.spi, sizeof(snap.spi)) == 0 && snap.ctlr == g.ctlr;

	for (unsigned v = 0; v < g.nr_vcpus; v++)
		same &= memcmp(snap.priv[v], g.cpu[v]->priv, sizeof(snap.priv[v])) == 0 &&
			snap.sleep[v] == g.cpu[v]->sleep;
	return same;
}

static void snapshot(void)
{
	memcpy(snap.spi, g.spi, sizeof(snap.spi));
	for (unsigned v = 0; v < g.nr_vcpus; v++) {
		memcpy(snap.priv[v], g.cpu[v]->priv, sizeof(snap.priv[v]));
		snap.sleep[v] = g.cpu[v]->sleep;
	}
	snap.ctlr = g.ctlr;
}

/* Reserved offsets read as zero and ignore writes; so do read-only
 * registers written, and accesses of a width a register does not have. */
static void regs_rejected(void)
{
	static const uint32_t dist_reserved[] = {
		0x0010, 0x0020, 0x0040, 0x007c, 0x0f00, 0x0f10, 0x0f20, 0x4000,
		0x5ffc, 0x7fe0, 0x8000, 0xc000, 0xe000, 0xffd0, 0xfffc,
	};
	static const uint32_t dist_ro[] = { 0x0004, 0x0008, 0xffe8 };
	static const struct { uint32_t off; unsigned size; } dist_bad_width[] = {
		{ 0x0000, 1 }, { 0x0000, 2 }, { 0x0000, 8 }, { 0x0004, 8 },
		{ 0x0084, 1 }, { 0x0104, 2 }, { 0x0104, 8 }, { 0x0184, 1 },
		{ 0x0204, 8 }, { 0x0284, 2 }, { 0x0304, 1 }, { 0x0384, 8 },
		{ 0x0420, 8 }, { 0x0c08, 1 }, { 0x0c08, 2 }, { 0x0c08, 8 },
		{ IROUTER(40), 1 }, { IROUTER(40), 2 }, { IROUTER(40) + 4, 8 },
	};
	static const uint32_t redist_reserved[] = {
		0x0010, 0x0018, 0x0020, 0x0070, 0x0078, 0x00a0, 0xfffc,
		SGI_BASE + 0x0008, SGI_BASE + 0x0d00, SGI_BASE + 0x0e00,
		SGI_BASE + 0x6000, SGI_BASE + 0xfffc,
	};

	setup(4, 4);
	/* Something in every field first, so that a change would show. */
	for (unsigned i = 32; i < VGIC_NR_IRQS; i += 3) {
		enable(0, i, (uint8_t)i);
		irq_of(0, i)->route = i & 3;
		irq_of(0, i)->target = (uint8_t)(i & 3);
		irq_of(0, i)->edge = i & 1;
	}
	for (unsigned v = 0; v < 4; v++)
		for (unsigned i = 0; i < 32; i += 2)
			enable(v, i, (uint8_t)(i * 4 + v));
	snapshot();
	for (unsigned i = 0; i < ARRAY_SIZE(dist_reserved); i++) {
		for (unsigned size = 1; size <= 8; size *= 2) {
			CHECK_EQ(drd(dist_reserved[i], size), 0);
			dwr(dist_reserved[i], size, ~0ULL);
		}
	}
	for (unsigned i = 0; i < ARRAY_SIZE(dist_ro); i++) {
		uint64_t before = drd(dist_ro[i], 4);

		dwr(dist_ro[i], 4, ~before);
		dwr(dist_ro[i], 4, 0);
		CHECK_EQ(drd(dist_ro[i], 4), before);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(dist_bad_width); i++) {
		CHECK_EQ(drd(dist_bad_width[i].off, dist_bad_width[i].size), 0);
		dwr(dist_bad_width[i].off, dist_bad_width[i].size, ~0ULL);
		dwr(dist_bad_width[i].off, dist_bad_width[i].size, 0);
	}
	for (unsigned v = 0; v < 4; v++) {
		uint64_t typer = rrd(v, 0x8, 8);

		for (unsigned i = 0; i < ARRAY_SIZE(redist_reserved); i++)
			for (unsigned size = 1; size <= 8; size *= 2) {
				CHECK_EQ(rrd(v, redist_reserved[i], size), 0);
				rwr(v, redist_reserved[i], size, ~0ULL);
			}
		rwr(v, 0x8, 8, ~typer);
		rwr(v, 0x4, 4, 0);
		rwr(v, 0xffe8, 4, 0);
		CHECK_EQ(rrd(v, 0x8, 8), typer);
		CHECK_EQ(rrd(v, 0x4, 4), 0x6100043b);
		CHECK_EQ(rrd(v, 0x14, 8), 0);				/* WAKER */
		rwr(v, 0x14, 8, 0);
		rwr(v, 0x14, 1, 0);
		rwr(v, SGI_BASE + 0x100, 8, ~0ULL);
		rwr(v, SGI_BASE + 0x100, 1, ~0ULL);
		rwr(v, SGI_BASE + 0x400, 8, ~0ULL);
		rwr(v, SGI_BASE + 0xc04, 2, ~0ULL);
		CHECK_EQ(rrd(v, SGI_BASE + 0x100, 8), 0);
		CHECK_EQ(rrd(v, SGI_BASE + 0x400, 8), 0);
	}
	CHECK(same_as_snap());
	CHECK_EQ(ich_fake.bad_lr, 0);
}
