/* The virtual distributor's and redistributors' registers (GIC
 * architecture specification, IHI 0069, chapter 12): a guest sees a GICv3
 * with affinity routing always on and one security state (DS = 1), 256
 * SPIs, and LPIs when the VM has an ITS (their registers are in
 * vgic/lpi_its.c). Reserved and unimplemented registers read as zero
 * and ignore writes, and so do accesses of a width a register does not
 * have. `from` is the vCPU making the access: interrupts its own list
 * registers hold are taken back first, so the registers show the truth. */
#include <vgic/vgic.h>
#include <vgic/ich.h>
#include <vgic/internal.h>
#include <vgic/lpi_internal.h>

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GIC_PIDR2		0xffe8

#define GICD_CTLR_ARE		(1u << 4)
#define GICD_CTLR_DS		(1u << 6)
#define GICD_TYPER_VALUE	((VGIC_NR_IRQS / 32 - 1) | (9u << 19) | (1u << 25))	/* lines, 10 ID bits, No1N */
#define GIC_IIDR_ARMHV		0x6100043b	/* product 'a', implementer Arm (0x43b) */
#define GIC_PIDR2_GICV3		0x3b		/* ArchRev 3 */

#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI_BASE		0x10000
#define GICR_WAKER_SLEEP	(1u << 1)
#define GICR_WAKER_ASLEEP	(1u << 2)
#define GICR_TYPER_LAST		(1u << 4)

enum field { F_GROUP, F_ENABLE, F_PEND, F_ACTIVE, F_CFG };

static bool get(const struct vgic_irq *irq, enum field f)
{
	switch (f) {
	case F_GROUP: return irq->group1;
	case F_ENABLE: return irq->enabled;
	case F_PEND: return irq->pending || (irq->level && !irq->edge);
	case F_ACTIVE: return irq->active;
	default: return irq->edge;
	}
}

static void set(struct vgic_irq *irq, unsigned intid, enum field f, bool v)
{
	switch (f) {
	case F_GROUP: irq->group1 = v; break;
	case F_ENABLE: irq->enabled = v; break;
	case F_PEND:
		/* Not the latch a list register may hold: the guest's taking
		 * that one does not take this one. */
		irq->pending = v;
		irq->latch_in_lr = false;
		break;
	case F_ACTIVE: irq->active = v; break;
	default:
		if (intid >= 16)	/* SGIs are edge-triggered, read-only */
			irq->edge = v;
		break;
	}
}

/* 32 interrupts from first, one bit each (two for ICFGR: 16 of them). */
static uint32_t read_bits(struct vgic *g, unsigned vcpu, unsigned first, enum field f)
{
	unsigned per = f == F_CFG ? 2 : 1;
	uint32_t v = 0;

	for (unsigned i = 0; i < 32 / per; i++) {
		struct vgic_irq *irq = vgic_irq(g, vcpu, first + i);

		if (irq && get(irq, f))
			v |= (f == F_CFG ? 2u : 1u) << (i * per);
	}
	return v;
}

/* Writes: set-registers set where a bit is 1, clear-registers clear;
 * IGROUPR and ICFGR take the value. */
static void write_bits(struct vgic *g, unsigned vcpu, unsigned first, enum field f,
		       int how, uint32_t val)
{
	unsigned per = f == F_CFG ? 2 : 1;

	for (unsigned i = 0; i < 32 / per; i++) {
		struct vgic_irq *irq = vgic_irq(g, vcpu, first + i);
		bool bit = (val >> (i * per + (per - 1))) & 1;

		if (!irq)
			continue;
		if (how == 0)
			set(irq, first + i, f, bit);
		else if (bit)
			set(irq, first + i, f, how > 0);
		vgic_mark(g, vcpu, first + i);
	}
}

/* The per-interrupt registers shared by the distributor (SPIs) and the
 * redistributors' SGI frames (private interrupts). first_ok: the lowest
 * INTID this frame owns. */
