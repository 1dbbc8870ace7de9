/* Shared by the vGIC's files; not for its users. Under the VGIC's lock. */
#ifndef ARMHV_VGIC_INTERNAL_H
#define ARMHV_VGIC_INTERNAL_H

#include <vgic/vgic.h>

/* A candidate for a list register in vgic_flush(): key is 0 | priority
 * for an active interrupt, 0x100 | priority for a pending one. */
struct vgic_cand {
	unsigned key, intid;
};

/* Into best[] (sorted by key, at most nr, *count so far): an equal key
 * stays behind the ones already there (lower INTIDs). */
static inline __attribute__((always_inline)) void
cand_insert(struct vgic_cand *best, unsigned *count, unsigned nr, unsigned key, unsigned intid)
{
	unsigned i = *count < nr ? (*count)++ : *count - 1;

	for (; i > 0 && best[i - 1].key > key; i--)
		best[i] = best[i - 1];
	best[i].key = key;
	best[i].intid = intid;
}

struct vgic_irq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned intid);
/* Whether irq wants a list register: active (only one lets the guest
 * deactivate it), or pending (a latch, or a level line high), enabled and
 * in an enabled group. */
static inline __attribute__((always_inline)) bool
wants_lr(const struct vgic *g, const struct vgic_irq *irq)
{
	bool grp_on = irq->group1 ? (g->ctlr & GICD_CTLR_ENGRP1) : (g->ctlr & GICD_CTLR_ENGRP0);

	if (irq->active)
		return true;
	return grp_on && irq->enabled && (irq->pending || (irq->level && !irq->edge));
}

unsigned vgic_spi_target(const struct vgic *g, uint64_t route);
/* vCPU vcpu's state changed: look before its next entry. */
static inline void vgic_touch(struct vgic *g, unsigned vcpu)
{
	g->cpu[vcpu]->dirty = true;
	if (g->kick)
		g->kick(g->kick_ctx, vcpu);
}
/* SPI i (INTID 32 + i) may want a list register: into the want map and
 * its summary. */
static inline void vgic_want_spi(struct vgic *g, unsigned i)
{
	g->want_spi[i / 64] |= 1ULL << (i % 64);
	g->want_spi_words |= (uint8_t)(1u << (i / 64));
}
/* Interrupt intid (of vCPU vcpu if private) changed: it may want a list
 * register now (vgic.h's want maps), and its vCPU must look. */
void vgic_mark(struct vgic *g, unsigned vcpu, unsigned intid);
/* Every interrupt of the VM may want one (GICD_CTLR changed). */
void vgic_mark_all(struct vgic *g);
/* The accessing vCPU's list registers (they are on this CPU) back into
 * the interrupt state, so that registers read and written are current. */
void vgic_take_back(struct vgic *g, unsigned vcpu);

#endif
