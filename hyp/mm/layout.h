/* The EL2 virtual address layout (48-bit VA, one TTBR0_EL2).
 *
 * The lower half of the VA space is reserved for the boot table's identity
 * map: physical addresses are used as VAs there. Everything the runtime
 * table maps lives in the upper half, so an identity mapping can only
 * collide with it on a machine with RAM at or above 2^47; layout_check()
 * proves at boot that it does not.
 */
#ifndef ARMHV_LAYOUT_H
#define ARMHV_LAYOUT_H

#include <arch/types.h>

#define VA_BITS			48
#define IDMAP_VA_LIMIT		UL(0x0000800000000000)	/* identity map below */

#define LINEAR_VA_BASE		UL(0x0000800000000000)	/* RAM: VA = base + PA */
#define LINEAR_VA_SIZE		UL(0x0000400000000000)	/* PAs below 2^46 */
#define MMIO_VA_BASE		UL(0x0000c00000000000)	/* device windows */
#define MMIO_VA_SIZE		UL(0x0000000040000000)
#define IMAGE_VA_BASE		UL(0x0000e00000000000)	/* armhv is linked here */
#define IMAGE_VA_SIZE		UL(0x0000000004000000)
#define TRAMPOLINE_VA		UL(0x0000fffffffe0000)	/* same VA in both tables */
#define TRAMPOLINE_SIZE		UL(0x0000000000020000)

#ifndef __ASSEMBLY__
enum va_region_id {
	VA_REGION_LINEAR,
	VA_REGION_MMIO,
	VA_REGION_IMAGE,
	VA_REGION_TRAMPOLINE,
	VA_REGION_COUNT,
	VA_REGION_NONE = VA_REGION_COUNT,	/* outside the VA space */
};

/* The identity map (boot table only): a physical address is its own VA. */
static inline vaddr_t idmap_va(paddr_t pa)
{
	return va_init(pa_addr(pa));
}

/* Checks that an identity mapping of [idmap_pa, idmap_pa + size) fits in
 * the VA space and cannot collide with any runtime region. Returns 0, or
 * -ERANGE with the region it would hit in *hit. Runs with the MMU off, so
 * it holds no pointers. */
int layout_check(paddr_t idmap_pa, uint64_t idmap_size,
		 enum va_region_id *hit);

/* A runtime region, to say which one was hit: its name ("linear map",
 * ...), and its VA range (start and size 0 for VA_REGION_NONE, which is
 * "outside the VA space"). Not for the MMU-off code. */
const char *va_region_name(enum va_region_id id);
void va_region_range(enum va_region_id id, vaddr_t *start, uint64_t *size);
#endif

#endif