static bool irq_reg_read(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			 unsigned lo, unsigned hi, uint64_t *val)
{
	struct { uint64_t base; enum field f; } const regs[] = {
		{ GICD_IGROUPR, F_GROUP }, { GICD_ISENABLER, F_ENABLE },
		{ GICD_ICENABLER, F_ENABLE }, { GICD_ISPENDR, F_PEND },
		{ GICD_ICPENDR, F_PEND }, { GICD_ISACTIVER, F_ACTIVE },
		{ GICD_ICACTIVER, F_ACTIVE },
	};

	for (unsigned r = 0; r < ARRAY_SIZE(regs); r++) {
		if (off >= regs[r].base && off < regs[r].base + 0x80) {
			unsigned first = (unsigned)(off - regs[r].base) * 8;

			*val = size == 4 && first >= lo && first < hi ?
			       read_bits(g, vcpu, first, regs[r].f) : 0;
			return true;
		}
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		unsigned first = (unsigned)(off - GICD_IPRIORITYR);

		*val = 0;
		if (size <= 4 && first >= lo && first + size <= hi)
			for (unsigned i = 0; i < size; i++)
				*val |= (uint64_t)vgic_irq(g, vcpu, first + i)->priority << (8 * i);
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned first = (unsigned)(off - GICD_ICFGR) * 4;

		*val = size == 4 && first >= lo && first < hi ? read_bits(g, vcpu, first, F_CFG) : 0;
		return true;
	}
	return false;
}

static bool irq_reg_write(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			  unsigned lo, unsigned hi, uint64_t val)
{
	struct { uint64_t base; enum field f; int how; } const regs[] = {
		{ GICD_IGROUPR, F_GROUP, 0 }, { GICD_ISENABLER, F_ENABLE, 1 },
		{ GICD_ICENABLER, F_ENABLE, -1 }, { GICD_ISPENDR, F_PEND, 1 },
		{ GICD_ICPENDR, F_PEND, -1 }, { GICD_ISACTIVER, F_ACTIVE, 1 },
		{ GICD_ICACTIVER, F_ACTIVE, -1 },
	};

	for (unsigned r = 0; r < ARRAY_SIZE(regs); r++) {
		if (off >= regs[r].base && off < regs[r].base + 0x80) {
			unsigned first = (unsigned)(off - regs[r].base) * 8;

			if (size == 4 && first >= lo && first < hi)
				write_bits(g, vcpu, first, regs[r].f, regs[r].how, (uint32_t)val);
			return true;
		}
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		unsigned first = (unsigned)(off - GICD_IPRIORITYR);

		if (size <= 4 && first >= lo && first + size <= hi) {
			for (unsigned i = 0; i < size; i++) {
				struct vgic_irq *irq = vgic_irq(g, vcpu, first + i);

				irq->priority = (uint8_t)(val >> (8 * i));
				vgic_mark(g, vcpu, first + i);
			}
		}
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned first = (unsigned)(off - GICD_ICFGR) * 4;

		if (size == 4 && first >= lo && first < hi)
			write_bits(g, vcpu, first, F_CFG, 0, (uint32_t)val);
		return true;
	}
	return false;
}

static __attribute__((noinline)) int
dist_read_locked(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t *val)
{
	uint64_t v = 0;

	spin_lock(&g->lock);
	vgic_take_back(g, from);
	if (irq_reg_read(g, from, off, size, VGIC_NR_PRIVATE, VGIC_NR_IRQS, &v))
		goto out;
	if (off >= GICD_IROUTER + 8 * VGIC_NR_PRIVATE && off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		struct vgic_irq *irq = vgic_irq(g, from, (unsigned)(off - GICD_IROUTER) / 8);

		if (size == 8 && !(off & 7))
			v = irq->route;
		else if (size == 4)
			v = (uint32_t)(irq->route >> (8 * (off & 4)));
		goto out;
	}
	if (size != 4)
		goto out;
	if (off == GICD_CTLR)
		v = g->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
out:
	spin_unlock(&g->lock);
	*val = v;
	return 0;
}

