/* Host tests for the vGIC's LPIs (hyp/vgic/lpi.c, lpi_its.c) with the ITS
 * model behind them (hyp/vgic/its/) and the fake list registers of
 * unit-vgic (vgic_env.h): LPIs reach the vCPU their collection names
 * through the list registers, in priority order with the other
 * interrupts; the guest's acknowledge reaches the model; withdrawals and
 * new edges that arrive while an LPI sits in a list register; the
 * redistributors' LPI registers; EnableLPIs off and on with the pending
 * table; a command queue processed in bounded slices; reset; and a
 * randomised run of the per-vCPU queue against a shadow. */
#include "vgic_lpi_env.h"

/* GICD_TYPER, GICR_TYPER, GICR_CTLR, PROPBASER and PENDBASER. */
static void regs(void)
{
	lpi_setup(2, 4, 0);
	CHECK_EQ((gicd_rd(0x4, 4) >> 17) & 1, 1);	/* LPIS */
	CHECK_EQ((gicd_rd(0x4, 4) >> 19) & 0x1f, 15);	/* 16 ID bits */
	CHECK_EQ(rrd(0, GICR_TYPER, 8) & 0xf, 1);	/* PLPIS, no DirectLPI */
	CHECK_EQ(rrd(1, GICR_TYPER, 4) & 0x1f, 0x11);	/* PLPIS, Last */
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 2);		/* CES: EnableLPIs clears */
	/* Halves and wholes; PTZ reads as 0. */
	rwr(0, GICR_PROPBASER, 4, PROP | 13);
	rwr(0, GICR_PROPBASER + 4, 4, 0);
	CHECK_EQ(rrd(1, GICR_PROPBASER, 8), PROP | 13);	/* shared */
	rwr(1, GICR_PENDBASER, 8, (PEND + 0x10000) | (1ULL << 62));
	CHECK_EQ(rrd(1, GICR_PENDBASER, 8), PEND + 0x10000);
	CHECK_EQ(rrd(1, GICR_PENDBASER + 4, 4), 0);
	CHECK_EQ(rrd(0, GICR_PENDBASER, 8), 0);
	rwr(0, GICR_PENDBASER, 2, PEND);			/* no such width */
	CHECK_EQ(rrd(0, GICR_PENDBASER, 8), 0);
	/* A pending table outside RAM: EnableLPIs stays 0. */
	rwr(0, GICR_PENDBASER, 8, 0x10000);
	rwr(0, GICR_CTLR, 4, 1);
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 2);
	rwr(0, GICR_PENDBASER, 8, PEND);
	rwr(0, GICR_CTLR, 4, 1);
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 3);
	/* While on: PROPBASER and PENDBASER do not change. */
	rwr(0, GICR_PROPBASER, 8, PROP | 15);
	rwr(0, GICR_PENDBASER, 8, PEND + 0x20000);
	CHECK_EQ(rrd(0, GICR_PROPBASER, 8), PROP | 13);
	CHECK_EQ(rrd(0, GICR_PENDBASER, 8), PEND);
	rwr(0, GICR_CTLR, 4, 0);
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 2);
	/* The ITS frame: IIDR, TYPER; a 1-byte access reads as zero. */
	CHECK_EQ(vgic_its_read(&g, 0, GITS_IIDR, 4), 0x4100043b);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_TYPER, 8) & 1, 1);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_IIDR, 1), 0);
	lpi_teardown();
	/* No LPIs: as before. */
	setup(2, 4);
	CHECK_EQ((gicd_rd(0x4, 4) >> 17) & 1, 0);
	CHECK_EQ(rrd(0, GICR_TYPER, 8) & 1, 0);
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 0);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_IIDR, 4), 0);
}

/* An MSI reaches the vCPU its collection names; the acknowledge reaches
 * the model, and the next MSI is a new LPI. */
