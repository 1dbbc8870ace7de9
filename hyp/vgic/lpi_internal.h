/* LPI state of the vGIC, shared by vgic/lpi.c, vgic/lpi_its.c and the
 * hooks in vgic.c and regs.c; not for the vGIC's users. Under the vGIC's
 * lock.
 *
 * An LPI the ITS model delivered to a vCPU is either queued on that vCPU
 * (a bit in `queued`) or in one of its list registers (lr_mask; which
 * LPI each holds is in the vCPU's struct vgic_cpu's lr_intid). The
 * queue is indexed by priority level (priority bits [7:2], all an LPI's
 * configuration byte has): level_words[L] has a bit per word of `queued`
 * holding an LPI of level L, level_groups[L] a bit per word of
 * level_words[L] that is not zero, and `levels` a bit per level with
 * any, so that the flush finds the most urgent LPIs without scanning the
 * 57,344 bits (it visits at most as many words as it has list registers
 * to fill) and a lone LPI is found, and taken out, without a look at the
 * level's empty words. An LPI is delivered to at most one vCPU at a time (its.h), so
 * one priority per LPI serves the whole VM.
 */
#ifndef ARMHV_VGIC_LPI_INTERNAL_H
#define ARMHV_VGIC_LPI_INTERNAL_H

#include <vgic/lpi.h>
#include <vgic/internal.h>
#include <vgic/ich.h>

#define LPI_WORDS	(VGIC_NR_LPIS / 64)	/* 896 */
#define LPI_GROUPS	(LPI_WORDS / 64)	/* 14 */
#define LPI_LEVELS	64

_Static_assert(LPI_GROUPS <= 16, "level_groups has a bit per group word");

/* An LPI in a list register: what happened to it meanwhile. */
#define LPI_LR_WITHDRAWN	1u	/* the model took it back */
#define LPI_LR_AGAIN		2u	/* a new edge: pending again after it */

struct vgic_lpi_cpu {
	/* First, together: what the flush looks at on every entry. */
	uint32_t count;			/* bits set in queued */
	uint32_t lr_mask;		/* list registers holding an LPI */
	uint8_t lr_flags[VGIC_MAX_LRS];
	uint64_t levels;
	uint16_t level_groups[LPI_LEVELS];
	uint64_t queued[LPI_WORDS];	/* bit n: LPI 8192 + n waits for an LR */
	uint64_t level_words[LPI_LEVELS][LPI_GROUPS];
};

struct vgic_lpis {
	struct its_vm vm;		/* the redistributors' LPI side */
	struct its its;			/* the ITS */
	bool its_more;			/* commands left after a bounded slice */
	uint8_t its_worker;		/* the vCPU made to come back for them */
	uint64_t delivered, taken;	/* for vgic_its_stats() */
	uint8_t prio[VGIC_NR_LPIS];	/* of a queued LPI */
	struct vgic_lpi_cpu cpu[];	/* nr_vcpus of them */
};

/* Whether the ITS has commands it would process now (not disabled,
 * stalled or without a queue). */
static inline bool vgic_its_busy(const struct its *its)
{
	return its->enabled && !its->stalled && (its->cbaser >> 63) &&
	       its->creadr != its->cwriter;
}

/* Hooks of vgic.c's list-register code (vgic/lpi.c): each an inline
 * test, so that a VM without LPIs in flight pays a load or two on the
 * exit path, and the work out of line. */
bool vgic_lpi_do_work(struct vgic *g, unsigned vcpu);
unsigned vgic_lpi_do_collect(struct vgic *g, unsigned vcpu, struct vgic_cand *best,
			     unsigned *count, unsigned nr);
void vgic_lpi_do_load_lr(struct vgic *g, unsigned vcpu, unsigned n, unsigned intid);
void vgic_lpi_do_retire(struct vgic *g, unsigned vcpu);

/* The flush's ITS work: continues a command queue a bounded slice left
 * unfinished. True if vcpu should exit again soon for more. */
