/* Virtual GICv3 interrupt state and the list registers (vgic/vgic.h).
 *
 * Every state change that concerns a vCPU marks it dirty and kicks its
 * CPU; before the vCPU is entered again, vgic_flush() takes back what
 * the list registers hold and refills them with the interrupts it should
 * see, active ones first, then the most urgent pending ones. An exit that
 * changed nothing (an HVC, most MMIO) costs one ICH_ELRSR_EL2 read.
 */
#include <vgic/vgic.h>
#include <vgic/ich.h>
#include <vgic/internal.h>
#include <vgic/lpi_internal.h>

struct vgic_irq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return vcpu < g->nr_vcpus ? &g->cpu[vcpu]->priv[intid] : NULL;
	if (intid < VGIC_NR_IRQS)
		return &g->spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/* The vCPU an SPI goes to: IROUTER's affinity, if it names one. */
unsigned vgic_spi_target(const struct vgic *g, uint64_t route)
{
	uint64_t aff0 = route & 0xff;

	return (route & ~0xffULL) == 0 && aff0 < g->nr_vcpus ? (unsigned)aff0 : 0;
}

void vgic_mark(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct vgic_irq *irq = vgic_irq(g, vcpu, intid);

	if (!irq)
		return;
	if (intid < VGIC_NR_PRIVATE)
		g->cpu[vcpu]->want_priv |= 1u << intid;
	else
		vgic_want_spi(g, intid - VGIC_NR_PRIVATE);
	vgic_touch(g, irq->target);
}

void vgic_mark_all(struct vgic *g)
{
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++)
		vgic_want_spi(g, i);
	for (unsigned v = 0; v < g->nr_vcpus; v++) {
		g->cpu[v]->want_priv = ~0u;
		vgic_touch(g, v);
	}
}

static void cand_drop(struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE)
		g->cpu[vcpu]->want_priv &= ~(1u << intid);
	else if (!(g->want_spi[(intid - VGIC_NR_PRIVATE) / 64] &= ~(1ULL << ((intid - VGIC_NR_PRIVATE) % 64))))
		g->want_spi_words &= (uint8_t)~(1u << ((intid - VGIC_NR_PRIVATE) / 64));
}

static void vgic_retire_all(struct vgic *g, unsigned vcpu);

void vgic_init(struct vgic *g, unsigned nr_vcpus, struct vgic_cpu *const *cpus,
	       void (*kick)(void *ctx, unsigned vcpu), void *kick_ctx)
{
	*g = (struct vgic){ .lock = SPINLOCK_INIT, .nr_vcpus = nr_vcpus,
			    .kick = kick, .kick_ctx = kick_ctx };
	for (unsigned v = 0; v < nr_vcpus && v < VGIC_MAX_VCPUS; v++) {
		struct vgic_cpu *c = cpus[v];

		g->cpu[v] = c;
		*c = (struct vgic_cpu){ .sleep = true, .dirty = true };
		for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++) {
			c->priv[i].target = (uint8_t)v;
			c->priv[i].edge = i < 16;	/* SGIs are edge-triggered */
		}
	}
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++)
		g->spi[i].edge = false;
}

void vgic_reset(struct vgic *g)
{
	struct vgic_cpu *cpus[VGIC_MAX_VCPUS];
	struct vgic_lpis *lpis = g->lpis;
	bool hw[VGIC_MAX_VCPUS][VGIC_NR_PRIVATE];

	for (unsigned v = 0; v < g->nr_vcpus; v++) {
		cpus[v] = g->cpu[v];
		for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
			hw[v][i] = cpus[v]->priv[i].hw;
	}
	vgic_init(g, g->nr_vcpus, cpus, g->kick, g->kick_ctx);
	/* What belongs to the machine, not to the guest's programming: the
	 * LPI side (reset on its own, vgic_lpi_reset) and the interrupts a
	 * physical one backs. */
	g->lpis = lpis;
	for (unsigned v = 0; v < g->nr_vcpus; v++)
		for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
			cpus[v]->priv[i].hw = hw[v][i];
}

