/* Host tests for the virtual GIC's interrupt state and list registers
 * (hyp/vgic/vgic.c): SGIs re-sent while the guest handles them, SGI
 * routing, level-sensitive SPIs, priority order and LR overflow (with a
 * randomised run against a shadow model), enables and group enables.
 * The register tests (hyp/vgic/regs.c) are vgic_regs.h, and the interrupts
 * whose end needs no exit vgic_lazy.h, run from here.
 * The list registers are a fake (vgic_fake/vgic/ich.h, vgic_env.h). */
#include "check.h"
#include "vgic_env.h"

/* 745f024: an SGI sent again while the guest handles it (LR active) is
 * delivered again after the guest deactivates it. The guest deactivates
 * before it exits (the kick arrives late), then with an exit in between. */
static void sgi_resent_while_active(void)
{
	for (int exit_first = 0; exit_first < 2; exit_first++) {
		setup(2, 4);
		enable(0, 3, 0xa0);
		load(0);
		entry();
		vgic_send_sgi(&g, 1, sgi1r(3, 1 << 0), true);
		CHECK(kicked & 1);
		cycle();
		CHECK_EQ(lr_state_of(3), ST_PENDING);
		CHECK_EQ(guest_ack(), 3);			/* handler runs */
		CHECK_EQ(lr_state_of(3), ST_ACTIVE);
		vgic_send_sgi(&g, 1, sgi1r(3, 1 << 0), true);	/* the same SGI again */
		if (exit_first) {
			cycle();
			CHECK_EQ(lr_state_of(3), ST_ACTIVE | ST_PENDING);
		}
		CHECK(guest_eoi(3));
		cycle();
		CHECK_EQ(lr_state_of(3), ST_PENDING);		/* the second one */
		CHECK_EQ(guest_ack(), 3);
		CHECK(guest_eoi(3));
		cycle();
		CHECK_EQ(lr_state_of(3), 0);			/* and no third */
		CHECK_EQ(guest_ack(), 1023);
		put(0);
		CHECK(!irq_of(0, 3)->pending && !irq_of(0, 3)->active);
	}
}

static uint32_t pending_sgi(unsigned nr, unsigned intid)
{
	uint32_t m = 0;

	for (unsigned v = 0; v < nr; v++)
		if (irq_of(v, intid)->pending)
			m |= 1u << v;
	return m;
}

static void clear_sgis(unsigned nr)
{
	for (unsigned v = 0; v < nr; v++)
		for (unsigned i = 0; i < 16; i++)
			irq_of(v, i)->pending = false;
	kicked = 0;
}

/* ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2
 * [39:32], IRM [40], RS [47:44], Aff3 [55:48]; vCPU v is 0.0.0.v. */