static void deliver_and_ack(void)
{
	lpi_setup(2, 4, 0);
	lpis_on(2);
	its_on(2);
	MAPD(1, 4);
	MAPTI(1, 3, 8200, 1);
	set_prop(8200, 0xa0, true);
	EV(OP_INV, 1, 3);
	kicked = 0;
	EV(OP_INT, 1, 3);
	CHECK_EQ(kicked, 2);				/* vCPU 1 told */
	CHECK(vgic_vcpu_would_wake(&g, 1));
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	load(1);
	entry();
	CHECK_EQ(lr_state_of(8200), ST_PENDING);
	CHECK_EQ(lr_prio((unsigned)find_lr(8200)), 0xa0);
	CHECK(ich_fake.lr[find_lr(8200)] & ICH_LR_GROUP1);
	CHECK(!(ich_fake.lr[find_lr(8200)] & ICH_LR_EOI));
	CHECK(info_of(8200).pending);
	CHECK_EQ(guest_ack(), 8200);
	CHECK(guest_eoi(8200));
	cycle();
	CHECK(!info_of(8200).pending);		/* acknowledged to the model */
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!vgic_vcpu_would_wake(&g, 1));
	/* Acknowledged, the list register still active (QEMU keeps it so
	 * until the EOI): taken too, when armhv next reads the LRs (here a
	 * register access of the vCPU). */
	EV(OP_INT, 1, 3);
	cycle();
	CHECK_EQ(guest_ack(), 8200);
	cycle();
	CHECK(info_of(8200).pending);			/* not seen yet */
	vgic_its_read(&g, 1, GITS_CTLR, 4);
	CHECK(!info_of(8200).pending);
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!guest_eoi(8200));			/* no LR needed for it */
	cycle();
	CHECK_EQ(guest_ack(), 1023);
	/* Group 1 off in GICD_CTLR: LPIs wait. */
	g.ctlr = 0;
	EV(OP_INT, 1, 3);
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!vgic_vcpu_would_wake(&g, 1));
	g.ctlr = GICD_CTLR_ENGRP1;
	poke(1);
	cycle();
	CHECK_EQ(lr_state_of(8200), ST_PENDING);
	put(1);
	lpi_teardown();
}

/* A new edge while the guest handles the first (the LR holds it
 * active), from another vCPU: the LPI comes again. The same from the
 * vCPU itself, by GITS_TRANSLATER, after it took and finished the first
 * but before armhv saw its list registers. */
static void new_edge(void)
{
	lpi_setup(2, 4, 0);
	lpis_on(2);
	its_on(2);
	MAPD(0, 4);
	MAPTI(0, 5, 9000, 1);
	set_prop(9000, 0x40, true);
	EV(OP_INV, 0, 5);
	EV(OP_INT, 0, 5);
	load(1);
	entry();
	CHECK_EQ(guest_ack(), 9000);
	EV(OP_INT, 0, 5);				/* vCPU 0 sends it again */
	CHECK(guest_eoi(9000));
	cycle();
	CHECK_EQ(lr_state_of(9000), ST_PENDING);	/* the second one */
	CHECK_EQ(guest_ack(), 9000);
	CHECK(guest_eoi(9000));
	cycle();
	CHECK_EQ(lrs_in_use(), 0);			/* and no third */
	CHECK(!info_of(9000).pending);
	/* vCPU 1 writes GITS_TRANSLATER (DeviceID 0) itself. */
	vgic_its_write(&g, 1, GITS_TRANSLATER, 4, 5);
	cycle();
	CHECK_EQ(guest_ack(), 9000);
	CHECK(guest_eoi(9000));
	vgic_its_write(&g, 1, GITS_TRANSLATER, 4, 5);
	cycle();
	CHECK_EQ(lr_state_of(9000), ST_PENDING);
	CHECK_EQ(guest_ack(), 9000);
	CHECK(guest_eoi(9000));
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!info_of(9000).pending);
	put(1);
	lpi_teardown();
}

/* Withdrawn: from the queue at once; from a list register at the vCPU's
 * next exit (it is told), unless the guest already took it. */
