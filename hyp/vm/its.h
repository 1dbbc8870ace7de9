/* A VM's ITS and LPIs (vm/its.c): the environment the ITS model runs in
 * (guest RAM, a memory pool, the vGIC, the log) and their life cycle
 * with the VM. The ITS and the LPI state themselves are the vGIC's
 * (vgic/lpi.h); its frame is on the MMIO bus with the GIC's others
 * (vdev/gicv3.c). */
#ifndef ARMHV_VM_ITS_H
#define ARMHV_VM_ITS_H

#include <arch/types.h>
#include <mm/page_pool.h>

/* What the guest can make armhv hold for its ITS (docs/vm.md). */
#define VM_ITS_POOL_PAGES	128	/* 512 KiB for the model's own tables */
#define VM_ITS_MAX_DEVICES	1024
#define VM_ITS_MAX_ITES		8192
#define VM_ITS_MAX_ITT_ENTRIES	(1u << 18)
#define VM_ITS_CMD_BUDGET	128	/* work units per slice (vgic/lpi_its.c) */

struct vm;

struct vm_its {
	struct page_pool pool;	/* the model's memory, in whole pages */
	paddr_t pool_pa;
	paddr_t lpi_pa;		/* the vGIC's LPI state */
	uint64_t lpi_pages;
};

/* After vgic_init: gives the VM's vGIC LPIs and an ITS. Returns 0, or
 * -ENOMEM with a reason in err. */
int vm_its_create(struct vm *vm, char *err, size_t err_size);
/* Its vCPUs stopped: gives it all back. */
void vm_its_destroy(struct vm *vm);
/* Its vCPUs stopped, before it starts again: pristine ITS and LPIs. */
int vm_its_reset(struct vm *vm);

#endif
