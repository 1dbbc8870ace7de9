/* vGIC host tests, run from vgic_test.c: interrupts whose end needs no
 * exit. An SGI's emptied list register is retired lazily, by the next
 * flush; a hw interrupt (the virtual timer's PPI) is ended by the guest's
 * deactivation through the list register's HW bit. And the reset of a
 * restarted VM, which must keep that HW backing. */
#ifndef VGIC_LAZY_H
#define VGIC_LAZY_H

/* An SGI the guest took and deactivated asks for no flush at the next
 * exit (its list register is retired by the next flush instead), yet it
 * is delivered again when sent again, the register view (take back)
 * sees it done, and putting the vCPU leaves nothing behind. A level
 * interrupt's emptied list register still asks for a flush. */
static void sgi_retired_lazily(void)
{
	setup(2, 4);
	enable(0, 5, 0xa0);
	load(0);
	entry();
	vgic_send_sgi(&g, 1, sgi1r(5, 1 << 0), true);
	cycle();
	CHECK_EQ(guest_ack(), 5);
	CHECK(guest_eoi(5));
	exit_();
	CHECK(!g.cpu[0]->dirty);			/* no flush for it */
	CHECK_EQ(g.cpu[0]->lr_used, 0);		/* the fast HVC path may run */
	CHECK(g.cpu[0]->lr_done != 0);
	vgic_take_back(&g, 0);
	CHECK(!irq_of(0, 5)->in_lr && !irq_of(0, 5)->active && !irq_of(0, 5)->pending);
	CHECK_EQ(g.cpu[0]->lr_done, 0);
	entry();
	vgic_send_sgi(&g, 1, sgi1r(5, 1 << 0), true);	/* again, after the take back */
	cycle();
	CHECK_EQ(lr_state_of(5), ST_PENDING);
	CHECK_EQ(guest_ack(), 5);
	CHECK(guest_eoi(5));
	exit_();
	CHECK(!g.cpu[0]->dirty);
	vgic_send_sgi(&g, 1, sgi1r(5, 1 << 0), true);	/* again, retired by this flush */
	cycle();
	CHECK_EQ(lr_state_of(5), ST_PENDING);
	CHECK_EQ(guest_ack(), 5);
	CHECK(guest_eoi(5));
	exit_();
	put(0);
	CHECK(!irq_of(0, 5)->in_lr && !irq_of(0, 5)->pending);
	CHECK_EQ(guest_ack(), 1023);
	/* A level SPI's emptied LR is not lazy. */
	setup(2, 4);
	enable(0, 40, 0x80);
	load(0);
	entry();
	vgic_set_line(&g, 0, 40, true);
	cycle();
	CHECK_EQ(guest_ack(), 40);
	vgic_set_line(&g, 0, 40, false);
	cycle();
	CHECK(guest_eoi(40));
	exit_();
	CHECK(g.cpu[0]->dirty);
}

/* A hw interrupt (the virtual timer's PPI 27): its LR carries the HW bit
 * and the physical INTID, no EOI maintenance; the guest's deactivation
 * ends it without a flush; raised again while its emptied LR is not
 * retired yet, it reads pending (not done: vm/timer.c would deactivate
 * the physical one under the guest); withdrawn before the guest takes
 * it, it is gone; put while the guest handles it, the state comes back. */
