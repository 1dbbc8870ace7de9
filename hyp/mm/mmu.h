/* The live EL2 tables after boot: device windows and the linear map. */
#ifndef ARMHV_MMU_H
#define ARMHV_MMU_H

#include <mm/pgtable.h>
#include <mm/layout.h>

/* Maps a device's registers in the runtime table (and, with both, in the
 * boot table too, at the same VA) and returns the VA, or 0. */
vaddr_t mmio_map(paddr_t pa, uint64_t size, bool both_tables);
int mmu_map_linear(paddr_t pa, uint64_t size);

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(LINEAR_VA_BASE + pa);
}

#endif
