/* The ITS of a VM and the redistributors' LPI registers (vgic/lpi.h):
 * guest accesses forwarded to the ITS model (vgic/its/) under the vGIC's
 * lock, command processing in bounded slices, and the LPI state's life
 * cycle with the VM.
 *
 * A command queue is processed in slices of its_config.cmd_budget work
 * units, each under the lock: the write to GITS_CWRITER (or a read of
 * GITS_CREADR or GITS_CTLR) does one; if commands are left, the vCPU that
 * made the access is made to come back to EL2 soon (vgic_lpi_work() asks
 * for the underflow maintenance interrupt and keeps its WFI from
 * blocking), and each flush of a vCPU of the VM does one more slice
 * until the queue is empty or stalls. A guest that fills its queue costs
 * its own vCPU's time, a slice between entries, never a CPU held for the
 * whole queue. */
#include <vgic/lpi_internal.h>
#include <lib/bulk.h>

#define GICR_CTLR		0x0000
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_CTLR_ENABLE_LPIS	(1u << 0)
#define GICR_CTLR_CES		(1u << 1)	/* EnableLPIs can be cleared */
#define GICR_TYPER_PLPIS	(1u << 0)

#define GICD_TYPER_LPIS		(1u << 17)
#define GICD_TYPER_IDBITS(n)	((uint32_t)((n) - 1) << 19)
#define GICD_TYPER_IDBITS_MASK	(0x1fu << 19)

size_t vgic_lpi_mem_size(unsigned nr_vcpus)
{
	return sizeof(struct vgic_lpis) + nr_vcpus * sizeof(struct vgic_lpi_cpu);
}

static int lpi_setup(struct vgic *g, struct vgic_lpis *l, const struct its_env *env,
		     const struct its_config *cfg)
{
	int ret;

	bulk_zero(l, vgic_lpi_mem_size(g->nr_vcpus));
	ret = its_vm_init(&l->vm, env, g->nr_vcpus);
	if (ret)
		return ret;
	ret = its_init(&l->its, &l->vm, cfg);
	if (ret)
		its_vm_destroy(&l->vm);
	return ret;
}

int vgic_lpi_init(struct vgic *g, void *mem, const struct its_env *env,
		  const struct its_config *cfg)
{
	int ret = lpi_setup(g, mem, env, cfg);

	if (!ret)
		g->lpis = mem;
	return ret;
}

void vgic_lpi_destroy(struct vgic *g)
{
	if (!g->lpis)
		return;
	its_destroy(&g->lpis->its);
	its_vm_destroy(&g->lpis->vm);
	g->lpis = NULL;
}

int vgic_lpi_reset(struct vgic *g)
{
	struct vgic_lpis *l = g->lpis;
	struct its_env env;
	struct its_config cfg;
	int ret;

	if (!l)
		return 0;
	spin_lock(&g->lock);
	env = l->vm.env;
	cfg = l->its.cfg;
	/* What the model holds goes back to its allocator; nothing is
	 * withdrawn: the queues and list-register slots go with it (the
	 * vCPUs are stopped, their list registers retired). */
	its_destroy(&l->its);
	its_vm_destroy(&l->vm);
	ret = lpi_setup(g, l, &env, &cfg);
	if (ret)
		g->lpis = NULL;
	spin_unlock(&g->lock);
	return ret;
}

/* After an access that may have left commands: who comes back for them. */
static void note_work(struct vgic *g, unsigned from)
{
	struct vgic_lpis *l = g->lpis;

	l->its_more = vgic_its_busy(&l->its);
	if (l->its_more) {
		l->its_worker = (uint8_t)from;
		vgic_touch(g, from);
	}
}

uint64_t vgic_its_read(struct vgic *g, unsigned from, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	spin_lock(&g->lock);
	if (g->lpis) {
		/* LPIs this vCPU's guest took are acknowledged before
		 * anything the ITS does now (an MSI for one of them is a new
		 * one). */
		vgic_take_back(g, from);
		if (its_mmio_read(&g->lpis->its, off, size, &v))
			v = 0;
		note_work(g, from);
	}
	spin_unlock(&g->lock);
	return v;
}

void vgic_its_write(struct vgic *g, unsigned from, uint64_t off, unsigned size, uint64_t val)
{
	spin_lock(&g->lock);
	if (g->lpis && off == GITS_TRANSLATER) {
		/* An MSI, the hot write: it leaves the command queue as it
		 * was, and needs no take back: an LPI still in a list register,
		 * taken or not, is raised again through the model's repend
		 * (vgic_lpi_repend), as for one in another vCPU's. */
		its_translater_write(&g->lpis->its, size, val);
		if (g->lpis->its_more)
			note_work(g, from);	/* this vCPU comes back for them */
	} else if (g->lpis) {
		vgic_take_back(g, from);
		its_mmio_write(&g->lpis->its, off, size, val);
		note_work(g, from);
	}
	spin_unlock(&g->lock);
}

