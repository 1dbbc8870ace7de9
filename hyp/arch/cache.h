/* Data-cache maintenance by VA, for data that a CPU or a next image reads
 * with its MMU (and so its data cache) off. */
#ifndef ARMHV_CACHE_H
#define ARMHV_CACHE_H

#include <arch/sysreg.h>

static inline uint64_t dcache_line_size(void)
{
	return 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);	/* DminLine */
}

/* Clean and invalidate [va, va + size) to the point of coherency: memory
 * then holds the data and no cache line can later overwrite it. */
static inline void dcache_clean_inval_poc(const void *va, size_t size)
{
	uint64_t line = dcache_line_size();
	uintptr_t a = (uintptr_t)va & ~(line - 1);

	for (; a < (uintptr_t)va + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(sy);	/* done before anyone reads with caches off */
}

#endif
