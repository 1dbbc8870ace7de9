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
	CHECK(vgic_vcpu_would_wake(&g, 0));
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
	CHECK(!vgic_vcpu_would_wake(&g, 0));
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

#include "vgic_model.h"

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
	CHECK(!vgic_vcpu_would_wake(&g, 0));
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
	CHECK(!vgic_vcpu_would_wake(&g, 0));
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
	CHECK(vgic_vcpu_would_wake(&g, 0));
}

#include "vgic_regs.h"
#include "vgic_lazy.h"

#include "vgic_wake.h"

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
