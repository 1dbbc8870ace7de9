/* A fixed pool of pages handed out in runs of whole pages, first fit
 * (mm/page_pool.c). For a guest-driven allocator that must stay within
 * a budget and must not fragment the system allocator's free list: the
 * pool's pages come from the page allocator once, in one block, and go
 * back in one block. Pure logic, no locking (callers lock), host-tested. */
#ifndef ARMHV_PAGE_POOL_H
#define ARMHV_PAGE_POOL_H

#include <arch/types.h>

#define PAGE_POOL_MAX_PAGES	512

struct page_pool {
	uintptr_t base;		/* address of the first page */
	unsigned pages;		/* at most PAGE_POOL_MAX_PAGES */
	unsigned used;		/* pages handed out */
	uint64_t map[PAGE_POOL_MAX_PAGES / 64];	/* a bit per page in use */
};

/* A pool of the pages pages at base (page aligned). */
void page_pool_init(struct page_pool *p, uintptr_t base, unsigned pages);
/* count pages, contiguous, or NULL. */
void *page_pool_alloc(struct page_pool *p, unsigned count);
/* Gives back count pages from ptr, as page_pool_alloc handed them out;
 * -EINVAL (and nothing changes) for pages outside the pool or not in
 * use. */
int page_pool_free(struct page_pool *p, void *ptr, unsigned count);

#endif
