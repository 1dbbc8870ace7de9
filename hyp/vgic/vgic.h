/* The virtual GICv3 of a VM (vgic/): the distributor and redistributors
 * a guest programs over MMIO, the interrupt state behind them, and the
 * list registers through which the hardware's virtual CPU interface
 * presents that state to a running vCPU (docs/vm.md).
 *
 * One lock per VM guards all of it, the LPIs and the ITS included
 * (vgic/lpi.h): interrupts are raised from any CPU (devices, SGIs,
 * timers, ITS commands) and taken into a vCPU's list registers by the
 * CPU that runs it.
 */
#ifndef ARMHV_VGIC_H
#define ARMHV_VGIC_H

#include <arch/types.h>
#include <lib/config.h>
#include <lib/spinlock.h>
#include <vgic/ich.h>

#define VGIC_NR_PRIVATE		32	/* SGIs 0-15, PPIs 16-31 */
#define VGIC_NR_SPIS		256	/* INTIDs 32-287, as QEMU's virt */
#define VGIC_NR_IRQS		(VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_VCPUS		8
#define VGIC_MAX_LRS		16

#define VGIC_MAINT_PPI		25	/* the maintenance interrupt */

/* One interrupt's state, as the distributor's registers show it. */
struct vgic_irq {
	uint8_t priority;
	bool enabled;
	bool pending;		/* edge latch, or a write to ISPENDR */
	bool active;
	bool level;		/* the line, for level-sensitive ones */
	bool edge;		/* ICFGR: edge-triggered */
	bool group1;
	bool latch_in_lr;	/* level: pending went into that LR with it */
	/* Backed by the physical interrupt of the same INTID (the virtual
	 * timer's PPI): raised by vgic_inject_hw() as a pending latch, its
	 * list register carries the HW bit, and the guest's deactivation
	 * deactivates the physical one, which fires again if its source
	 * still asserts. No maintenance interrupt at its end. */
	bool hw;
	bool in_lr;		/* held by a list register ... */
	uint8_t lr;		/* ... this one ... */
	uint8_t lr_vcpu;	/* ... of this vCPU */
	uint8_t target;		/* the vCPU it goes to (SPIs: from route) */
	uint64_t route;		/* IROUTER (SPIs) */
};

/* Per vCPU: its private interrupts, its redistributor, and its virtual
 * CPU interface while it does not run. */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint64_t lr[VGIC_MAX_LRS];
	uint32_t lr_used;	/* list registers holding an interrupt */
	/* Of those, the ones holding a private edge interrupt or an LPI:
	 * when the guest is done with one, nothing else needs to happen at
	 * once, so it is moved to lr_done and retired by the next flush
	 * (vgic_sync) instead of by the general pass. */
	uint32_t lr_lazy;
	/* Of lr_lazy, the LPIs: the ITS model must hear that the guest took
	 * one, so the end of one still asks for a flush. */
	uint32_t lr_lpi;
	uint32_t lr_done;	/* emptied by the guest, not retired yet */
	uint16_t lr_intid[VGIC_MAX_LRS];	/* what each LR in those holds */
	uint64_t vmcr;		/* ICH_VMCR_EL2 */
	uint64_t ap1r0, ap0r0;	/* active priorities */
	uint32_t want_priv;	/* private interrupts that may want an LR */
	uint8_t nr_lrs;		/* of the CPU it is loaded on (vgic_load) */
	uint8_t apr_shift;	/* ... and its ich_apr_shift() */
	bool sleep;		/* GICR_WAKER.ProcessorSleep */
	bool dirty;		/* its state changed: look at it before entry */
	bool underflow;		/* more to give than list registers */
};

struct vgic {
	spinlock_t lock;
	unsigned nr_vcpus;
	uint32_t ctlr;		/* GICD_CTLR: EnableGrp0, EnableGrp1 */
	struct vgic_irq spi[VGIC_NR_SPIS];
	/* SPIs that may want an LR. These maps and want_priv hold at least
	 * every interrupt in a list register, active, or pending and
	 * enabled in an enabled group (vgic_mark on every change); the
	 * flush looks at those only, and drops those that want nothing. */
	uint64_t want_spi[VGIC_NR_SPIS / 64];
	uint8_t want_spi_words;	/* a bit per want_spi word that is not 0 */
	struct vgic_cpu *cpu[VGIC_MAX_VCPUS];
	/* LPIs and the ITS (vgic/lpi.h), or NULL: none. */
	struct vgic_lpis *lpis;
	/* Tells the CPU running vCPU n that it has something new. */
	void (*kick)(void *ctx, unsigned vcpu);
	void *kick_ctx;
};

_Static_assert(VGIC_NR_SPIS / 64 <= 8, "want_spi_words has a bit per word");

void vgic_init(struct vgic *g, unsigned nr_vcpus, struct vgic_cpu *const *cpus,
	       void (*kick)(void *ctx, unsigned vcpu), void *kick_ctx);
/* Back to the state of vgic_init (a VM restarted): distributor,
 * redistributors and every vCPU's interface, keeping the LPI side and
 * which interrupts are backed by physical ones. No vCPU may be loaded. */
void vgic_reset(struct vgic *g);

/* The line of interrupt intid changes level (PPIs: of vCPU vcpu; SPIs:
 * vcpu is ignored). An edge-triggered one latches pending on a rise. */
void vgic_set_line(struct vgic *g, unsigned vcpu, unsigned intid, bool level);
/* Private interrupt intid of vCPU vcpu is backed by the physical one
 * (struct vgic_irq's hw), from now on. */
