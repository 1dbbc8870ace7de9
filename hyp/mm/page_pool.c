/* Pages from a fixed pool (mm/page_pool.h): a bitmap, first fit. */
#include <mm/page_pool.h>

static bool in_use(const struct page_pool *p, unsigned i)
{
	return p->map[i / 64] & (1ULL << (i % 64));
}

static void mark(struct page_pool *p, unsigned first, unsigned count, bool use)
{
	for (unsigned i = first; i < first + count; i++) {
		if (use)
			p->map[i / 64] |= 1ULL << (i % 64);
		else
			p->map[i / 64] &= ~(1ULL << (i % 64));
	}
}

void page_pool_init(struct page_pool *p, uintptr_t base, unsigned pages)
{
	*p = (struct page_pool){ .base = base,
				 .pages = MIN(pages, (unsigned)PAGE_POOL_MAX_PAGES) };
}

void *page_pool_alloc(struct page_pool *p, unsigned count)
{
	unsigned run = 0;

	if (!count || count > p->pages - p->used)
		return NULL;
	for (unsigned i = 0; i < p->pages; i++) {
		run = in_use(p, i) ? 0 : run + 1;
		if (run == count) {
			unsigned first = i + 1 - count;

			mark(p, first, count, true);
			p->used += count;
			return (void *)(p->base + (uintptr_t)first * PAGE_SIZE);
		}
	}
	return NULL;
}

int page_pool_free(struct page_pool *p, void *ptr, unsigned count)
{
	uintptr_t a = (uintptr_t)ptr;
	unsigned first;

	if (a < p->base || !IS_ALIGNED(a - p->base, PAGE_SIZE) || !count)
		return -EINVAL;
	first = (unsigned)((a - p->base) / PAGE_SIZE);
	if (first >= p->pages || count > p->pages - first)
		return -EINVAL;
	for (unsigned i = first; i < first + count; i++)
		if (!in_use(p, i))
			return -EINVAL;
	mark(p, first, count, false);
	p->used -= count;
	return 0;
}
