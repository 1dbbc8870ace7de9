/* What ends a vCPU's WFI (vgic.h's vgic_vcpu_would_wake): the interrupts
 * it has pending, in its list registers or its records, held against what
 * its virtual CPU interface would signal. */
#include <vgic/vgic.h>
#include <vgic/ich.h>
#include <vgic/internal.h>
#include <vgic/lpi_internal.h>

/* What a vCPU's virtual CPU interface lets through to end a WFI (GICv3's
 * signalling rule): its group enabled (ICH_VMCR_EL2.VENG0/1), a priority
 * above the mask (VPMR), and a group priority above the running priority
 * (the highest active one, from the active-priority registers; none: all
 * pass). The group priority drops the bits below the binary point, one
 * more than BPR1's for Group 1 (as BPR0's): where that is coarser than
 * the hardware's, an interrupt it would not signal ends the WFI all the
 * same (a spurious wake), never the other way round. Active priorities
 * past ICH_AP*R0 (CPUs with more than 5 preemption bits) are not kept:
 * the running priority then reads lower, which wakes more, not less. */
struct wake_mask {
	unsigned pmr, rpr;
	unsigned shift[2];	/* bits below the group priority, per group */
	bool enabled[2];
};

static struct wake_mask wake_mask_of(const struct vgic_cpu *c)
{
	uint32_t act = (uint32_t)(c->ap0r0 | c->ap1r0);
	unsigned bpr0 = (unsigned)(c->vmcr >> 21) & 7, bpr1 = (unsigned)(c->vmcr >> 18) & 7;
	struct wake_mask m;

	m.pmr = (unsigned)(c->vmcr >> 24) & 0xff;
	m.rpr = act ? (unsigned)__builtin_ctz(act) << c->apr_shift : 0x100;
	m.shift[0] = bpr0 + 1;
	m.shift[1] = (c->vmcr & (1u << 4)) ? bpr0 + 1 : bpr1 + 1;	/* VCBPR */
	m.enabled[0] = c->vmcr & 1;
	m.enabled[1] = c->vmcr & 2;
	return m;
}

/* Per candidate: most WFIs find none, and then pay nothing for the mask. */
static bool wakes(const struct vgic_cpu *c, unsigned prio, bool group1)
{
	struct wake_mask m = wake_mask_of(c);

	return m.enabled[group1] && prio < m.pmr && (prio >> m.shift[group1] << m.shift[group1]) < m.rpr;
}

void vgic_sample(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];

	ich_read_if(&c->vmcr, &c->ap0r0, &c->ap1r0);
}

bool vgic_vcpu_would_wake(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];
	int lpi_prio;
	bool any = false;

	spin_lock(&g->lock);
	/* Loaded here: its list registers first (none if it is not). */
	for (uint32_t used = c->lr_used; used && !any; used &= used - 1) {
		uint64_t lr = ich_read_lr((unsigned)__builtin_ctz(used));

		any = (lr & ICH_LR_PENDING) &&
		      wakes(c, (unsigned)(lr >> ICH_LR_PRIO_SHIFT) & 0xff, lr & ICH_LR_GROUP1);
	}
	lpi_prio = vgic_lpi_best_pending(g, vcpu);
	any = any || lpi_prio == VGIC_LPI_WORK || (lpi_prio >= 0 && wakes(c, (unsigned)lpi_prio, true));
	for (uint32_t bits = c->want_priv; bits && !any; bits &= bits - 1) {
		struct vgic_irq *irq = &c->priv[__builtin_ctz(bits)];

		any = !irq->active && !irq->in_lr && wants_lr(g, irq) && wakes(c, irq->priority, irq->group1);
	}
	for (unsigned words = g->want_spi_words; words && !any; words &= words - 1) {
		unsigned w = (unsigned)__builtin_ctz(words);

		for (uint64_t bits = g->want_spi[w]; bits && !any; bits &= bits - 1) {
			struct vgic_irq *irq = &g->spi[64 * w + (unsigned)__builtin_ctzll(bits)];

			any = irq->target == vcpu && !irq->active && !irq->in_lr && wants_lr(g, irq) &&
			      wakes(c, irq->priority, irq->group1);
		}
	}
	spin_unlock(&g->lock);
	return any;
}
