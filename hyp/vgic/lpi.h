/* The LPIs of a VM's virtual GICv3 and the ITS that raises them
 * (vgic/lpi.c: per-vCPU LPI state and the list registers; vgic/lpi_its.c:
 * the ITS frame, the redistributors' LPI registers, life cycle; the ITS
 * model itself is vgic/its/, docs/its-abi.md).
 *
 * Locking: the vGIC's lock (struct vgic.lock) serialises all of it, the
 * ITS model included, which asks its caller to serialise every call for a
 * VM (its.h): ITS frame accesses and command processing, the
 * redistributors' LPI registers, the acknowledgements the list registers
 * report, and reset. The model's deliver, withdraw and repend callbacks
 * are made from inside those calls, so vgic_lpi_deliver/withdraw/repend
 * run with the lock held and never take it. The model's other callbacks
 * (guest RAM, memory, log) take no vGIC lock either: nothing is ever
 * taken inside the vGIC's lock but the page allocator's and the log's,
 * as before.
 */
#ifndef ARMHV_VGIC_LPI_H
#define ARMHV_VGIC_LPI_H

#include <vgic/vgic.h>
#include <vgic/its/its.h>

#define VGIC_LPI_BASE		ITS_LPI_BASE		/* 8192 */
#define VGIC_LPI_END		(1u << ITS_INTID_BITS)	/* 65536 */
#define VGIC_NR_LPIS		(VGIC_LPI_END - VGIC_LPI_BASE)

/* Bytes of memory vgic_lpi_init() needs for nr_vcpus vCPUs. */
size_t vgic_lpi_mem_size(unsigned nr_vcpus);
/* Gives g (after vgic_init) LPIs and one ITS: mem (vgic_lpi_mem_size()
 * bytes, 8-byte aligned, any contents, the caller's until
 * vgic_lpi_destroy()) holds their state; env is the ITS model's
 * environment, whose deliver, withdraw and repend must call
 * vgic_lpi_deliver/withdraw/repend of g; cfg its limits. Returns 0 or a
 * negative enum its_status. */
int vgic_lpi_init(struct vgic *g, void *mem, const struct its_env *env,
		  const struct its_config *cfg);
/* Gives back what the model allocated; g has no LPIs afterwards. */
void vgic_lpi_destroy(struct vgic *g);
/* Power-on state (the VM restarts, its vCPUs stopped): the ITS disabled
 * without tables or mappings, LPIs off on every redistributor, PROPBASER
 * and PENDBASER zero, nothing pending. Returns 0 or a negative enum
 * its_status (the model could not get its memory back). */
int vgic_lpi_reset(struct vgic *g);

/* The ITS model's callbacks (under g->lock, see above). */
void vgic_lpi_deliver(struct vgic *g, unsigned vcpu, unsigned intid, uint8_t priority);
void vgic_lpi_withdraw(struct vgic *g, unsigned vcpu, unsigned intid);
void vgic_lpi_repend(struct vgic *g, unsigned vcpu, unsigned intid);

/* MMIO from vCPU `from` to the ITS frame (ITS_FRAME_SIZE bytes) at
 * offset off. An access of a width the register does not have reads as
 * zero and is ignored, as in the other frames. */
uint64_t vgic_its_read(struct vgic *g, unsigned from, uint64_t off, unsigned size);
void vgic_its_write(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t val);

/* For `vm list`: what the ITS and the LPIs have done so far. */
struct vgic_its_stats {
	bool enabled;			/* GITS_CTLR.Enabled */
	struct its_cmd_stats cmds;	/* commands processed, errors, stalls */
	uint64_t delivered;		/* LPIs given to a vCPU */
	uint64_t taken;			/* LPIs the guest acknowledged */
};
/* False if g has no ITS. */
bool vgic_its_stats(struct vgic *g, struct vgic_its_stats *out);

/* Whether the guest has set up its ITS or LPIs at all (a table, the
 * command queue, the ITS enabled, a redistributor's LPI registers): a
 * snapshot without their state would lose it. */
bool vgic_its_in_use(struct vgic *g);

/* A snapshot's view of the LPIs and the ITS (vgic/lpi_save.c); the rest
 * of their state is in guest RAM. */
struct vgic_its_image {
	uint64_t propbaser;
	uint64_t pendbaser[VGIC_MAX_VCPUS];
	bool lpis_enabled[VGIC_MAX_VCPUS];
	struct its_regs regs;
	uint32_t dropped;	/* save: mappings the guest made unreachable */
};
/* Its vCPUs off every CPU: writes every pending table and the ITS's
 * tables into guest RAM and returns the registers. 0, or a negative
 * enum its_status with one line in err. */
int vgic_its_save(struct vgic *g, struct vgic_its_image *out, char *err, size_t err_size);
/* A VM whose RAM holds the snapshot's, no vCPU run yet: the LPI state,
 * then the ITS, from the tables in RAM, each checked entry by entry (a
 * failure leaves the VM for its caller to discard). Commands left in its
 * queue are processed by vCPU worker (one that will run). */
int vgic_its_restore(struct vgic *g, const struct vgic_its_image *in, unsigned worker,
		     char *err, size_t err_size);

#endif