static void withdraw(void)
{
	lpi_setup(2, 4, 0);
	lpis_on(2);
	its_on(2);
	MAPD(2, 4);
	for (unsigned ev = 0; ev < 3; ev++) {
		MAPTI(2, ev, 8300 + ev, 0);
		set_prop(8300 + ev, 0x80, true);
		EV(OP_INV, 2, ev);
	}
	EV(OP_INT, 2, 0);
	CHECK(vgic_vcpu_would_wake(&g, 0));
	EV(OP_CLEAR, 2, 0);				/* queued: gone */
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	EV(OP_INT, 2, 1);
	EV(OP_INT, 2, 2);
	load(0);
	entry();
	CHECK_EQ(lrs_in_use(), 2);
	CHECK_EQ(guest_ack(), 8301);
	/* From vCPU 1, while vCPU 0 runs with both. */
	cmd_from = 1;
	kicked = 0;
	EV(OP_CLEAR, 2, 2);				/* in an LR, not taken */
	CHECK_EQ(kicked, 1);
	set_prop(8301, 0x80, false);			/* in an LR, taken */
	EV(OP_INV, 2, 1);
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	CHECK(!guest_eoi(8301));
	/* The guest took 8301 before it was disabled: consumed. */
	CHECK(!info_of(8302).pending && !info_of(8301).pending);
	/* Moved to vCPU 1 while queued on vCPU 0. */
	set_prop(8302, 0x80, true);
	EV(OP_INV, 2, 2);
	EV(OP_INT, 2, 2);
	CHECK(vgic_vcpu_would_wake(&g, 0));
	cmd(OP_MOVI | 2ULL << 32, 2, 1);
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	CHECK(vgic_vcpu_would_wake(&g, 1));
	CHECK_EQ(info_of(8302).vcpu, 1);
	put(0);
	lpi_teardown();
}

/* EnableLPIs 1 -> 0 puts what is pending into the pending table and
 * takes it from the vCPU; 0 -> 1 reads it back and delivers it. */
static void lpis_off_and_on(void)
{
	lpi_setup(1, 4, 0);
	lpis_on(1);
	its_on(1);
	MAPD(0, 4);
	MAPTI(0, 0, 12345, 0);
	set_prop(12345, 0x20, true);
	EV(OP_INV, 0, 0);
	EV(OP_INT, 0, 0);
	rwr(0, GICR_CTLR, 4, 0);
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	CHECK_EQ(ram[PEND - RAM + 12345 / 8], 1u << (12345 % 8));
	rwr(0, GICR_CTLR, 4, 1);
	CHECK(vgic_vcpu_would_wake(&g, 0));
	load(0);
	entry();
	CHECK_EQ(lr_state_of(12345), ST_PENDING);
	/* Off while in an LR of the vCPU that turns them off: its list
	 * registers are read first, so what it took is not pending. */
	CHECK_EQ(guest_ack(), 12345);
	rwr(0, GICR_CTLR, 4, 0);
	CHECK_EQ(ram[PEND - RAM + 12345 / 8], 0);
	cycle();
	CHECK_EQ(lrs_in_use(), 0);
	put(0);
	lpi_teardown();
}

/* LPIs and SPIs/PPIs share the LRs by priority; with fewer LRs than
 * interrupts the guest still takes every one, most urgent first. */
