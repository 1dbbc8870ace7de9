/* LPIs on their way to a vCPU (vgic/lpi.h, lpi_internal.h): the ITS
 * model delivers an LPI to a vCPU, the LPI waits in that vCPU's queue,
 * the flush puts the most urgent ones in list registers with the vCPU's
 * other interrupts, and the next retire tells the model the guest took
 * it (its_vm_lpi_ack) or puts it back in the queue.
 *
 * LPIs are edge-triggered and have no active state to track: the guest's
 * acknowledge is the end of one, whether the list register then reads
 * invalid or active (QEMU keeps it active until the EOI; an LPI's EOI
 * needs no list register, so armhv drops it either way). What arrives
 * while an LPI sits in a list register of a running vCPU is recorded in
 * its slot and sorted out at retire: a withdrawal (the LR copy is
 * dropped if the guest has not taken it yet) or a new edge (the LPI stays
 * pending even if the guest took the first one). A race between the
 * guest's acknowledge and a withdrawal or a move to another vCPU can give
 * the guest one spurious extra LPI; it never loses one. */
#include <vgic/lpi_internal.h>
#include <vgic/ich.h>

static inline uint64_t bit_of(unsigned n)
{
	return 1ULL << (n % 64);
}

static void queue_add(struct vgic_lpis *l, struct vgic_lpi_cpu *c, unsigned n)
{
	unsigned w = n / 64, lvl = l->prio[n] >> 2;

	if (c->queued[w] & bit_of(n))
		return;
	c->queued[w] |= bit_of(n);
	c->level_words[lvl][w / 64] |= bit_of(w);
	c->level_groups[lvl] |= (uint16_t)(1u << (w / 64));
	c->levels |= 1ULL << lvl;
	c->count++;
}

static void queue_del(struct vgic_lpis *l, struct vgic_lpi_cpu *c, unsigned n)
{
	unsigned w = n / 64, lvl = l->prio[n] >> 2;

	if (!(c->queued[w] & bit_of(n)))
		return;
	c->queued[w] &= ~bit_of(n);
	c->count--;
	/* The word's index bit stays while another LPI of that level is
	 * there (at most 63 looks); the group's and the level's while their
	 * index word is not empty. */
	for (uint64_t bits = c->queued[w]; bits; bits &= bits - 1)
		if (l->prio[w * 64 + (unsigned)__builtin_ctzll(bits)] >> 2 == lvl)
			return;
	c->level_words[lvl][w / 64] &= ~bit_of(w);
	if (c->level_words[lvl][w / 64])
		return;
	c->level_groups[lvl] &= (uint16_t)~(1u << (w / 64));
	if (!c->level_groups[lvl])
		c->levels &= ~(1ULL << lvl);
}

static bool queued(const struct vgic_lpi_cpu *c, unsigned n)
{
	return c->queued[n / 64] & bit_of(n);
}

/* The list register of vCPU vcpu (c its LPI side) holding LPI intid,
 * or -1 (what each holds: the vCPU's lr_intid). */
static int lr_slot(const struct vgic *g, unsigned vcpu, const struct vgic_lpi_cpu *c, unsigned intid)
{
	for (uint32_t m = c->lr_mask; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);

		if (g->cpu[vcpu]->lr_intid[i] == intid)
			return (int)i;
	}
	return -1;
}

/* The model's arguments are its own, but a wrong one must not become a
 * stray write: the cpu and LPI of a call, or NULL. */
static struct vgic_lpi_cpu *lpi_cpu(struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (!g->lpis || vcpu >= g->nr_vcpus || intid < VGIC_LPI_BASE || intid >= VGIC_LPI_END)
		return NULL;
	return &g->lpis->cpu[vcpu];
}

void vgic_lpi_deliver(struct vgic *g, unsigned vcpu, unsigned intid, uint8_t priority)
{
	struct vgic_lpi_cpu *c = lpi_cpu(g, vcpu, intid);
	unsigned n = intid - VGIC_LPI_BASE;
	int slot;

	if (!c)
		return;
	priority &= 0xfc;
	slot = lr_slot(g, vcpu, c, intid);
	if (slot >= 0) {
		/* Delivered again after a withdrawal: it may be a new one
		 * (CLEAR then INT), so it stays pending whatever the guest
		 * did with the copy in the LR. Otherwise a new priority,
		 * which the LR copy keeps until retire. */
		if (c->lr_flags[slot] & LPI_LR_WITHDRAWN)
			c->lr_flags[slot] = LPI_LR_AGAIN;
		g->lpis->prio[n] = priority;
	} else if (!queued(c, n)) {
		g->lpis->prio[n] = priority;
		queue_add(g->lpis, c, n);
		g->lpis->delivered++;
	} else if (g->lpis->prio[n] != priority) {
		queue_del(g->lpis, c, n);
		g->lpis->prio[n] = priority;
		queue_add(g->lpis, c, n);
	}
	vgic_touch(g, vcpu);
}

