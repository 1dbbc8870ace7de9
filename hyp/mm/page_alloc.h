/* Physical page allocator: a sorted list of free ranges. Pure logic, no
 * locking (callers lock), host-tested. */
#ifndef ARMHV_PAGE_ALLOC_H
#define ARMHV_PAGE_ALLOC_H

#include <arch/types.h>

#define PAGE_ALLOC_MAX_RANGES	64

struct page_range {
	paddr_t start, end;		/* [start, end), page aligned */
};

/* Three counters, each kept by its own operations: total (RAM added less
 * reserved), free (pages in the free list) and used (pages handed out by
 * page_alloc_take and not yet freed). They must add up (used + free == total);
 * `mem` on the console checks it, so that a slip in the bookkeeping shows
 * rather than being computed away. */
struct page_alloc {
	struct page_range free[PAGE_ALLOC_MAX_RANGES];
	unsigned count;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t used_pages;
};

struct page_alloc_stats {
	uint64_t total_pages, free_pages, used_pages;
	unsigned free_ranges;
};

void page_alloc_init(struct page_alloc *a);
/* Adds RAM (shrunk inward to whole pages). */
int page_alloc_add_ram(struct page_alloc *a, paddr_t base, uint64_t size);
/* Takes a range out of the free list (grown outward to whole pages);
 * reserved memory does not count in the totals. */
int page_alloc_reserve(struct page_alloc *a, paddr_t base, uint64_t size);
/* First fit; align_pages is a power of two. Returns PA 0 when none fits
 * (page 0 is never handed out). */
paddr_t page_alloc_take(struct page_alloc *a, uint64_t pages, uint64_t align_pages);
/* Fails with -EINVAL (and changes nothing) for a misaligned or empty
 * range or more pages than are in use, -EEXIST if a page of it is free. */
int page_alloc_give_back(struct page_alloc *a, paddr_t pa, uint64_t pages);

/* The system allocator (mm/memory.c). */
void page_alloc_stats(struct page_alloc_stats *s);
paddr_t alloc_pages_aligned(uint64_t pages, uint64_t align_pages);
void free_pages(paddr_t pa, uint64_t pages);

#endif