void vgic_set_line(struct vgic *g, unsigned vcpu, unsigned intid, bool level)
{
	struct vgic_irq *irq;

	spin_lock(&g->lock);
	irq = vgic_irq(g, vcpu, intid);
	if (irq && irq->level != level) {
		if (level && irq->edge)
			irq->pending = true;	/* a rising edge */
		irq->level = level;
		vgic_mark(g, vcpu, intid);
	}
	spin_unlock(&g->lock);
}

void vgic_set_hw(struct vgic *g, unsigned vcpu, unsigned intid)
{
	spin_lock(&g->lock);
	if (intid < VGIC_NR_PRIVATE && vcpu < g->nr_vcpus)
		g->cpu[vcpu]->priv[intid].hw = true;
	spin_unlock(&g->lock);
}

void vgic_inject_hw(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct vgic_irq *irq;

	spin_lock(&g->lock);
	irq = vgic_irq(g, vcpu, intid);
	if (irq && irq->hw) {
		irq->pending = true;
		vgic_mark(g, vcpu, intid);
	}
	spin_unlock(&g->lock);
}

unsigned vgic_hw_state(struct vgic *g, unsigned vcpu, unsigned intid)
{
	const struct vgic_irq *irq = vgic_irq(g, vcpu, intid);
	uint64_t lr;

	if (!irq)
		return 0;
	/* A latch not in a list register yet (raised since the last flush,
	 * which moves it into one) is pending. In a list register of this
	 * CPU (its own vCPU's private one; an emptied one may not be
	 * retired yet): the register says. Only this CPU changes that. */
	if (__atomic_load_n(&irq->in_lr, __ATOMIC_ACQUIRE)) {
		lr = ich_read_lr(irq->lr);
		return ((lr & ICH_LR_PENDING) || irq->pending ? VGIC_HW_PENDING : 0) |
		       ((lr & ICH_LR_ACTIVE) ? VGIC_HW_ACTIVE : 0);
	}
	return (irq->pending ? VGIC_HW_PENDING : 0) | (irq->active ? VGIC_HW_ACTIVE : 0);
}

void vgic_hw_withdraw(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct vgic_irq *irq;

	spin_lock(&g->lock);
	vgic_retire_all(g, vcpu);
	g->cpu[vcpu]->dirty = true;
	irq = vgic_irq(g, vcpu, intid);
	if (irq && !irq->active)
		irq->pending = false;
	spin_unlock(&g->lock);
}

void vgic_send_sgi(struct vgic *g, unsigned from, uint64_t sgi1r, bool group1)
{
	unsigned intid = (unsigned)(sgi1r >> 24) & 0xf;
	uint64_t aff = sgi1r & ((0xffULL << 48) | (0xffULL << 32) | (0xffULL << 16));
	unsigned rs = (unsigned)(sgi1r >> 44) & 0xf;
	uint64_t all = (1ULL << g->nr_vcpus) - 1, targets;

	_Static_assert(VGIC_MAX_VCPUS <= 16, "vCPU n has affinity 0.0.0.n: range selector 0 only");
	/* vCPU v has affinity 0.0.0.v: Aff1-3 zero, Aff0 = v. IRM: all but
	 * the sender. */
	if (sgi1r & (1ULL << 40))
		targets = all & ~(1ULL << from);
	else
		targets = aff == 0 && rs == 0 ? sgi1r & 0xffff & all : 0;
	if (!targets)
		return;
	spin_lock(&g->lock);
	for (; targets; targets &= targets - 1) {
		struct vgic_cpu *c = g->cpu[__builtin_ctzll(targets)];

		if (!group1 && c->priv[intid].group1)
			continue;
		c->priv[intid].pending = true;
		c->want_priv |= 1u << intid;
		vgic_touch(g, (unsigned)__builtin_ctzll(targets));
	}
	spin_unlock(&g->lock);
}