void vgic_lpi_withdraw(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct vgic_lpi_cpu *c = lpi_cpu(g, vcpu, intid);
	int slot;

	if (!c)
		return;
	slot = lr_slot(g, vcpu, c, intid);
	if (slot >= 0) {
		/* The vCPU may be running with it: it must look again. */
		c->lr_flags[slot] = LPI_LR_WITHDRAWN;
		vgic_touch(g, vcpu);
		return;
	}
	queue_del(g->lpis, c, intid - VGIC_LPI_BASE);
}

void vgic_lpi_repend(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct vgic_lpi_cpu *c = lpi_cpu(g, vcpu, intid);
	int slot;

	if (!c)
		return;
	/* Queued: the two edges are one pending LPI. In an LR: the guest
	 * may have taken the first already. */
	slot = lr_slot(g, vcpu, c, intid);
	if (slot >= 0 && !(c->lr_flags[slot] & LPI_LR_WITHDRAWN)) {
		c->lr_flags[slot] |= LPI_LR_AGAIN;
		vgic_touch(g, vcpu);
	}
}

bool vgic_lpi_do_work(struct vgic *g, unsigned vcpu)
{
	struct vgic_lpis *l = g->lpis;

	its_process(&l->its);
	l->its_more = vgic_its_busy(&l->its);
	/* Whoever runs a slice comes back for the next: the vCPU that left
	 * the work may have gone off meanwhile. */
	if (l->its_more)
		l->its_worker = (uint8_t)vcpu;
	return l->its_more;
}

unsigned vgic_lpi_do_collect(struct vgic *g, unsigned vcpu, struct vgic_cand *best,
			     unsigned *count, unsigned nr)
{
	struct vgic_lpis *l = g->lpis;
	struct vgic_lpi_cpu *c = &l->cpu[vcpu];

	/* LPIs are Group 1. */
	if (!nr || !(g->ctlr & GICD_CTLR_ENGRP1))
		return 0;
	/* Levels in order, each level's LPIs in INTID order: the first one
	 * that cannot beat the last candidate ends it. */
	for (uint64_t levels = c->levels; levels; levels &= levels - 1) {
		unsigned lvl = (unsigned)__builtin_ctzll(levels);
		unsigned key = 0x100u | (lvl << 2);

		for (uint32_t groups = c->level_groups[lvl]; groups; groups &= groups - 1) {
			unsigned i = (unsigned)__builtin_ctz(groups);

			for (uint64_t words = c->level_words[lvl][i]; words; words &= words - 1) {
				unsigned w = i * 64 + (unsigned)__builtin_ctzll(words);

				for (uint64_t bits = c->queued[w]; bits; bits &= bits - 1) {
					unsigned n = w * 64 + (unsigned)__builtin_ctzll(bits);

					if (l->prio[n] >> 2 != lvl)
						continue;
					if (*count == nr && key >= best[nr - 1].key)
						return c->count;
					cand_insert(best, count, nr, key, VGIC_LPI_BASE + n);
				}
			}
		}
	}
	return c->count;
}

/* List register n (on this CPU) gets LPI n_lpi, out of c's queue; vc
 * (the same vCPU's) knows it holds an LPI, whose end is retired lazily
 * (vgic_sync). */
static void lpi_to_lr(struct vgic_lpis *l, struct vgic_lpi_cpu *c, struct vgic_cpu *vc,
		      unsigned n, unsigned n_lpi)
{
	c->lr_mask |= 1u << n;
	c->lr_flags[n] = 0;
	vc->lr_intid[n] = (uint16_t)(VGIC_LPI_BASE + n_lpi);
	vc->lr_used |= 1u << n;
	vc->lr_lazy |= 1u << n;
	vc->lr_lpi |= 1u << n;
	/* Pending, Group 1; no EOI maintenance: the guest's acknowledge
	 * ends an LPI, and the LR then reads empty or active. */
	ich_write_lr(n, (uint64_t)(VGIC_LPI_BASE + n_lpi) |
			((uint64_t)l->prio[n_lpi] << ICH_LR_PRIO_SHIFT) | ICH_LR_GROUP1 |
			ICH_LR_PENDING);
}

/* vgic_lpi_do_load_all() for more than one LPI. Out of line: its loops'
 * registers are not the lone LPI's. */
