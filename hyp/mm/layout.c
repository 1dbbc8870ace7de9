/* The runtime VA layout and the boot-time collision check (seed 03).
 * layout_check() runs with the MMU off: compiled like pgtable.c. */
#include <mm/layout.h>

/* With the MMU off only start and size are read: name is a link-time
 * VA, for the runtime. */
static const struct {
	vaddr_t start;
	uint64_t size;
	const char *name;
} runtime_regions[VA_REGION_COUNT] = {
	[VA_REGION_LINEAR] = { { LINEAR_VA_BASE }, LINEAR_VA_SIZE, "linear map" },
	[VA_REGION_MMIO] = { { MMIO_VA_BASE }, MMIO_VA_SIZE, "device windows" },
	[VA_REGION_IMAGE] = { { IMAGE_VA_BASE }, IMAGE_VA_SIZE, "image" },
	[VA_REGION_TRAMPOLINE] = { { TRAMPOLINE_VA }, TRAMPOLINE_SIZE, "trampoline" },
};

int layout_check(paddr_t idmap_pa, uint64_t idmap_size,
		 enum va_region_id *hit)
{
	vaddr_t start = idmap_va(idmap_pa), end = va_add(start, idmap_size);

	*hit = VA_REGION_NONE;
	if (idmap_size == 0 || va_lt(end, start) || va_addr(end) > (1ULL << VA_BITS))
		return -ERANGE;
	for (unsigned i = 0; i < VA_REGION_COUNT; i++) {
		vaddr_t s = runtime_regions[i].start;
		vaddr_t e = va_add(s, runtime_regions[i].size);

		if (va_lt(start, e) && va_lt(s, end)) {
			*hit = (enum va_region_id)i;
			return -ERANGE;
		}
	}
	return 0;
}

const char *va_region_name(enum va_region_id id)
{
	return id < VA_REGION_COUNT ? runtime_regions[id].name : "outside the VA space";
}

void va_region_range(enum va_region_id id, vaddr_t *start, uint64_t *size)
{
	*start = id < VA_REGION_COUNT ? runtime_regions[id].start : va_init(0);
	*size = id < VA_REGION_COUNT ? runtime_regions[id].size : 0;
}