/* What the list register of irq says now, back into irq. */
static void retire(struct vgic_irq *irq, uint64_t lr)
{
	uint64_t state = lr & ICH_LR_STATE_MASK;

	irq->active = state & ICH_LR_ACTIVE;
	/* Pending in the LR: still pending (an edge latch, or a level that
	 * the line will say again). Gone from the LR: the guest took it.
	 * An edge's latch is clear while the LR holds it (vgic_flush), so a
	 * latch set meanwhile is a new edge (an SGI sent again after the
	 * guest took the first): it stays pending. */
	if (irq->edge || irq->hw)
		irq->pending = irq->pending || (state & ICH_LR_PENDING);
	else if (irq->latch_in_lr && !(state & ICH_LR_PENDING))
		irq->pending = false;	/* the guest took the latch it held */
	/* A level one's latch set after the LR was written (ISPENDR from
	 * another vCPU while this one handled it) is a new one: it stays. */
	irq->latch_in_lr = false;
	irq->in_lr = false;
}

static inline __attribute__((always_inline)) uint64_t
lr_of(unsigned intid, const struct vgic_irq *irq)
{
	uint64_t lr = (uint64_t)intid | ((uint64_t)irq->priority << ICH_LR_PRIO_SHIFT);

	if (irq->group1)
		lr |= ICH_LR_GROUP1;
	if (irq->active)
		lr |= ICH_LR_ACTIVE;
	if (irq->hw) {
		/* Never pending and active: the physical one is active
		 * until the guest deactivates the virtual one. */
		if (irq->pending && !irq->active)
			lr |= ICH_LR_PENDING;
		return lr | ICH_LR_HW | ((uint64_t)intid << ICH_LR_PINTID_SHIFT);
	}
	if (irq->pending || (irq->level && !irq->edge))
		lr |= ICH_LR_PENDING;
	/* A level interrupt must be looked at again when the guest is done
	 * with it: its line may still be high. */
	if (!irq->edge)
		lr |= ICH_LR_EOI;
	return lr;
}

/* The emptied ones (lr_done: private edge or HW interrupts and LPIs the
 * guest has ended, vgic_sync) hold an INTID with no state: nothing to
 * read back, nothing to clear, no maintenance asked. An LPI's end goes to
 * the ITS model (vgic/lpi.c). */
static inline __attribute__((always_inline)) void
retire_done(struct vgic *g, struct vgic_cpu *c, unsigned vcpu)
{
	for (uint32_t done = c->lr_done; done; done &= done - 1) {
		unsigned n = (unsigned)__builtin_ctz(done);
		unsigned intid = c->lr_intid[n];
		struct vgic_irq *irq;

		if (intid >= VGIC_NR_PRIVATE) {
			vgic_lpi_taken(g, vcpu, n);
			continue;
		}
		/* retire(irq, 0) for an edge or HW one: its latch stays. It
		 * is still this LR's: only a flush loads it again, and every
		 * flush and take back retires lr_done first. */
		irq = &c->priv[intid];
		irq->active = false;
		irq->latch_in_lr = false;
		irq->in_lr = false;
	}
	c->lr_done = 0;
}

static void vgic_retire_all(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];

	retire_done(g, c, vcpu);
	for (uint32_t held = c->lr_used; held; held &= held - 1) {
		unsigned n = (unsigned)__builtin_ctz(held);
		struct vgic_irq *irq = vgic_irq(g, vcpu, c->lr_intid[n]);

		if (irq && irq->in_lr && irq->lr == n && irq->lr_vcpu == vcpu)
			retire(irq, ich_read_lr(n));
	}
	vgic_lpi_retire(g, vcpu);
	for (uint32_t used = c->lr_used; used; used &= used - 1)
		ich_write_lr((unsigned)__builtin_ctz(used), 0);
	c->lr_used = 0;
	c->lr_lazy = 0;
	c->lr_lpi = 0;
}