static __attribute__((noinline)) void
load_all_walk(struct vgic_lpis *l, struct vgic_lpi_cpu *c, struct vgic_cpu *vc, unsigned n)
{
	/* Every queued LPI goes, so the index is emptied as it is walked,
	 * not LPI by LPI (queue_del). */
	for (uint64_t levels = c->levels; levels; levels &= levels - 1) {
		unsigned lvl = (unsigned)__builtin_ctzll(levels);

		for (uint32_t groups = c->level_groups[lvl]; groups; groups &= groups - 1) {
			unsigned i = (unsigned)__builtin_ctz(groups);

			for (uint64_t words = c->level_words[lvl][i]; words; words &= words - 1) {
				unsigned w = i * 64 + (unsigned)__builtin_ctzll(words);

				for (uint64_t bits = c->queued[w]; bits; bits &= bits - 1) {
					unsigned k = w * 64 + (unsigned)__builtin_ctzll(bits);

					if (l->prio[k] >> 2 != lvl)
						continue;
					c->queued[w] &= ~bit_of(k);
					lpi_to_lr(l, c, vc, n++, k);
				}
			}
			c->level_words[lvl][i] = 0;
		}
		c->level_groups[lvl] = 0;
	}
	c->levels = 0;
	c->count = 0;
}

void vgic_lpi_do_load_all(struct vgic *g, unsigned vcpu, unsigned n)
{
	struct vgic_lpis *l = g->lpis;
	struct vgic_lpi_cpu *c = &l->cpu[vcpu];
	struct vgic_cpu *vc = g->cpu[vcpu];

	/* The caller checked they fit; the bound keeps a wrong count from
	 * writing past the list registers. */
	if (c->count > VGIC_MAX_LRS - n)
		return;
	if (c->count == 1 && c->levels) {
		/* A lone LPI (an MSI's): the index's first bits name it, and
		 * taking it empties every level of the index. */
		unsigned lvl = (unsigned)__builtin_ctzll(c->levels);
		unsigned i = (unsigned)__builtin_ctz(c->level_groups[lvl]);
		unsigned w = i * 64 + (unsigned)__builtin_ctzll(c->level_words[lvl][i]);
		unsigned k = w * 64 + (unsigned)__builtin_ctzll(c->queued[w]);

		c->queued[w] = 0;
		c->level_words[lvl][i] = 0;
		c->level_groups[lvl] = 0;
		c->levels = 0;
		c->count = 0;
		lpi_to_lr(l, c, vc, n, k);
		return;
	}
	load_all_walk(l, c, vc, n);
}

void vgic_lpi_do_load_lr(struct vgic *g, unsigned vcpu, unsigned n, unsigned intid)
{
	struct vgic_lpi_cpu *c = lpi_cpu(g, vcpu, intid);
	unsigned i = intid - VGIC_LPI_BASE;

	if (!c || n >= VGIC_MAX_LRS)
		return;
	queue_del(g->lpis, c, i);
	lpi_to_lr(g->lpis, c, g->cpu[vcpu], n, i);
}

/* The guest took the LPI of list register i: pending anew if it was
 * raised again meanwhile, else acknowledged to the model, which refuses
 * (ITS_ERR_INVAL) one it withdrew and no longer has pending on this
 * vCPU. */
static void lpi_taken(struct vgic *g, struct vgic_lpi_cpu *c, unsigned vcpu, unsigned i)
{
	struct vgic_lpis *l = g->lpis;
	unsigned intid = g->cpu[vcpu]->lr_intid[i];

	if (c->lr_flags[i] & LPI_LR_AGAIN)
		queue_add(l, c, intid - VGIC_LPI_BASE);
	else if (its_vm_lpi_ack(&l->vm, vcpu, intid) == ITS_OK)
		l->taken++;
}

void vgic_lpi_do_taken(struct vgic *g, unsigned vcpu, unsigned n)
{
	struct vgic_lpi_cpu *c = &g->lpis->cpu[vcpu];

	if (!(c->lr_mask & (1u << n)))
		return;
	c->lr_mask &= ~(1u << n);
	lpi_taken(g, c, vcpu, n);
}

void vgic_lpi_do_retire(struct vgic *g, unsigned vcpu)
{
	struct vgic_lpis *l = g->lpis;
	struct vgic_lpi_cpu *c = &l->cpu[vcpu];

	for (uint32_t m = c->lr_mask; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);

		if (!(ich_read_lr(i) & ICH_LR_PENDING))
			lpi_taken(g, c, vcpu, i);
		else if (!(c->lr_flags[i] & LPI_LR_WITHDRAWN))
			queue_add(l, c, g->cpu[vcpu]->lr_intid[i] - VGIC_LPI_BASE);	/* not taken: back */
	}
	c->lr_mask = 0;
}