static void sgi_routing(void)
{
	const uint64_t irm = 1ULL << 40;

	setup(8, 4);
	vgic_send_sgi(&g, 0, sgi1r(5, 0xa5), true);
	CHECK_EQ(pending_sgi(8, 5), 0xa5);		/* self included */
	CHECK_EQ(kicked, 0xa5);
	CHECK_EQ(pending_sgi(8, 4) | pending_sgi(8, 6), 0);
	clear_sgis(8);
	vgic_send_sgi(&g, 2, sgi1r(5, 0xff00), true);		/* vCPUs 8-15: none */
	vgic_send_sgi(&g, 2, sgi1r(5, 1) | (1ULL << 44), true);	/* RS 1: 16 */
	vgic_send_sgi(&g, 2, sgi1r(5, 0xf) | (15ULL << 44), true);
	vgic_send_sgi(&g, 2, sgi1r(5, 1) | (1ULL << 16), true);	/* Aff1 1 */
	vgic_send_sgi(&g, 2, sgi1r(5, 1) | (1ULL << 32), true);	/* Aff2 1 */
	vgic_send_sgi(&g, 2, sgi1r(5, 1) | (1ULL << 48), true);	/* Aff3 1 */
	CHECK_EQ(pending_sgi(8, 5), 0);
	CHECK_EQ(kicked, 0);
	vgic_send_sgi(&g, 2, sgi1r(5, 0xff81), true);		/* in range: 0, 7 */
	CHECK_EQ(pending_sgi(8, 5), 0x81);
	clear_sgis(8);
	/* IRM: every vCPU but the sender; list, RS and affinity ignored. */
	for (unsigned from = 0; from < 8; from++) {
		vgic_send_sgi(&g, from, irm | sgi1r(9, 1u << from) | (3ULL << 44) | (1ULL << 16), true);
		CHECK_EQ(pending_sgi(8, 9), 0xffu & ~(1u << from));
		CHECK_EQ(kicked, 0xffu & ~(1u << from));
		clear_sgis(8);
	}
	/* INTID is 4 bits: bit 28 (RES0) set does not make SGI 3 PPI 19. */
	vgic_send_sgi(&g, 1, (0x13ULL << 24) | 0x4, true);
	CHECK_EQ(pending_sgi(8, 3), 0x4);
	CHECK_EQ(pending_sgi(8, 19), 0);
	clear_sgis(8);
	/* ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 (group1 false): only where the
	 * SGI is Group 0; ICC_SGI1R_EL1 either group. */
	for (unsigned v = 0; v < 8; v++)
		irq_of(v, 7)->group1 = v & 1;
	vgic_send_sgi(&g, 0, irm | sgi1r(7, 0), false);
	CHECK_EQ(pending_sgi(8, 7), 0x54);		/* 2, 4, 6 */
	CHECK_EQ(kicked, 0x54);
	clear_sgis(8);
	vgic_send_sgi(&g, 0, sgi1r(7, 0xff), true);
	CHECK_EQ(pending_sgi(8, 7), 0xff);
	clear_sgis(8);
	/* Fewer vCPUs: targets past the last one are ignored. */
	setup(3, 4);
	vgic_send_sgi(&g, 0, sgi1r(15, 0xfffe), true);
	CHECK_EQ(pending_sgi(3, 15), 0x6);
	vgic_send_sgi(&g, 2, irm | sgi1r(14, 0), true);
	CHECK_EQ(pending_sgi(3, 14), 0x3);
	/* And it reaches the receiver's list registers. */
	enable(1, 15, 0x10);
	load(1);
	entry();
	CHECK_EQ(lr_state_of(15), ST_PENDING);
	CHECK_EQ(guest_ack(), 15);
	put(1);
}

/* Level-sensitive SPIs: pending while the line is high, in an LR with
 * EOI maintenance; a line dropped while the LR holds it. */
/* A level interrupt's pending latch (ISPENDR) set by another vCPU while
 * this one handles it (active in its list register, the line low): it is
 * a new one, delivered once more after the EOI, not taken by the first
 * acknowledge. */
static void level_latch_while_active(void)
{
	setup(2, 4);
	enable(0, 40, 0x80);
	load(0);
	entry();
	/* GICD_ISPENDR1 bit 8 (SPI 40), written by vCPU 1, line low. */
	vgic_dist_write(&g, 1, 0x204, 4, 1u << 8);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	CHECK_EQ(guest_ack(), 40);
	/* vCPU 1 writes ISPENDR again now (its own LRs hold nothing). */
	vgic_dist_write(&g, 1, 0x204, 4, 1u << 8);
	CHECK(guest_eoi(40));
	cycle();
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	CHECK_EQ(guest_ack(), 40);
	CHECK(guest_eoi(40));
	cycle();
	/* Taken twice, the latch is gone. */
	CHECK_EQ(lr_state_of(40), 0);
	CHECK(!irq_of(0, 40)->pending);
	put(0);
}