void vgic_take_back(struct vgic *g, unsigned vcpu)
{
	/* Nothing in its list registers: the state is already current. */
	if (!g->cpu[vcpu]->lr_used && !g->cpu[vcpu]->lr_done)
		return;
	vgic_retire_all(g, vcpu);
	g->cpu[vcpu]->dirty = true;
}

/* Interrupt intid (irq) of vCPU vcpu's want maps, for the flush: into
 * best[] if it wants a list register, out of the maps if it wants
 * nothing; returns whether it wants one. */
static inline __attribute__((always_inline)) bool
consider(struct vgic *g, unsigned vcpu, unsigned intid, struct vgic_irq *irq,
	 struct vgic_cand *best, unsigned *count, unsigned nr)
{
	unsigned key;

	/* Another vCPU's SPI, or one still in another vCPU's list register
	 * (its target moved): not ours now. */
	if ((intid >= VGIC_NR_PRIVATE && irq->target != vcpu) || irq->in_lr)
		return false;
	if (!wants_lr(g, irq)) {
		cand_drop(g, vcpu, intid);
		return false;
	}
	key = (irq->active ? 0 : 0x100u) | irq->priority;
	if (*count < nr || key < best[nr - 1].key)
		cand_insert(best, count, nr, key, intid);
	return true;
}

/* List register n of vCPU vcpu (on this CPU) gets interrupt intid. */
static inline __attribute__((always_inline)) void
load_lr(struct vgic_cpu *c, unsigned vcpu, unsigned n, unsigned intid, struct vgic_irq *irq)
{
	c->lr_intid[n] = (uint16_t)intid;	/* what retire_all looks up */
	c->lr_used |= 1u << n;
	ich_write_lr(n, lr_of(intid, irq));
	if (irq->edge || irq->hw)
		irq->pending = false;	/* the LR holds it now */
	else
		irq->latch_in_lr = irq->pending;
	irq->in_lr = true;
	irq->lr = (uint8_t)n;
	irq->lr_vcpu = (uint8_t)vcpu;
	if ((irq->edge || irq->hw) && intid < VGIC_NR_PRIVATE)
		c->lr_lazy |= 1u << n;
}

/* flush_private()'s lpis LPIs, into list registers n on, if they fit.
 * Out of line: most flushes have none. */
static __attribute__((noinline)) bool
flush_lpis(struct vgic *g, unsigned vcpu, unsigned lpis, unsigned n, unsigned nr)
{
	if (lpis > nr - n)
		return false;
	vgic_lpi_do_load_all(g, vcpu, n);
	return true;
}

/* The common case, without sorting: the list registers hold nothing the
 * guest has not ended, no SPI is wanted, and the private interrupts and
 * the queued LPIs that want a list register all fit (no ITS commands
 * left). The private ones go first, in INTID order, then the LPIs, most
 * urgent first: when all fit, only the order of equal priorities counts
 * (the CPU interface picks by priority, the first LR of the highest),
 * and there both passes put the lower INTID first. Returns false if the
 * general pass must do it. */
static inline __attribute__((always_inline)) bool
flush_private(struct vgic *g, unsigned vcpu, struct vgic_cpu *c, unsigned nr)
{
	unsigned n = 0;
	int lpis;

	if (c->lr_used || g->want_spi_words)
		return false;
	lpis = vgic_lpi_queued(g, vcpu);
	if ((unsigned)lpis > nr)	/* -1 too: the general pass */
		return false;
	for (uint32_t bits = c->want_priv; bits; bits &= bits - 1) {
		unsigned intid = (unsigned)__builtin_ctz(bits);
		struct vgic_irq *irq = &c->priv[intid];

		if (!wants_lr(g, irq)) {
			c->want_priv &= ~(1u << intid);
			continue;
		}
		/* More than fit: the general pass sorts them, after it has
		 * taken back the ones loaded here. */
		if (n == nr)
			return false;
		load_lr(c, vcpu, n++, intid, irq);
	}
	if (lpis && !flush_lpis(g, vcpu, (unsigned)lpis, n, nr))
		return false;	/* the same: the general pass takes these back */
	if (c->underflow) {
		c->underflow = false;
		ich_set_underflow(false);
	}
	return true;
}

