/* Free-range page allocator (see mm/page_alloc.h). */
#include <mm/page_alloc.h>

void page_alloc_init(struct page_alloc *a)
{
	a->count = 0;
	a->total_pages = 0;
	a->free_pages = 0;
	a->used_pages = 0;
}

static int insert_at(struct page_alloc *a, unsigned i, paddr_t s, paddr_t e)
{
	if (a->count == PAGE_ALLOC_MAX_RANGES)
		return -ENOMEM;
	for (unsigned j = a->count; j > i; j--)
		a->free[j] = a->free[j - 1];
	a->free[i].start = s;
	a->free[i].end = e;
	a->count++;
	return 0;
}

static void remove_at(struct page_alloc *a, unsigned i)
{
	for (unsigned j = i; j + 1 < a->count; j++)
		a->free[j] = a->free[j + 1];
	a->count--;
}

/* Inserts [s, e) into the free list, merging with neighbours. Fails with
 * -EEXIST if any page of it is already free. */
static int add_free(struct page_alloc *a, paddr_t s, paddr_t e)
{
	unsigned i = 0;

	while (i < a->count && pa_le(a->free[i].end, s))
		i++;
	if (i < a->count && pa_lt(a->free[i].start, e))
		return -EEXIST;
	if (i > 0 && pa_eq(a->free[i - 1].end, s)) {
		a->free[i - 1].end = e;
		if (i < a->count && pa_eq(a->free[i].start, e)) {
			a->free[i - 1].end = a->free[i].end;
			remove_at(a, i);
		}
		return 0;
	}
	if (i < a->count && pa_eq(a->free[i].start, e)) {
		a->free[i].start = s;
		return 0;
	}
	return insert_at(a, i, s, e);
}

int page_alloc_add_ram(struct page_alloc *a, paddr_t base, uint64_t size)
{
	paddr_t s = pa_align_up(base, PAGE_SIZE), e = pa_align_down(pa_add(base, size), PAGE_SIZE);
	int ret;

	if (pa_lt(pa_add(base, size), base))
		return -EINVAL;
	if (!pa_addr(s))
		s = pa_init(PAGE_SIZE);	/* 0 means "no page" to page_alloc_take's callers */
	if (pa_le(e, s))
		return 0;
	ret = add_free(a, s, e);
	if (ret)
		return ret;
	a->total_pages += pa_diff(e, s) / PAGE_SIZE;
	a->free_pages += pa_diff(e, s) / PAGE_SIZE;
	return 0;
}

int page_alloc_reserve(struct page_alloc *a, paddr_t base, uint64_t size)
{
	paddr_t s = pa_align_down(base, PAGE_SIZE), e;

	if (pa_lt(pa_add(base, size), base))
		return -EINVAL;
	e = pa_align_up(pa_add(base, size), PAGE_SIZE);
	for (unsigned i = 0; i < a->count && pa_lt(s, e); i++) {
		struct page_range *r = &a->free[i];
		paddr_t cs = pa_lt(r->start, s) ? s : r->start;
		paddr_t ce = pa_lt(r->end, e) ? r->end : e;
		uint64_t pages;

		if (pa_le(ce, cs))
			continue;
		pages = pa_diff(ce, cs) / PAGE_SIZE;
		if (pa_lt(r->start, cs) && pa_lt(ce, r->end)) {
			paddr_t old_end = r->end;

			if (a->count == PAGE_ALLOC_MAX_RANGES)
				return -ENOMEM;
			r->end = cs;
			insert_at(a, i + 1, ce, old_end);
		} else if (pa_lt(r->start, cs)) {
			r->end = cs;
		} else if (pa_lt(ce, r->end)) {
			r->start = ce;
		} else {
			remove_at(a, i);
			i--;
		}
		a->total_pages -= pages;
		a->free_pages -= pages;
	}
	return 0;
}

paddr_t page_alloc_take(struct page_alloc *a, uint64_t pages, uint64_t align_pages)
{
	uint64_t size = pages * PAGE_SIZE, align = align_pages * PAGE_SIZE;

	if (pages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)) ||
	    pages > (UINT64_MAX / PAGE_SIZE) || align_pages > (UINT64_MAX / PAGE_SIZE))
		return pa_init(0);
	for (unsigned i = 0; i < a->count; i++) {
		struct page_range *r = &a->free[i];
		paddr_t s = pa_align_up(r->start, align);

		if (pa_lt(s, r->start) || pa_le(r->end, s) || pa_diff(r->end, s) < size)
			continue;
		if (pa_eq(s, r->start)) {
			r->start = pa_add(r->start, size);
			if (pa_eq(r->start, r->end))
				remove_at(a, i);
		} else if (pa_eq(pa_add(s, size), r->end)) {
			r->end = s;
		} else {
			if (a->count == PAGE_ALLOC_MAX_RANGES)
				continue;
			insert_at(a, i + 1, pa_add(s, size), r->end);
			a->free[i].end = s;
		}
		a->free_pages -= pages;
		a->used_pages += pages;
		return s;
	}
	return pa_init(0);
}

int page_alloc_give_back(struct page_alloc *a, paddr_t pa, uint64_t pages)
{
	int ret;

	if (!pa_is_aligned(pa, PAGE_SIZE) || pages == 0 || pages > a->used_pages ||
	    pa_lt(pa_add(pa, pages * PAGE_SIZE), pa))
		return -EINVAL;
	ret = add_free(a, pa, pa_add(pa, pages * PAGE_SIZE));
	if (ret)
		return ret;
	a->free_pages += pages;
	a->used_pages -= pages;
	return 0;
}
