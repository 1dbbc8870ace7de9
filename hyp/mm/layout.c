/* The runtime VA layout and the boot-time collision check (seed 03).
 * layout_check() runs with the MMU off: compiled like pgtable.c. */
#include <mm/layout.h>

static const struct {
	vaddr_t start;
	uint64_t size;
} runtime_regions[VA_REGION_COUNT] = {
	[VA_REGION_LINEAR] = { LINEAR_VA_BASE, LINEAR_VA_SIZE },
	[VA_REGION_MMIO] = { MMIO_VA_BASE, MMIO_VA_SIZE },
	[VA_REGION_IMAGE] = { IMAGE_VA_BASE, IMAGE_VA_SIZE },
	[VA_REGION_TRAMPOLINE] = { TRAMPOLINE_VA, TRAMPOLINE_SIZE },
};

int layout_check(paddr_t idmap_pa, uint64_t idmap_size,
		 enum va_region_id *hit)
{
	*hit = VA_REGION_NONE;
	if (idmap_size == 0 || idmap_pa + idmap_size < idmap_pa ||
	    idmap_pa + idmap_size > (1ULL << VA_BITS))
		return -ERANGE;
	for (unsigned i = 0; i < VA_REGION_COUNT; i++) {
		uint64_t s = runtime_regions[i].start;
		uint64_t n = runtime_regions[i].size;

		if (idmap_pa < s + n && s < idmap_pa + idmap_size) {
			*hit = (enum va_region_id)i;
			return -ERANGE;
		}
	}
	return 0;
}