void vgic_set_hw(struct vgic *g, unsigned vcpu, unsigned intid);
/* Its physical interrupt fired (taken and left active): pending. */
void vgic_inject_hw(struct vgic *g, unsigned vcpu, unsigned intid);
/* Where the guest is with hw interrupt intid of vCPU vcpu (loaded on this
 * CPU, or off it): VGIC_HW_PENDING and/or VGIC_HW_ACTIVE, or 0 when it is
 * done with it (and the physical interrupt was deactivated with it). */
#define VGIC_HW_PENDING	1u
#define VGIC_HW_ACTIVE	2u
unsigned vgic_hw_state(struct vgic *g, unsigned vcpu, unsigned intid);
/* Whether private interrupt intid of vCPU vcpu is pending (its latch or
 * its line) or active, as its record says: current while the vCPU is off
 * its CPU (its list registers were retired when it was put). Unlocked: a
 * change marks and kicks the vCPU anyway. */
static inline bool vgic_priv_raised(const struct vgic *g, unsigned vcpu, unsigned intid)
{
	const struct vgic_irq *irq;

	if (vcpu >= g->nr_vcpus || intid >= VGIC_NR_PRIVATE)
		return false;
	irq = &g->cpu[vcpu]->priv[intid];
	return __atomic_load_n(&irq->pending, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&irq->active, __ATOMIC_RELAXED) ||
	       (__atomic_load_n(&irq->level, __ATOMIC_RELAXED) && !irq->edge);
}
/* Takes back a hw interrupt the guest has not acknowledged yet (its
 * source stopped asserting first). */
void vgic_hw_withdraw(struct vgic *g, unsigned vcpu, unsigned intid);
/* A write of the guest's vCPU `from` to ICC_SGI1R_EL1 (group1: true),
 * or to ICC_SGI0R_EL1 or ICC_ASGI1R_EL1 (false), which with one Security
 * state raise an SGI only where it is Group 0 (ASGI1R's "other" Group 1
 * does not exist). */
void vgic_send_sgi(struct vgic *g, unsigned from, uint64_t sgi1r, bool group1);
/* Whether vCPU vcpu's WFI ends (vgic/wake.c): an interrupt pending (in a list register, if it
 * is loaded on this CPU, or in its record) that its virtual CPU
 * interface would signal, by the group enables, the priority mask and
 * the running priority of what it has active (VMCR and active-priority
 * registers as vgic_put saved them, or as they are now if loaded: call
 * vgic_sample first), or ITS work it must come back for. Never false
 * where the hardware would signal one: the group priority is taken with
 * the coarser of the binary points the architecture could mean. */
bool vgic_vcpu_would_wake(struct vgic *g, unsigned vcpu);
/* The loaded vCPU vcpu's VMCR and active priorities into its record,
 * for vgic_vcpu_would_wake. */
void vgic_sample(struct vgic *g, unsigned vcpu);

/* The CPU interface, around running vCPU vcpu on this CPU: load and put
 * move its list registers, VMCR and active priorities in and out; flush
 * (before an entry, when vgic_flush_needed() says so) gives it what it
 * should see; sync (after each exit) takes back what it finished. */
void vgic_load(struct vgic *g, unsigned vcpu);
void vgic_put(struct vgic *g, unsigned vcpu);
void vgic_flush(struct vgic *g, unsigned vcpu);
/* Whether vgic_flush has anything to do for c (its vCPU's): the exit path
 * (vm/exit.c) calls it only then, which saves every exit a call. (No
 * ordering asked: the flush takes the vGIC's lock before it looks.) */
static inline bool vgic_flush_needed(const struct vgic_cpu *c)
{
	return __atomic_load_n(&c->dirty, __ATOMIC_RELAXED);
}

/* After every exit, inline: a list register the guest emptied (it
 * deactivated the interrupt) or an underflow: time to look again. Not for
 * a private edge interrupt (an SGI): nothing follows from its end, and
 * nobody else can want it; its list register is retired by the next
 * flush. An LPI's end is retired the same way, but by a flush before the
 * next entry (its acknowledgement goes to the ITS model), which needs no
 * general pass unless other list registers are in use. (No list register in use: nothing to look at,
 * not even ICH_ELRSR_EL2.) */
static inline void vgic_sync(struct vgic_cpu *c)
{
	if (c->lr_used) {
		uint32_t empty = c->lr_used & ich_empty_lrs();

		if (empty & ~c->lr_lazy) {
			c->dirty = true;
		} else if (empty) {
			c->lr_used &= ~empty;
			c->lr_lazy &= ~empty;
			c->lr_done |= empty;
			if (empty & c->lr_lpi) {
				c->lr_lpi &= ~empty;
				c->dirty = true;
			}
		}
	}
	if (c->underflow)
		c->dirty = true;
}

/* MMIO from vCPU `from` (running on this CPU): the distributor (64 KiB)
 * and vCPU vcpu's redistributor (two 64 KiB frames) at offset off.
 * Accesses the architecture does not define read as zero and ignore
 * writes. */
/* Distributor reads put the value in *val and return 0 (the MMIO bus's
 * read, so that its caller ends in a tail call). */
int vgic_dist_read(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t *val);
void vgic_dist_write(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t val);
uint64_t vgic_redist_read(struct vgic *g, unsigned from, unsigned vcpu, uint64_t off,
			  unsigned size);
void vgic_redist_write(struct vgic *g, unsigned from, unsigned vcpu, uint64_t off,
		       unsigned size, uint64_t val);

#endif