static void level_spi(void)
{
	setup(2, 4);
	enable(0, 40, 0x80);
	load(0);
	entry();
	CHECK_EQ(lrs_in_use(), 0);
	vgic_set_line(&g, 0, 40, true);
	CHECK(kicked & 1);
	CHECK(vgic_vcpu_has_pending(&g, 0));
	cycle();
	int n = find_lr(40);
	CHECK(n >= 0 && lr_state((unsigned)n) == ST_PENDING);
	CHECK(n >= 0 && (ich_fake.lr[n] & ICH_LR_EOI));
	CHECK(n >= 0 && (ich_fake.lr[n] & ICH_LR_GROUP1));
	CHECK(n >= 0 && lr_prio((unsigned)n) == 0x80);
	/* Handled, the line still high: it comes back. */
	CHECK_EQ(guest_ack(), 40);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_ACTIVE);
	CHECK(guest_eoi(40));
	CHECK_EQ(eoi_maint, 1);
	/* Its LR is not empty to ICH_ELRSR_EL2: the maintenance interrupt
	 * brings the exit that looks again. */
	CHECK(ich_fake_eisr() != 0 && !(ich_empty_lrs() & ich_fake_eisr()));
	cycle();
	CHECK_EQ(maint_exits, 1);
	CHECK_EQ(ich_fake_eisr(), 0);
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	/* The line drops while the LR holds it pending: it goes. */
	vgic_set_line(&g, 0, 40, false);
	cycle();
	CHECK_EQ(lr_state_of(40), 0);
	CHECK(!vgic_vcpu_has_pending(&g, 0));
	/* ... and while the guest handles it: active only, then nothing. */
	vgic_set_line(&g, 0, 40, true);
	cycle();
	CHECK_EQ(guest_ack(), 40);
	vgic_set_line(&g, 0, 40, false);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_ACTIVE);
	CHECK(guest_eoi(40));
	cycle();
	CHECK_EQ(lr_state_of(40), 0);
	CHECK(!irq_of(0, 40)->active && !irq_of(0, 40)->pending);
	/* A level line held high is one interrupt, not one per set_line. */
	vgic_set_line(&g, 0, 40, true);
	vgic_set_line(&g, 0, 40, true);
	cycle();
	CHECK_EQ(guest_ack(), 40);
	CHECK_EQ(guest_ack(), 1023);
	CHECK(guest_eoi(40));
	vgic_set_line(&g, 0, 40, false);
	cycle();
	CHECK_EQ(lr_state_of(40), 0);
	/* A pending latch (ISPENDR) on a level one, line low: the guest's
	 * acknowledge consumes it. */
	irq_of(0, 40)->pending = true;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_PENDING);		/* not taken yet: kept */
	CHECK_EQ(guest_ack(), 40);
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_ACTIVE);
	CHECK(!irq_of(0, 40)->pending);
	CHECK(guest_eoi(40));
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	/* Edge-triggered (ICFGR): no EOI maintenance, one per rising edge. */
	irq_of(0, 40)->edge = true;
	vgic_set_line(&g, 0, 40, true);
	cycle();
	n = find_lr(40);
	CHECK(n >= 0 && !(ich_fake.lr[n] & ICH_LR_EOI));
	CHECK_EQ(guest_ack(), 40);
	CHECK(guest_eoi(40));
	cycle();
	CHECK_EQ(lr_state_of(40), 0);			/* line still high */
	put(0);
	CHECK_EQ(ich_fake.bad_lr, 0);
}

/* Four LRs, eight interrupts: the active one first, then by priority
 * value, then INTID; the rest after the guest makes room. */