static void priority_order(void)
{
	static const uint8_t prios[8] = { 0xa0, 0x20, 0x60, 0x20, 0xf0, 0x00, 0x60, 0x80 };
	unsigned order[16], n = 0, last_key = 0;

	lpi_setup(1, 4, 0);
	lpis_on(1);
	its_on(1);
	MAPD(3, 4);
	for (unsigned ev = 0; ev < 8; ev++) {
		MAPTI(3, ev, 20000 + 7 * ev, 0);
		set_prop(20000 + 7 * ev, prios[ev], true);
		EV(OP_INV, 3, ev);
		EV(OP_INT, 3, ev);
	}
	enable(0, 40, 0x50);
	enable(0, 20, 0x20);
	vgic_set_line(&g, 0, 40, true);
	vgic_set_line(&g, 0, 20, true);
	load(0);
	entry();
	CHECK_EQ(lrs_in_use(), 4);
	CHECK(ich_fake.uie);				/* more than fit */
	CHECK_EQ(lr_intid(0), 20000 + 7 * 5);		/* 0x00 */
	CHECK_EQ(lr_intid(1), 20);			/* 0x20, lowest INTID */
	CHECK_EQ(lr_intid(2), 20000 + 7 * 1);
	CHECK_EQ(lr_intid(3), 20000 + 7 * 3);
	for (unsigned i = 0; i < 10; i++) {
		unsigned id = guest_ack(), prio = 0;

		CHECK(id != 1023);
		if (id == 1023)
			break;
		order[n++] = id;
		if (id >= 8192)
			prio = prios[(id - 20000) / 7];
		else
			prio = irq_of(0, id)->priority;
		CHECK(prio >= last_key);
		last_key = prio;
		CHECK(guest_eoi(id));
		if (id < 8192)
			vgic_set_line(&g, 0, id, false);
		cycle();
	}
	CHECK_EQ(n, 10);
	CHECK_EQ(order[9], 20000 + 7 * 4);		/* 0xf0 last */
	CHECK_EQ(guest_ack(), 1023);
	put(0);
	lpi_teardown();
}

/* The flush's one pass (private interrupts and LPIs that all fit, no
 * sorting) against its fallback: an LPI and SGIs together, a private
 * interrupt and an LPI of equal priority (the lower INTID is taken
 * first, as the sorting pass orders them), and more than fit, with the
 * private ones the one pass had loaded taken back. The guest takes each
 * in priority order and none is lost. */
static void one_pass_order(unsigned nr_ppis, unsigned nr_lpis, bool all_fit)
{
	static const uint8_t lpi_prio[4] = { 0x40, 0x00, 0x80, 0x40 };
	static const uint8_t ppi_prio[3] = { 0x40, 0x80, 0xc0 };
	unsigned seen = 0, last = 0, id;

	lpi_setup(1, 4, 0);
	lpis_on(1);
	its_on(1);
	MAPD(3, 4);
	for (unsigned ev = 0; ev < nr_lpis; ev++) {
		MAPTI(3, ev, 20000 + 7 * ev, 0);
		set_prop(20000 + 7 * ev, lpi_prio[ev], true);
		EV(OP_INV, 3, ev);
		EV(OP_INT, 3, ev);
	}
	enable(0, 1, 0x20);
	vgic_send_sgi(&g, 0, (1ULL << 24) | 1, true);		/* SGI 1 to itself */
	for (unsigned i = 0; i < nr_ppis; i++) {
		enable(0, 20 + i, ppi_prio[i]);
		vgic_set_line(&g, 0, 20 + i, true);
	}
	load(0);
	entry();
	CHECK_EQ(lrs_in_use(), all_fit ? 1 + nr_ppis + nr_lpis : 4);
	CHECK_EQ(ich_fake.uie, !all_fit);
	for (unsigned i = 0; i < 12 && (id = guest_ack()) != 1023; i++) {
		unsigned prio = id >= 8192 ? lpi_prio[(id - 20000) / 7] : irq_of(0, id)->priority;

		CHECK(prio >= last);
		/* Equal priorities: PPI 20 (0x40) before LPI 20000, which is
		 * before LPI 20021. */
		if (id == 20000)
			CHECK(nr_ppis == 0 || (seen & (1u << 1)));
		if (id == 20021)
			CHECK(seen & (1u << 4));
		seen |= id == 1 ? 1u : id >= 20 && id < 23 ? 2u << (id - 20)
				 : 1u << (4 + (id - 20000) / 7);
		last = prio;
		CHECK(guest_eoi(id));
		if (id >= 20 && id < 23)
			vgic_set_line(&g, 0, id, false);
		cycle();
	}
	CHECK_EQ(seen, 1u | (((1u << nr_ppis) - 1) << 1) | (((1u << nr_lpis) - 1) << 4));
	CHECK_EQ(guest_ack(), 1023);
	CHECK_EQ(g.lpis->cpu[0].count, 0);
	put(0);
	lpi_teardown();
}