int vgic_dist_read(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t *val)
{
	/* The identification registers say the same forever: no lock, no
	 * list registers to take back (and no frame: the rest is a tail
	 * call). */
	if (size == 4) {
		switch (off) {
		case GICD_TYPER: *val = vgic_lpi_gicd_typer(g, GICD_TYPER_VALUE); return 0;
		case GICD_IIDR: *val = GIC_IIDR_ARMHV; return 0;
		case GIC_PIDR2: *val = GIC_PIDR2_GICV3; return 0;
		default: break;
		}
	}
	return dist_read_locked(g, from, off, size, val);
}

void vgic_dist_write(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t val)
{
	spin_lock(&g->lock);
	vgic_take_back(g, from);
	if (irq_reg_write(g, from, off, size, VGIC_NR_PRIVATE, VGIC_NR_IRQS, val))
		goto out;
	if (off >= GICD_IROUTER + 8 * VGIC_NR_PRIVATE && off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		struct vgic_irq *irq = vgic_irq(g, from, (unsigned)(off - GICD_IROUTER) / 8);
		unsigned old = irq->target;

		if (size == 8 && !(off & 7))
			irq->route = val & 0xff00ffffffULL;
		else if (size == 4 && (off & 4))
			irq->route = (irq->route & 0xffffffffULL) | ((val & 0xff) << 32);
		else if (size == 4)
			irq->route = (irq->route & ~0xffffffffULL) | (val & 0xffffff);
		irq->target = (uint8_t)vgic_spi_target(g, irq->route);
		vgic_touch(g, old);
		vgic_mark(g, from, (unsigned)(off - GICD_IROUTER) / 8);
		goto out;
	}
	if (off == GICD_CTLR && size == 4) {
		g->ctlr = (uint32_t)val & (GICD_CTLR_ENGRP0 | GICD_CTLR_ENGRP1);
		vgic_mark_all(g);
	}
out:
	spin_unlock(&g->lock);
}

uint64_t vgic_redist_read(struct vgic *g, unsigned from, unsigned vcpu, uint64_t off,
			  unsigned size)
{
	struct vgic_cpu *c = g->cpu[vcpu];
	uint64_t v = 0;

	spin_lock(&g->lock);
	vgic_take_back(g, from);
	if (off >= GICR_SGI_BASE) {
		irq_reg_read(g, vcpu, off - GICR_SGI_BASE, size, 0, VGIC_NR_PRIVATE, &v);
		goto out;
	}
	if (off == GICR_TYPER && (size == 8 || size == 4)) {
		/* Affinity 0.0.0.vcpu, processor number vcpu, Last on the
		 * last one; physical LPIs if the VM has them. */
		v = ((uint64_t)vcpu << 32) | ((uint64_t)vcpu << 8) |
		    (vcpu == g->nr_vcpus - 1 ? GICR_TYPER_LAST : 0) | vgic_lpi_gicr_typer(g);
		if (size == 4)
			v = (uint32_t)v;	/* the low word; the high one is below */
		goto out;
	}
	if (off == GICR_TYPER + 4 && size == 4) {
		v = vcpu;
		goto out;
	}
	if (vgic_lpi_redist_read(g, vcpu, off, size, &v))
		goto out;
	if (size != 4)
		goto out;
	switch (off) {
	case GICR_IIDR: v = GIC_IIDR_ARMHV; break;
	case GICR_WAKER: v = c->sleep ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0; break;
	case GIC_PIDR2: v = GIC_PIDR2_GICV3; break;
	default: break;
	}
out:
	spin_unlock(&g->lock);
	return v;
}

void vgic_redist_write(struct vgic *g, unsigned from, unsigned vcpu, uint64_t off,
		       unsigned size, uint64_t val)
{
	spin_lock(&g->lock);
	vgic_take_back(g, from);
	if (off >= GICR_SGI_BASE)
		irq_reg_write(g, vcpu, off - GICR_SGI_BASE, size, 0, VGIC_NR_PRIVATE, val);
	else if (vgic_lpi_redist_write(g, vcpu, off, size, val))
		;	/* LPI registers */
	else if (off == GICR_WAKER && size == 4)
		g->cpu[vcpu]->sleep = val & GICR_WAKER_SLEEP;
	spin_unlock(&g->lock);
}