static void priority_and_overflow(void)
{
	static const struct { unsigned intid; uint8_t prio; } irqs[] = {
		{ 40, 0x80 }, { 41, 0x40 }, { 1, 0x80 }, { 20, 0x40 },
		{ 50, 0x10 }, { 60, 0xa0 }, { 33, 0x80 },
	};
	static const unsigned first[] = { 70, 50, 20, 41 }, rest[] = { 1, 33, 40, 60 };

	setup(2, 4);
	enable(0, 70, 0xf0);
	load(0);
	vgic_set_line(&g, 0, 70, true);
	entry();
	CHECK_EQ(guest_ack(), 70);			/* 70 is active */
	for (unsigned i = 0; i < ARRAY_SIZE(irqs); i++) {
		enable(0, irqs[i].intid, irqs[i].prio);
		if (irqs[i].intid < 16)
			vgic_send_sgi(&g, 1, sgi1r(irqs[i].intid, 1), true);
		else
			vgic_set_line(&g, 0, irqs[i].intid, true);
	}
	cycle();
	for (unsigned n = 0; n < 4; n++)
		CHECK_EQ(lr_intid(n), first[n]);
	CHECK_EQ(lr_state(0), ST_ACTIVE | ST_PENDING);	/* line still high */
	for (unsigned n = 1; n < 4; n++)
		CHECK_EQ(lr_state(n), ST_PENDING);
	CHECK(ich_fake.uie);
	CHECK(g.cpu[0]->underflow);
	/* Nothing changed: the same LRs, underflow still asked for. */
	cycle();
	for (unsigned n = 0; n < 4; n++)
		CHECK_EQ(lr_intid(n), first[n]);
	/* The guest handles all it has; 70's line drops. */
	vgic_set_line(&g, 0, 70, false);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(guest_ack(), first[i + 1]);
	for (unsigned i = 0; i < 4; i++) {
		CHECK(guest_eoi(first[i]));
		vgic_set_line(&g, 0, first[i], false);
	}
	cycle();
	for (unsigned n = 0; n < 4; n++)
		CHECK_EQ(lr_intid(n), rest[n]);
	CHECK(!ich_fake.uie);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(guest_ack(), rest[i]);
	CHECK_EQ(guest_ack(), 1023);
	for (unsigned i = 0; i < 4; i++) {
		CHECK(guest_eoi(rest[i]));
		vgic_set_line(&g, 0, rest[i], false);
	}
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK_EQ(g.cpu[0]->lr_used, 0);
	put(0);
	CHECK_EQ(ich_fake.bad_lr, 0);
}

/* Random sends, acknowledges, deactivations, exits and vCPU switches on
 * edge interrupts (SGIs from another vCPU, SPI pulses) against a shadow
 * model: an interrupt the guest acknowledges must be pending in the
 * model (nothing twice), and once everything drains nothing is pending
 * (nothing lost). The LRs hold each interrupt once, the most urgent.
 *
 * One imprecision is allowed: a send while the interrupt is already
 * pending may count as a new one (`may`). The vGIC cannot tell whether
 * the guest acknowledged the LR before or after the send (the LR is on
 * the receiver's CPU): since 745f024 it keeps the latch, so a guest that
 * acknowledges before its next exit takes the interrupt twice, where a
 * GIC would have merged the two edges (KVM folds its LRs the same way). */
#define M_IRQS	32		/* SGIs 0-15, SPIs 32-47 */
#define M_STEPS	10000