static void hw_interrupt(void)
{
	int n;

	setup(1, 4);
	enable(0, 27, 0x80);
	vgic_set_hw(&g, 0, 27);
	load(0);
	entry();
	vgic_inject_hw(&g, 0, 27);
	CHECK_EQ(vgic_hw_state(&g, 0, 27), VGIC_HW_PENDING);
	cycle();
	n = find_lr(27);
	CHECK(n >= 0 && lr_state((unsigned)n) == ST_PENDING);
	CHECK(n >= 0 && (ich_fake.lr[n] & ICH_LR_HW));
	CHECK(n >= 0 && ((ich_fake.lr[n] >> ICH_LR_PINTID_SHIFT) & 0x3ff) == 27);
	CHECK_EQ(vgic_hw_state(&g, 0, 27), VGIC_HW_PENDING);
	/* In a list register, not in the state the wake-up check reads: a
	 * WFI (interrupts masked, say) must not wait on it (vm/exit.c). */
	CHECK(vgic_vcpu_would_wake(&g, 0));
	CHECK_EQ(guest_ack(), 27);
	CHECK(!vgic_vcpu_would_wake(&g, 0));
	CHECK_EQ(vgic_hw_state(&g, 0, 27), VGIC_HW_ACTIVE);
	CHECK(guest_eoi(27));
	CHECK_EQ(eoi_maint, 0);
	exit_();
	CHECK(!g.cpu[0]->dirty);			/* no flush for its end */
	CHECK_EQ(vgic_hw_state(&g, 0, 27), 0);
	/* Fires again before any flush retired the emptied LR. */
	vgic_inject_hw(&g, 0, 27);
	CHECK_EQ(vgic_hw_state(&g, 0, 27), VGIC_HW_PENDING);
	cycle();
	CHECK_EQ(lr_state_of(27), ST_PENDING);
	/* The timer stopped asserting before the guest took it. */
	vgic_hw_withdraw(&g, 0, 27);
	cycle();
	CHECK_EQ(vgic_hw_state(&g, 0, 27), 0);
	CHECK_EQ(guest_ack(), 1023);
	/* Put while active, loaded again: still active, never also pending. */
	vgic_inject_hw(&g, 0, 27);
	cycle();
	CHECK_EQ(guest_ack(), 27);
	put(0);
	CHECK_EQ(vgic_hw_state(&g, 0, 27), VGIC_HW_ACTIVE);
	load(0);
	entry();
	CHECK_EQ(lr_state_of(27), ST_ACTIVE);
	CHECK(guest_eoi(27));
	exit_();
	CHECK_EQ(vgic_hw_state(&g, 0, 27), 0);
	CHECK_EQ(eoi_maint, 0);
}

/* A VM restarted (vgic_reset): everything the guest programmed or left
 * pending or active is gone, GICD_CTLR included; the timer's PPI is still
 * backed by the physical one, and the kick still reaches the vCPUs. */
static void reset_state(void)
{
	setup(2, 4);
	enable(0, 27, 0x80);
	vgic_set_hw(&g, 0, 27);
	enable(1, 40, 0x40);
	g.spi[40 - 32].route = 1;
	g.spi[40 - 32].target = 1;
	vgic_set_line(&g, 0, 40, true);
	vgic_send_sgi(&g, 0, sgi1r(3, 1u << 1), true);
	load(0);
	vgic_inject_hw(&g, 0, 27);
	cycle();
	CHECK_EQ(guest_ack(), 27);		/* left active */
	put(0);
	vgic_reset(&g);
	CHECK_EQ(g.ctlr, 0);
	CHECK(!irq_of(0, 27)->enabled && !irq_of(0, 27)->active && !irq_of(0, 27)->pending);
	CHECK(irq_of(0, 27)->hw);
	CHECK(!irq_of(1, 40)->enabled && !irq_of(1, 40)->level && irq_of(1, 40)->priority == 0);
	CHECK_EQ(irq_of(1, 40)->route, 0);
	CHECK(!irq_of(1, 3)->pending && irq_of(1, 3)->edge);
	CHECK(!vgic_vcpu_would_wake(&g, 0) && !vgic_vcpu_would_wake(&g, 1));
	CHECK(g.cpu[0]->sleep && g.cpu[0]->vmcr == 0 && g.cpu[0]->ap1r0 == 0);
	/* Programmed again (the distributor, and vCPU 1's CPU interface as
	 * the guest sets it up again), it works as new. */
	g.ctlr = GICD_CTLR_ENGRP1;
	g.cpu[1]->vmcr = (0xffULL << 24) | 3;
	enable(1, 3, 0x10);
	kicked = 0;
	vgic_send_sgi(&g, 0, sgi1r(3, 1u << 1), true);
	CHECK_EQ(kicked, 1u << 1);
	CHECK(vgic_vcpu_would_wake(&g, 1));
}

#endif
