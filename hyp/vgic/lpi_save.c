/* The LPIs and the ITS of a VM for a snapshot (vgic/lpi.h): the ITS
 * model's save and restore (docs/its-abi.md) under the vGIC's lock. Save
 * writes the ITS's tables and each vCPU's pending table into guest RAM,
 * where the guest put them, before RAM is captured; restore reads them
 * back from the new VM's RAM, once it holds the snapshot's, before any
 * vCPU runs. */
#include <vgic/lpi_internal.h>
#include <stdio.h>
#include <string.h>

int vgic_its_save(struct vgic *g, struct vgic_its_image *out, char *err, size_t err_size)
{
	union {
		struct its_vm_image img;
		uint8_t bytes[sizeof(struct its_vm_image) +
			      VGIC_MAX_VCPUS * sizeof(struct its_vm_image_vcpu)];
	} u;
	struct its_save_report rep;
	int ret;

	memset(out, 0, sizeof(*out));
	spin_lock(&g->lock);
	if (!g->lpis) {
		spin_unlock(&g->lock);
		snprintf(err, err_size, "the ITS is out of service (a reset failed)");
		return ITS_ERR_INVAL;
	}
	ret = its_vm_save(&g->lpis->vm, &u.img);
	if (ret) {
		spin_unlock(&g->lock);
		snprintf(err, err_size, "a vCPU's LPI pending table could not be written (%s)",
			 its_strerror(ret));
		return ret;
	}
	ret = its_save(&g->lpis->its, &out->regs, &rep);
	spin_unlock(&g->lock);
	if (ret || rep.write_failures) {
		snprintf(err, err_size, "the ITS's tables could not be written into guest RAM (%s, %u writes failed)",
			 its_strerror(ret), rep.write_failures);
		return ret ? ret : ITS_ERR_FAULT;
	}
	out->propbaser = u.img.propbaser;
	for (unsigned v = 0; v < g->nr_vcpus; v++) {
		out->pendbaser[v] = u.img.vcpu[v].pendbaser;
		out->lpis_enabled[v] = u.img.vcpu[v].lpis_enabled;
	}
	out->dropped = rep.dropped_devices + rep.dropped_ites;
	return 0;
}

int vgic_its_restore(struct vgic *g, const struct vgic_its_image *in, unsigned worker, char *err,
		     size_t err_size)
{
	union {
		struct its_vm_image img;
		uint8_t bytes[sizeof(struct its_vm_image) +
			      VGIC_MAX_VCPUS * sizeof(struct its_vm_image_vcpu)];
	} u;
	struct its_restore_report rep;
	int ret;

	memset(&u, 0, sizeof(u));
	u.img.version = ITS_VM_IMAGE_VERSION;
	u.img.vcpu_count = g->nr_vcpus;
	u.img.propbaser = in->propbaser;
	for (unsigned v = 0; v < g->nr_vcpus; v++) {
		u.img.vcpu[v].pendbaser = in->pendbaser[v];
		u.img.vcpu[v].lpis_enabled = in->lpis_enabled[v];
	}
	memset(&rep, 0, sizeof(rep));
	spin_lock(&g->lock);
	if (!g->lpis) {
		spin_unlock(&g->lock);
		snprintf(err, err_size, "the new VM has no ITS");
		return ITS_ERR_INVAL;
	}
	/* The LPIs first (their tables), then the ITS (docs/its-abi.md). */
	ret = its_vm_restore(&g->lpis->vm, &u.img);
	if (ret) {
		spin_unlock(&g->lock);
		snprintf(err, err_size, "LPI registers and pending tables: %s", its_strerror(ret));
		return ret;
	}
	ret = its_restore(&g->lpis->its, &in->regs, &rep);
	/* Commands the saved ITS had not reached yet (a bounded slice left
	 * them): the worker's first flush carries on with them, as after a
	 * CWRITER write. */
	if (!ret) {
		g->lpis->its_more = vgic_its_busy(&g->lpis->its);
		if (g->lpis->its_more) {
			g->lpis->its_worker = (uint8_t)worker;
			vgic_touch(g, worker);
		}
	}
	spin_unlock(&g->lock);
	if (ret) {
		snprintf(err, err_size, "ITS tables: %s (%s, id %u, event %u, IPA 0x%llx)",
			 its_strerror(ret), rep.reason ? rep.reason : "-", rep.id, rep.event,
			 (unsigned long long)ipa_addr(rep.ipa));
		return ret;
	}
	return 0;
}
