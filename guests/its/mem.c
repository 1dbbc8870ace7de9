/* Memory the ITS and the redistributors use: a bump allocator over .bss. */
#include "its.h"

/* Pending tables (64 KiB aligned, one per CPU), up to 64 KiB pages for the
 * ITS tables, the 192 KiB ITT of the MAPI device: 2 MiB is plenty. */
static uint8_t pool[2 << 20] __attribute__((aligned(65536)));
static size_t used;

void *mem_alloc(size_t size, size_t align)
{
	size_t at = ALIGN_UP(used, align);

	CHECK_MSG(at + size <= sizeof(pool) && at + size > at, "out of table memory: %zu bytes at %zu of %zu",
		  size, at, sizeof(pool));
	used = at + size;
	memset(pool + at, 0, size);
	return pool + at;
}

void dcache_clean(const void *p, size_t size)
{
	/* CTR_EL0.DminLine: log2 of the smallest data cache line in words. */
	size_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t a = (uintptr_t)p & ~(line - 1), end = (uintptr_t)p + size;

	dsb(ish);
	for (; a < end; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);
}
