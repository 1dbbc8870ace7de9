/* vGIC host tests, run from vgic_test.c: a randomised run against a
 * shadow model of what the guest should see. */
#ifndef VGIC_MODEL_H
#define VGIC_MODEL_H

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

#endif
