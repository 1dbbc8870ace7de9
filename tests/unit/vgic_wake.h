/* vGIC host tests, run from vgic_test.c: what ends a vCPU's WFI
 * (hyp/vgic/wake.c). */
#ifndef VGIC_WAKE_H
#define VGIC_WAKE_H

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

#endif