static unsigned m_intid(unsigned i)
{
	return i < 16 ? i : i + 16;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static struct { bool pend, may, act; unsigned sent, taken, extra; } m[M_IRQS];
static unsigned m_stack[M_IRQS], m_depth;	/* acknowledged, in order */

static int m_index(unsigned intid)
{
	return intid < 16 ? (int)intid : intid >= 32 && intid < 48 ? (int)intid - 16 : -1;
}

/* How many of the model's interrupts a run sends: all, or the SGIs only
 * (no SPI wanted: the flush's common case, flush_private). */
static unsigned m_kinds = M_IRQS;

static void m_send(unsigned i)
{
	unsigned intid = m_intid(i);

	if (intid < 16) {
		vgic_send_sgi(&g, 1, sgi1r(intid, 1), true);
	} else {
		vgic_set_line(&g, 0, intid, true);
		vgic_set_line(&g, 0, intid, false);
	}
	if (m[i].pend)
		m[i].may = true;
	m[i].pend = true;
	m[i].sent++;
}

static bool m_ack(unsigned long step)
{
	unsigned intid = guest_ack();
	int i = m_index(intid);

	if (intid == 1023)
		return false;
	CHECK(i >= 0);
	if (i < 0)
		return false;
	if (!(m[i].pend || m[i].may) || m[i].act)
		fprintf(stderr, "step %lu: INTID %u taken twice\n", step, intid);
	CHECK((m[i].pend || m[i].may) && !m[i].act);
	if (m[i].pend) {
		m[i].pend = false;
	} else {
		m[i].may = false;
		m[i].extra++;
	}
	m[i].act = true;
	m[i].taken++;
	m_stack[m_depth++] = (unsigned)i;
	return true;
}

static void m_eoi(void)
{
	unsigned i;

	if (!m_depth)
		return;
	i = m_stack[--m_depth];
	CHECK(guest_eoi(m_intid(i)));
	m[i].act = false;
}

/* After an entry: each interrupt in one LR at most, and if the guest
 * was not asked to signal underflow, every one the model has pending
 * or active is in an LR; if it was, the LRs are full and nothing left
 * out is more urgent than a pending one in. */
static void m_check_lrs(unsigned long step)
{
	unsigned seen[M_IRQS] = { 0 }, worst = 0;
	bool ok = true, pending_in = false;

	for (unsigned n = 0; n < ich_fake.nr_lrs; n++) {
		int i = m_index(lr_intid(n));

		if (!lr_state(n))
			continue;
		ok &= i >= 0 && ++seen[i] == 1;
		if (lr_state(n) == ST_PENDING && i >= 0) {
			unsigned key = lr_prio(n) << 8 | lr_intid(n);

			worst = key > worst ? key : worst;
			pending_in = true;
		}
	}
	if (ich_fake.uie)
		ok &= lrs_in_use() == ich_fake.nr_lrs;
	for (unsigned i = 0; i < M_IRQS; i++) {
		unsigned key = (unsigned)irq_of(0, m_intid(i))->priority << 8 | m_intid(i);

		if (seen[i] || !(m[i].pend || m[i].act))
			continue;
		ok &= ich_fake.uie && (m[i].act ? !pending_in : key > worst);
	}
	if (!ok)
		fprintf(stderr, "step %lu: list registers wrong\n", step);
	CHECK(ok);
	/* The SPI want map's summary: a bit exactly for each word not 0. */
	for (unsigned w = 0; w < VGIC_NR_SPIS / 64; w++)
		CHECK_EQ((g.want_spi_words >> w) & 1, g.want_spi[w] != 0);
}

static void model_run(unsigned nr_lrs, unsigned kinds)
{
	static const uint8_t prios[] = { 0x00, 0x40, 0x80, 0x80, 0xa0, 0xf0 };
	unsigned long step, sent = 0, taken = 0, extra = 0;
	bool running;

	setup(2, nr_lrs);
	m_kinds = kinds;
	memset(m, 0, sizeof(m));
	m_depth = 0;
	for (unsigned i = 0; i < M_IRQS; i++) {
		enable(0, m_intid(i), prios[rnd(ARRAY_SIZE(prios))]);
		irq_of(0, m_intid(i))->edge = true;
	}
	load(0);
	entry();
	running = true;
	for (step = 0; step < M_STEPS; step++) {
		unsigned r = rnd(100);

		if (r < 30)
			m_send(rnd(m_kinds));
		else if (!running && r < 40)
			(void)0;
		else if (!running) {
			load(0);
			entry();
			running = true;
		} else if (r < 60)
			(void)m_ack(step);
		else if (r < 80)
			m_eoi();
		else if (r < 97) {
			cycle();
			m_check_lrs(step);
		} else {
			exit_();
			put(0);
			CHECK_EQ(g.cpu[0]->lr_used, 0);
			running = false;
		}
	}
	if (!running) {
		load(0);
		entry();
	}
	/* Drain: the guest takes and finishes everything. */
	for (unsigned round = 0; round < 64; round++) {
		bool took = false;

		while (m_depth)
			m_eoi();
		cycle();
		m_check_lrs(step);
		while (m_ack(step))
			took = true;
		if (!took && !m_depth)
			break;
	}
	put(0);
	for (unsigned i = 0; i < M_IRQS; i++) {
		if (m[i].pend)
			fprintf(stderr, "INTID %u lost (sent %u, taken %u)\n",
				m_intid(i), m[i].sent, m[i].taken);
		CHECK(!m[i].pend && !m[i].act);
		CHECK(!irq_of(0, m_intid(i))->pending && !irq_of(0, m_intid(i))->active);
		sent += m[i].sent;
		taken += m[i].taken;
		extra += m[i].extra;
	}
	CHECK(taken > 1000);	/* it did exercise something */
	CHECK(taken <= sent);
	CHECK(extra * 10 < taken);
	CHECK_EQ(ich_fake.bad_lr, 0);
	printf("model (%u LRs, %u interrupts): %lu steps, %lu sent, %lu taken (%lu of them merged on a GIC)\n",
	       nr_lrs, kinds, step, sent, taken, extra);
}

static void model_check(void)
{
	model_run(4, M_IRQS);
}

/* SGIs alone: no SPI is ever wanted, so most flushes take the common
 * path (vgic.c's flush_private), and with 2 or 4 list registers often
 * find more private interrupts than fit (its hand-over to the general
 * pass). */
static void model_check_private(void)
{
	model_run(4, 16);
	model_run(2, 16);
}

/* Disabled interrupts, and interrupts of a disabled group, keep their
 * pending state and are delivered once enabled. */
static void enables(void)
{
	setup(2, 4);
	enable(0, 40, 0x20);
	irq_of(0, 40)->enabled = false;
	enable(0, 6, 0x20);
	irq_of(0, 6)->enabled = false;
	load(0);
	entry();
	vgic_set_line(&g, 0, 40, true);
	vgic_send_sgi(&g, 1, sgi1r(6, 1), true);
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!vgic_vcpu_has_pending(&g, 0));
	CHECK(irq_of(0, 6)->pending);
	irq_of(0, 40)->enabled = true;
	irq_of(0, 6)->enabled = true;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	CHECK_EQ(lr_state_of(6), ST_PENDING);
	/* Disabled while pending in an LR: out of the LR, still pending. */
	irq_of(0, 6)->enabled = false;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(6), 0);
	CHECK(irq_of(0, 6)->pending);
	irq_of(0, 6)->enabled = true;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(6), ST_PENDING);
	/* Group 1 off (GICD_CTLR): pending ones wait, active ones stay. */
	CHECK_EQ(guest_ack(), 6);
	g.ctlr = 0;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(6), ST_ACTIVE);
	CHECK_EQ(lr_state_of(40), 0);
	vgic_send_sgi(&g, 1, sgi1r(6, 1), true);
	CHECK(guest_eoi(6));
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!vgic_vcpu_has_pending(&g, 0));
	/* Group 0 on does not let Group 1 ones through, nor the reverse. */
	g.ctlr = GICD_CTLR_ENGRP0;
	irq_of(0, 7)->priority = 0x30;
	irq_of(0, 7)->enabled = true;			/* Group 0 */
	vgic_send_sgi(&g, 1, sgi1r(7, 1), true);
	cycle();
	CHECK_EQ(lrs_in_use(), 1);
	CHECK_EQ(lr_state_of(7), ST_PENDING);
	CHECK(find_lr(7) >= 0 && !(ich_fake.lr[find_lr(7)] & ICH_LR_GROUP1));
	g.ctlr = GICD_CTLR_ENGRP1;
	poke(0);
	cycle();
	CHECK_EQ(lr_state_of(7), 0);
	CHECK(irq_of(0, 7)->pending);
	CHECK_EQ(lr_state_of(40), ST_PENDING);
	CHECK_EQ(lr_state_of(6), ST_PENDING);
	put(0);
	/* Off the CPU: the wake-up check sees them too. */
	CHECK(vgic_vcpu_has_pending(&g, 0));
}