static void one_pass(void)
{
	one_pass_order(0, 1, true);	/* an LPI and an SGI */
	one_pass_order(1, 2, true);	/* four LRs, all used; equal priorities */
	one_pass_order(0, 4, false);	/* more LPIs than LRs */
	one_pass_order(3, 1, false);	/* the private ones fill them */
	one_pass_order(2, 2, false);	/* private ones loaded, then too many */
}

/* A full queue of commands is processed a slice at a time: the writing
 * vCPU is made to come back (underflow maintenance, no blocking WFI)
 * until the queue is empty; every INT's LPI arrives. */
static void command_slices(void)
{
	unsigned cycles = 0;

	lpi_setup(2, 4, 16);
	lpis_on(2);
	its_on(2);
	MAPD(4, 8);
	MAPTI(4, 0, 8192, 1);
	set_prop(8192, 0x10, true);
	EV(OP_INV, 4, 0);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_CREADR, 8), cwriter);
	load(1);
	entry();
	/* 200 commands in one CWRITER write, by vCPU 1. */
	for (unsigned i = 0; i < 200; i++) {
		uint64_t *c = (uint64_t *)(ram + (CMDQ - RAM) + cwriter);

		c[0] = OP_INT | 4ULL << 32, c[1] = 0, c[2] = 0, c[3] = 0;
		if (i % 50 == 49) {
			c[0] = 0x0a | 4ULL << 32;	/* MAPTI 4/(i/50) -> 8193+ */
			c[1] = (i / 50 + 1) | (uint64_t)(8192 + i / 50 + 1) << 32;
			c[2] = 1;
		}
		cwriter = (cwriter + 32) % (16 * 4096);
	}
	vgic_its_write(&g, 1, GITS_CWRITER, 8, cwriter);
	CHECK(g.lpis->its_more);
	CHECK(vgic_vcpu_would_wake(&g, 1));		/* WFI would not block */
	while (g.lpis->its_more && cycles < 100) {
		entry();
		CHECK(!g.lpis->its_more || ich_fake.uie);
		exit_();
		cycles++;
	}
	CHECK(!g.lpis->its_more);
	CHECK(cycles >= 200 / 16 - 1 && cycles < 20);
	CHECK_EQ(g.lpis->its.creadr, cwriter);
	CHECK(maint_exits >= cycles - 1);
	entry();
	CHECK_EQ(lr_state_of(8192), ST_PENDING);
	CHECK(!ich_fake.uie);
	struct its_target t;

	CHECK_EQ(its_translate(&g.lpis->its, 4, 4, &t), ITS_XLATE_OK);	/* the last MAPTI */
	CHECK_EQ(t.intid, 8196);
	put(1);
	lpi_teardown();
}

/* Back to power-on: no LPIs on, no ITS tables, nothing pending, the
 * model's memory down to its vCPU array. */
static void reset(void)
{
	lpi_setup(2, 4, 0);
	lpis_on(2);
	its_on(2);
	MAPD(0, 4);
	MAPTI(0, 0, 8192, 0);
	set_prop(8192, 0x10, true);
	EV(OP_INV, 0, 0);
	EV(OP_INT, 0, 0);
	CHECK(vgic_vcpu_would_wake(&g, 0));
	CHECK_EQ(vgic_lpi_reset(&g), 0);
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	CHECK_EQ(rrd(0, GICR_CTLR, 4), 2);
	CHECK_EQ(rrd(0, GICR_PROPBASER, 8), 0);
	CHECK_EQ(rrd(1, GICR_PENDBASER, 8), 0);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_CTLR, 4) & 1, 0);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_CBASER, 8), 0);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_BASER0, 8) >> 63, 0);
	CHECK_EQ(live_allocs, 1);
	CHECK_EQ(g.lpis->cpu[0].count, 0);
	lpi_teardown();
}