static inline bool vgic_lpi_work(struct vgic *gic, unsigned vcpu)
{
	return gic->lpis && gic->lpis->its_more && vgic_lpi_do_work(gic, vcpu);
}

/* For the flush's one pass: how many LPIs vcpu has queued, or -1 if
 * the general pass must do them (one in a list register, ITS commands
 * left, or Group 1 disabled with LPIs queued). */
static inline int vgic_lpi_queued(const struct vgic *gic, unsigned vcpu)
{
	const struct vgic_lpis *l = gic->lpis;
	unsigned count;

	if (!l)
		return 0;
	count = l->cpu[vcpu].count;
	if (l->its_more || l->cpu[vcpu].lr_mask || (count && !(gic->ctlr & GICD_CTLR_ENGRP1)))
		return -1;
	return (int)count;
}

/* All of vcpu's queued LPIs into list registers n on (on this CPU),
 * most urgent first, out of the queue; the caller has checked that they
 * fit (vgic_lpi_queued). */
void vgic_lpi_do_load_all(struct vgic *g, unsigned vcpu, unsigned n);

/* Offers vcpu's queued LPIs to the flush's candidates best[0..*count)
 * (kept sorted, at most nr), most urgent first; returns how many LPIs
 * want a list register. */
static inline unsigned vgic_lpi_collect(struct vgic *gic, unsigned vcpu, struct vgic_cand *best,
					unsigned *count, unsigned nr)
{
	if (!gic->lpis || !gic->lpis->cpu[vcpu].count)
		return 0;
	return vgic_lpi_do_collect(gic, vcpu, best, count, nr);
}

/* If intid is an LPI: list register n of vcpu (on this CPU) gets it. */
static inline void vgic_lpi_load_lr(struct vgic *gic, unsigned vcpu, unsigned n, unsigned intid)
{
	if (intid >= VGIC_LPI_BASE)
		vgic_lpi_do_load_lr(gic, vcpu, n, intid);
}

/* List register n of vcpu (lr_done: the guest emptied it) held an LPI:
 * the guest took it; the model hears of it, or it goes back to the queue
 * if it was raised again meanwhile. */
void vgic_lpi_do_taken(struct vgic *g, unsigned vcpu, unsigned n);
static inline void vgic_lpi_taken(struct vgic *gic, unsigned vcpu, unsigned n)
{
	if (gic->lpis)
		vgic_lpi_do_taken(gic, vcpu, n);
}

/* What vcpu's list registers (on this CPU) say of their LPIs, back into
 * the queue, or acknowledged to the model; the LRs are the caller's to
 * clear. */
static inline void vgic_lpi_retire(struct vgic *gic, unsigned vcpu)
{
	if (gic->lpis && gic->lpis->cpu[vcpu].lr_mask)
		vgic_lpi_do_retire(gic, vcpu);
}

/* For a WFI (vgic_vcpu_would_wake): the priority of vcpu's most urgent
 * queued LPI (Group 1), -1 if none, or VGIC_LPI_WORK if it must come back
 * for ITS work whatever its mask. */
#define VGIC_LPI_WORK	0x100
static inline int vgic_lpi_best_pending(const struct vgic *gic, unsigned vcpu)
{
	const struct vgic_lpis *l = gic->lpis;

	if (!l)
		return -1;
	if (l->its_more && l->its_worker == vcpu)
		return VGIC_LPI_WORK;
	if (!l->cpu[vcpu].count || !l->cpu[vcpu].levels || !(gic->ctlr & GICD_CTLR_ENGRP1))
		return -1;
	return __builtin_ctzll(l->cpu[vcpu].levels) << 2;	/* level L: priority L << 2 */
}

/* Hooks of regs.c (vgic/lpi_its.c): GICD_TYPER with LPIs, and the
 * redistributor's LPI registers (true if off was one of them). */
uint32_t vgic_lpi_gicd_typer(const struct vgic *g, uint32_t typer);
uint64_t vgic_lpi_gicr_typer(const struct vgic *g);
bool vgic_lpi_redist_read(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			  uint64_t *val);
bool vgic_lpi_redist_write(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			   uint64_t val);

#endif