#include "vgic_regs.h"
#include "vgic_lazy.h"

/* vgic_vcpu_would_wake: an interrupt ends a WFI only if the virtual CPU
 * interface would signal it (group enabled, priority above the mask and,
 * as a group priority, above the running priority), whether it waits in
 * the record or in a list register, loaded (after vgic_sample) or put. */
#define VMCR(pmr, bpr0, bpr1, grp)	(((uint64_t)(pmr) << 24) | ((uint64_t)(bpr0) << 21) | \
					 ((uint64_t)(bpr1) << 18) | (grp))
static void wfi_wake(void)
{
	struct vgic_cpu *c;

	setup(1, 4);
	c = g.cpu[0];
	c->vmcr = VMCR(0xf0, 2, 3, 3);	/* as Linux or the guest library leave it */
	enable(0, 5, 0xa0);
	enable(0, 6, 0x40);
	load(0);
	CHECK(!vgic_vcpu_would_wake(&g, 0));		/* nothing pending */
	vgic_send_sgi(&g, 0, sgi1r(5, 1), true);
	CHECK(vgic_vcpu_would_wake(&g, 0));		/* in the record */
	entry();
	CHECK_EQ(lr_state_of(5), ST_PENDING);
	CHECK(vgic_vcpu_would_wake(&g, 0));		/* in a list register */
	ich_fake.ap1r0 = 1u << (0x80 >> 3);		/* running at 0x80 */
	vgic_sample(&g, 0);
	CHECK(!vgic_vcpu_would_wake(&g, 0));		/* 0xa0 held back */
	vgic_send_sgi(&g, 0, sgi1r(6, 1), true);
	CHECK(vgic_vcpu_would_wake(&g, 0));		/* 0x40 is above it */
	put(0);
	CHECK_EQ(c->ap1r0, 1u << 16);
	CHECK(vgic_vcpu_would_wake(&g, 0));		/* put: from what it saved */
	irq_of(0, 6)->pending = false;
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	c->ap1r0 = 0;					/* nothing active */
	CHECK(vgic_vcpu_would_wake(&g, 0));
	c->vmcr = VMCR(0xa0, 2, 3, 3);			/* the mask: not above it */
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	c->vmcr = VMCR(0xb0, 2, 3, 3);
	CHECK(vgic_vcpu_would_wake(&g, 0));
	c->vmcr = VMCR(0xb0, 2, 3, 1);			/* Group 1 off */
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	/* Group priorities: running at 0x80, BPR1 3 (one bit more is
	 * dropped: a wake too many rather than one too few). */
	c->vmcr = VMCR(0xf0, 2, 3, 3);
	c->ap1r0 = 1u << 16;
	irq_of(0, 5)->priority = 0x84;
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	irq_of(0, 5)->priority = 0x78;
	CHECK(vgic_vcpu_would_wake(&g, 0));
	irq_of(0, 5)->priority = 0x7c;			/* 0x70 as a group priority */
	CHECK(vgic_vcpu_would_wake(&g, 0));
	/* An active one's own pending instance does not end it. */
	irq_of(0, 5)->priority = 0x40;
	irq_of(0, 5)->active = true;
	CHECK(!vgic_vcpu_would_wake(&g, 0));
}

int main(void)
{
	RUN(sgi_resent_while_active);
	RUN(sgi_retired_lazily);
	RUN(hw_interrupt);
	RUN(reset_state);
	RUN(sgi_routing);
	RUN(level_spi);
	RUN(level_latch_while_active);
	RUN(priority_and_overflow);
	RUN(model_check);
	RUN(model_check_private);
	RUN(enables);
	RUN(regs_dist);
	RUN(regs_redist);
	RUN(regs_rejected);
	RUN(wfi_wake);
	return check_summary("vgic");
}