/* The queue's index is exact: a level's bit for a word exactly when
 * the word holds a queued LPI of that level (and for a group exactly
 * when one of its words does), so that the flush's work
 * stays bounded by what it finds. */
static bool index_exact(const struct vgic_lpi_cpu *c)
{
	uint64_t words[LPI_LEVELS][LPI_GROUPS] = { { 0 } }, levels = 0;
	unsigned count = 0;

	for (unsigned n = 0; n < VGIC_NR_LPIS; n++) {
		unsigned lvl = g.lpis->prio[n] >> 2;

		if (!(c->queued[n / 64] & (1ULL << (n % 64))))
			continue;
		words[lvl][n / 4096] |= 1ULL << ((n / 64) % 64);
		levels |= 1ULL << lvl;
		count++;
	}
	for (unsigned lvl = 0; lvl < LPI_LEVELS; lvl++)
		for (unsigned i = 0; i < LPI_GROUPS; i++)
			if (!words[lvl][i] != !(c->level_groups[lvl] & (1u << i)))
				return false;
	return count == c->count && levels == c->levels &&
	       !memcmp(words, c->level_words, sizeof(words));
}

/* The per-vCPU queue against a shadow: random deliveries (priorities
 * included) and withdrawals over the whole LPI range; after each step
 * the LRs hold exactly the most urgent LPIs, by priority then INTID. */
static void queue_model(void)
{
	static uint8_t shadow[VGIC_NR_LPIS];	/* priority + 1, or 0 */
	unsigned long steps = 0, failed = checks_failed;

	lpi_setup(1, 4, 0);
	memset(shadow, 0, sizeof(shadow));
	srand(7);
	load(0);
	for (steps = 0; steps < 4000; steps++) {
		unsigned n = (unsigned)rand() % (steps < 2000 ? VGIC_NR_LPIS : 300);
		uint8_t prio = (uint8_t)((rand() % 8) << 5);
		unsigned best[4], nb = 0;

		/* Between entries: take the LRs back first (as a register
		 * access does), then change the queue. */
		vgic_take_back(&g, 0);
		if (rand() % 3)
			vgic_lpi_deliver(&g, 0, VGIC_LPI_BASE + n, prio), shadow[n] = (uint8_t)(prio + 1);
		else
			vgic_lpi_withdraw(&g, 0, VGIC_LPI_BASE + n), shadow[n] = 0;
		entry();
		for (unsigned p = 0; p < 256 && nb < 4; p += 32)
			for (unsigned i = 0; i < VGIC_NR_LPIS && nb < 4; i++)
				if (shadow[i] == p + 1)
					best[nb++] = VGIC_LPI_BASE + i;
		CHECK_EQ(lrs_in_use(), nb);
		for (unsigned k = 0; k < nb; k++)
			CHECK_EQ(lr_intid(k), best[k]);
		if (steps % 100 == 0)
			CHECK(index_exact(&g.lpis->cpu[0]));
		if (checks_failed != failed)
			break;
	}
	/* Not taken: back in the queue at put, and counted right. */
	put(0);
	unsigned count = 0;

	for (unsigned i = 0; i < VGIC_NR_LPIS; i++)
		count += shadow[i] != 0;
	CHECK_EQ(g.lpis->cpu[0].count, count);
	CHECK(index_exact(&g.lpis->cpu[0]));
	printf("queue model: %lu steps, %u LPIs queued at the end\n", steps, count);
	lpi_teardown();
}

int main(void)
{
	RUN(regs);
	RUN(deliver_and_ack);
	RUN(new_edge);
	RUN(withdraw);
	RUN(lpis_off_and_on);
	RUN(priority_order);
	RUN(one_pass);
	RUN(command_slices);
	RUN(reset);
	RUN(queue_model);
	free(ram);
	free(lpi_mem);
	return check_summary("vgic_lpi");
}