/* The general pass of the flush (below), under the lock. Out of line:
 * its frame (the candidates) is not the common case's. */
static __attribute__((noinline)) void
flush_general(struct vgic *g, unsigned vcpu, struct vgic_cpu *c, unsigned nr)
{
	unsigned count = 0, total = 0;
	struct vgic_cand best[VGIC_MAX_LRS];
	bool lpi_exit, underflow;

	vgic_retire_all(g, vcpu);
	lpi_exit = vgic_lpi_work(g, vcpu);
	for (uint32_t bits = c->want_priv; bits; bits &= bits - 1) {
		unsigned intid = (unsigned)__builtin_ctz(bits);

		total += consider(g, vcpu, intid, &c->priv[intid], best, &count, nr);
	}
	/* Most exits find no SPI wanted at all: the words' summary says. */
	for (unsigned words = g->want_spi_words; words; words &= words - 1) {
		unsigned w = (unsigned)__builtin_ctz(words);

		for (uint64_t bits = g->want_spi[w]; bits; bits &= bits - 1) {
			unsigned i = 64 * w + (unsigned)__builtin_ctzll(bits);

			total += consider(g, vcpu, VGIC_NR_PRIVATE + i, &g->spi[i], best, &count, nr);
		}
	}
	total += vgic_lpi_collect(g, vcpu, best, &count, nr);
	for (unsigned n = 0; n < count; n++) {
		unsigned intid = best[n].intid;

		if (intid < VGIC_NR_PRIVATE)
			load_lr(c, vcpu, n, intid, &c->priv[intid]);
		else if (intid < VGIC_NR_IRQS)
			load_lr(c, vcpu, n, intid, &g->spi[intid - VGIC_NR_PRIVATE]);
		else
			vgic_lpi_load_lr(g, vcpu, n, intid);
	}
	/* The rest waits for room; ITS commands left: come back soon. */
	underflow = total > count || lpi_exit;
	if (c->underflow != underflow) {
		c->underflow = underflow;
		ich_set_underflow(underflow);
	}
}

/* The list registers get the interrupts of vCPU vcpu that want one:
 * active ones first, then pending ones by priority (lowest value first),
 * then lowest INTID; more than fit set the underflow maintenance
 * interrupt. One pass over the want maps, which also drops from them the
 * interrupts that want nothing. */
void vgic_flush(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];
	unsigned nr = c->nr_lrs;

	spin_lock(&g->lock);
	c->dirty = false;
	retire_done(g, c, vcpu);
	if (!flush_private(g, vcpu, c, nr))
		flush_general(g, vcpu, c, nr);
	spin_unlock(&g->lock);
}

void vgic_load(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];
	unsigned nr = ich_nr_lrs();

	ich_load(c->vmcr, c->ap0r0, c->ap1r0);
	spin_lock(&g->lock);
	c->nr_lrs = (uint8_t)(nr < VGIC_MAX_LRS ? nr : VGIC_MAX_LRS);
	c->apr_shift = (uint8_t)ich_apr_shift();
	/* Its interrupts were retired when it was put: build afresh. */
	c->lr_used = 0;
	c->lr_lazy = 0;
	c->lr_lpi = 0;
	c->lr_done = 0;
	c->underflow = false;	/* as ich_load left ICH_HCR_EL2 */
	c->dirty = true;
	spin_unlock(&g->lock);
}

void vgic_put(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = g->cpu[vcpu];

	spin_lock(&g->lock);
	vgic_retire_all(g, vcpu);
	spin_unlock(&g->lock);
	ich_put(&c->vmcr, &c->ap0r0, &c->ap1r0);
}
