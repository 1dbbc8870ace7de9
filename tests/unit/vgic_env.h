/* The environment of the vGIC host tests (unit-vgic): one VM's struct
 * vgic with up to VGIC_MAX_VCPUS vCPUs, the fake virtual CPU interface
 * of the one physical CPU that runs them (vgic_fake/vgic/ich.h), and a
 * fake guest that acknowledges and deactivates interrupts in the list
 * registers the way the hardware's virtual CPU interface would. */
#ifndef TESTS_VGIC_ENV_H
#define TESTS_VGIC_ENV_H

#include <vgic/vgic.h>
#include <vgic/ich.h>
#include <vgic/internal.h>
#include <string.h>

struct ich_fake ich_fake;

static struct vgic g;
static struct vgic_cpu cpu_state[VGIC_MAX_VCPUS];
static uint32_t kicked;		/* a bit per vCPU kicked since cleared */
static unsigned eoi_maint;	/* LRs with EOI set that the guest emptied */
static int loaded = -1;		/* the vCPU in the fake's LRs, or -1 */
static unsigned maint_exits;	/* exits taken for the maintenance interrupt */

static void kick(void *ctx, unsigned vcpu)
{
	(void)ctx;
	kicked |= 1u << vcpu;
}

/* A fresh VM of nr vCPUs on a CPU with nr_lrs list registers; Group 1
 * on in GICD_CTLR, every interrupt disabled, Group 0, priority 0; each
 * vCPU's virtual CPU interface lets every pending interrupt through to
 * end a WFI (both groups on, priority mask 0xff, nothing active). */
static void setup(unsigned nr, unsigned nr_lrs)
{
	struct vgic_cpu *ptrs[VGIC_MAX_VCPUS];

	for (unsigned v = 0; v < VGIC_MAX_VCPUS; v++)
		ptrs[v] = &cpu_state[v];
	memset(&ich_fake, 0, sizeof(ich_fake));
	ich_fake.nr_lrs = nr_lrs;
	vgic_init(&g, nr, ptrs, kick, NULL);
	for (unsigned v = 0; v < nr; v++)
		cpu_state[v].vmcr = (0xffULL << 24) | 3;	/* VPMR, VENG1, VENG0 */
	g.ctlr = GICD_CTLR_ENGRP1;
	kicked = 0;
	eoi_maint = 0;
	maint_exits = 0;
	loaded = -1;
}

static struct vgic_irq *irq_of(unsigned vcpu, unsigned intid)
{
	return vgic_irq(&g, vcpu, intid);
}

/* Interrupt intid (of vCPU vcpu if private) enabled, Group 1, prio. */
static void enable(unsigned vcpu, unsigned intid, uint8_t prio)
{
	struct vgic_irq *irq = irq_of(vcpu, intid);

	irq->enabled = true;
	irq->group1 = true;
	irq->priority = prio;
	vgic_mark(&g, vcpu, intid);
}

/* The test wrote interrupt state directly (as the register emulation
 * does): every interrupt may want a list register again, and vCPU v must
 * look, as vgic_mark()/vgic_mark_all() tell the flush after a register
 * write. */
static void poke(unsigned v)
{
	vgic_mark_all(&g);
	vgic_touch(&g, v);
}

static uint64_t sgi1r(unsigned intid, unsigned list)
{
	return ((uint64_t)intid << 24) | list;
}

/* vCPU v onto the CPU, and off it. */
static void load(unsigned v)
{
	vgic_load(&g, v);
	loaded = (int)v;
}

static void put(unsigned v)
{
	vgic_put(&g, v);
	loaded = -1;
}

/* Before an entry of the loaded vCPU, as vm/ does: only when needed. */
static void entry(void)
{
	if (vgic_flush_needed(g.cpu[loaded]))
		vgic_flush(&g, (unsigned)loaded);
}

/* The maintenance interrupt, if asserted, is taken as vm/exit.c does
 * (PPI_VGIC_MAINT: the vCPU's vGIC state marked dirty); an EOI of a
 * level-sensitive interrupt reaches vgic_flush() only that way, since
 * ICH_ELRSR_EL2 does not count its LR as empty. */
static void exit_(void)
{
	if (ich_fake_maintenance()) {
		g.cpu[loaded]->dirty = true;
		maint_exits++;
	}
	vgic_sync(g.cpu[loaded]);
}

/* An exit and the next entry. */
static void cycle(void)
{
	exit_();
	entry();
}

static unsigned lr_state(unsigned n)
{
	return (unsigned)((ich_fake.lr[n] & ICH_LR_STATE_MASK) >> 62);
}

static unsigned lr_intid(unsigned n)
{
	return (unsigned)ich_fake.lr[n];
}

static unsigned lr_prio(unsigned n)
{
	return (unsigned)(ich_fake.lr[n] >> ICH_LR_PRIO_SHIFT) & 0xff;
}

#define ST_PENDING	1u
#define ST_ACTIVE	2u

/* The LR holding intid (in any state), or -1. */
static int find_lr(unsigned intid)
{
	for (unsigned n = 0; n < ich_fake.nr_lrs; n++)
		if (lr_state(n) && lr_intid(n) == intid)
			return (int)n;
	return -1;
}

/* intid's state in the LRs: 0 if none holds it. */
static unsigned lr_state_of(unsigned intid)
{
	int n = find_lr(intid);

	return n < 0 ? 0 : lr_state(n);
}

static unsigned lrs_in_use(void)
{
	unsigned used = 0;

	for (unsigned n = 0; n < ich_fake.nr_lrs; n++)
		used += lr_state(n) != 0;
	return used;
}

/* The guest reads ICC_IAR1_EL1: the most urgent LR that is pending and
 * not active (lowest priority value, then lowest LR) becomes active.
 * Returns its INTID, or 1023 (spurious). */
static unsigned guest_ack(void)
{
	int best = -1;

	for (unsigned n = 0; n < ich_fake.nr_lrs; n++)
		if (lr_state(n) == ST_PENDING && (best < 0 || lr_prio(n) < lr_prio((unsigned)best)))
			best = (int)n;
	if (best < 0)
		return 1023;
	ich_fake.lr[best] = (ich_fake.lr[best] & ~ICH_LR_STATE_MASK) | ICH_LR_ACTIVE;
	return lr_intid((unsigned)best);
}

/* The guest deactivates intid (ICC_EOIR1_EL1, EOImode 0): the active
 * bit of its LR goes; an LR left empty with EOI set would raise the
 * maintenance interrupt. Returns false if no LR has it active. */
static bool guest_eoi(unsigned intid)
{
	for (unsigned n = 0; n < ich_fake.nr_lrs; n++) {
		if (lr_intid(n) != intid || !(lr_state(n) & ST_ACTIVE))
			continue;
		ich_fake.lr[n] &= ~ICH_LR_ACTIVE;
		if (!lr_state(n) && (ich_fake.lr[n] & ICH_LR_EOI))
			eoi_maint++;
		return true;
	}
	return false;
}

#endif