bool vgic_its_stats(struct vgic *g, struct vgic_its_stats *out)
{
	bool has;

	/* Under the lock: a reset that failed takes the LPIs away. */
	spin_lock(&g->lock);
	has = g->lpis != NULL;
	if (has) {
		out->enabled = g->lpis->its.enabled;
		out->cmds = g->lpis->its.stats;
		out->delivered = g->lpis->delivered;
		out->taken = g->lpis->taken;
	}
	spin_unlock(&g->lock);
	return has;
}

uint32_t vgic_lpi_gicd_typer(const struct vgic *g, uint32_t typer)
{
	if (!g->lpis)
		return typer;
	return (typer & ~GICD_TYPER_IDBITS_MASK) | GICD_TYPER_IDBITS(ITS_INTID_BITS) |
	       GICD_TYPER_LPIS;
}

uint64_t vgic_lpi_gicr_typer(const struct vgic *g)
{
	/* Physical LPIs; no direct LPI registers (DirectLPI 0), one
	 * property table for all (CommonLPIAff 0). */
	return g->lpis ? GICR_TYPER_PLPIS : 0;
}

/* A 64-bit register read whole or by halves. */
static bool reg64_read(uint64_t off, unsigned size, uint64_t reg, uint64_t v, uint64_t *val)
{
	if ((off & ~4ULL) != reg)
		return false;
	if (size == 8 && off == reg)
		*val = v;
	else if (size == 4)
		*val = (uint32_t)(v >> (8 * (off & 4)));
	return true;
}

/* The value a write of size bytes at off makes of register reg (cur);
 * false for a width the register does not have. */
static bool reg64_merge(uint64_t off, unsigned size, uint64_t reg, uint64_t cur, uint64_t val,
			uint64_t *out)
{
	if (size == 8 && off == reg)
		*out = val;
	else if (size == 4 && off == reg)
		*out = (cur & ~0xffffffffULL) | (uint32_t)val;
	else if (size == 4)
		*out = (cur & 0xffffffffULL) | (val << 32);
	else
		return false;
	return true;
}

bool vgic_lpi_redist_read(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			  uint64_t *val)
{
	struct vgic_lpis *l = g->lpis;

	if (!l)
		return false;
	if (off == GICR_CTLR) {
		if (size == 4)
			*val = (its_vm_lpis_enabled(&l->vm, vcpu) ? GICR_CTLR_ENABLE_LPIS : 0) |
			       GICR_CTLR_CES;
		return true;
	}
	return reg64_read(off, size, GICR_PROPBASER, its_vm_read_propbaser(&l->vm), val) ||
	       reg64_read(off, size, GICR_PENDBASER, its_vm_read_pendbaser(&l->vm, vcpu), val);
}

bool vgic_lpi_redist_write(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size,
			   uint64_t val)
{
	struct vgic_lpis *l = g->lpis;
	uint64_t v;

	if (!l)
		return false;
	/* Writes the model refuses (PROPBASER or PENDBASER while LPIs are
	 * on, ITS_ERR_BUSY; EnableLPIs with tables outside RAM,
	 * ITS_ERR_FAULT) are ignored: the architecture makes the first
	 * UNPREDICTABLE, and EnableLPIs then reads 0. */
	if (off == GICR_CTLR) {
		if (size == 4)
			its_vm_set_lpis_enabled(&l->vm, vcpu, val & GICR_CTLR_ENABLE_LPIS);
		return true;
	}
	if ((off & ~4ULL) == GICR_PROPBASER) {
		if (reg64_merge(off, size, GICR_PROPBASER, its_vm_read_propbaser(&l->vm), val, &v))
			its_vm_write_propbaser(&l->vm, v);
		return true;
	}
	if ((off & ~4ULL) == GICR_PENDBASER) {
		if (reg64_merge(off, size, GICR_PENDBASER, its_vm_read_pendbaser(&l->vm, vcpu), val,
				&v))
			its_vm_write_pendbaser(&l->vm, vcpu, v);
		return true;
	}
	return false;
}

bool vgic_its_in_use(struct vgic *g)
{
	bool used = false;

	spin_lock(&g->lock);
	if (g->lpis) {
		const struct its *its = &g->lpis->its;

		used = its->enabled || (its->cbaser >> 63) || (its->baser[0] >> 63) ||
		       (its->baser[1] >> 63) || its_vm_read_propbaser(&g->lpis->vm);
		for (unsigned v = 0; v < g->nr_vcpus && !used; v++)
			used = its_vm_lpis_enabled(&g->lpis->vm, v) ||
			       its_vm_read_pendbaser(&g->lpis->vm, v);
	}
	spin_unlock(&g->lock);
	return used;
}
