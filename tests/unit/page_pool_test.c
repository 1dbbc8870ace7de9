/* Host tests for the page pool (hyp/mm/page_pool.c): first fit in whole
 * pages, the budget, runs that need contiguous free pages, and frees that
 * do not match an allocation refused without a change. */
#include "check.h"
#include <mm/page_pool.h>
#include <stdlib.h>

#define BASE	0x100000u

static void *at(unsigned page)
{
	return (void *)(uintptr_t)(BASE + page * PAGE_SIZE);
}

static void first_fit(void)
{
	struct page_pool p;

	page_pool_init(&p, BASE, 8);
	CHECK(page_pool_alloc(&p, 0) == NULL);
	CHECK(page_pool_alloc(&p, 9) == NULL);
	CHECK(page_pool_alloc(&p, 2) == at(0));
	CHECK(page_pool_alloc(&p, 1) == at(2));
	CHECK(page_pool_alloc(&p, 3) == at(3));
	CHECK_EQ(p.used, 6);
	CHECK_EQ(page_pool_free(&p, at(0), 2), 0);
	/* Three pages: the hole at 0-1 is too small, 6-7 too. */
	CHECK(page_pool_alloc(&p, 3) == NULL);
	CHECK(page_pool_alloc(&p, 2) == at(0));
	CHECK(page_pool_alloc(&p, 2) == at(6));
	CHECK(page_pool_alloc(&p, 1) == NULL);
	CHECK_EQ(p.used, 8);
	CHECK_EQ(page_pool_free(&p, at(2), 1), 0);
	CHECK_EQ(page_pool_free(&p, at(3), 3), 0);
	CHECK(page_pool_alloc(&p, 4) == at(2));
}

static void bad_frees(void)
{
	struct page_pool p;

	page_pool_init(&p, BASE, 4);
	CHECK(page_pool_alloc(&p, 2) == at(0));
	CHECK_EQ(page_pool_free(&p, at(2), 1), -EINVAL);	/* not in use */
	CHECK_EQ(page_pool_free(&p, at(1), 2), -EINVAL);	/* half of it */
	CHECK_EQ(page_pool_free(&p, at(4), 1), -EINVAL);	/* past the end */
	CHECK_EQ(page_pool_free(&p, (void *)(uintptr_t)(BASE - PAGE_SIZE), 1), -EINVAL);
	CHECK_EQ(page_pool_free(&p, (void *)(uintptr_t)(BASE + 8), 1), -EINVAL);
	CHECK_EQ(page_pool_free(&p, at(0), 0), -EINVAL);
	CHECK_EQ(p.used, 2);
	CHECK_EQ(page_pool_free(&p, at(0), 2), 0);
	CHECK_EQ(page_pool_free(&p, at(0), 2), -EINVAL);	/* twice */
	CHECK_EQ(p.used, 0);
}

/* Random allocations and frees against a shadow: no page handed out
 * twice, used counts right, everything back at the end. */
static void random_run(void)
{
	struct page_pool p;
	struct { unsigned first, count; } live[64];
	unsigned nlive = 0;
	int owner[PAGE_POOL_MAX_PAGES];

	srand(1);
	page_pool_init(&p, BASE, PAGE_POOL_MAX_PAGES);
	for (unsigned i = 0; i < PAGE_POOL_MAX_PAGES; i++)
		owner[i] = -1;
	for (int step = 0; step < 20000; step++) {
		if (nlive < 64 && (rand() & 1)) {
			unsigned count = 1 + (unsigned)rand() % 40;
			void *ptr = page_pool_alloc(&p, count);

			if (!ptr)
				continue;
			unsigned first = (unsigned)(((uintptr_t)ptr - BASE) / PAGE_SIZE);

			for (unsigned i = first; i < first + count; i++) {
				CHECK_EQ(owner[i], -1);
				owner[i] = (int)nlive;
			}
			live[nlive].first = first;
			live[nlive++].count = count;
		} else if (nlive) {
			unsigned k = (unsigned)rand() % nlive;

			CHECK_EQ(page_pool_free(&p, at(live[k].first), live[k].count), 0);
			for (unsigned i = live[k].first; i < live[k].first + live[k].count; i++)
				owner[i] = -1;
			live[k] = live[--nlive];
			for (unsigned i = 0; i < PAGE_POOL_MAX_PAGES; i++)
				if (owner[i] == (int)nlive)
					owner[i] = (int)k;
		}
	}
	while (nlive) {
		nlive--;
		CHECK_EQ(page_pool_free(&p, at(live[nlive].first), live[nlive].count), 0);
	}
	CHECK_EQ(p.used, 0);
	CHECK(page_pool_alloc(&p, PAGE_POOL_MAX_PAGES) == at(0));
}

int main(void)
{
	RUN(first_fit);
	RUN(bad_frees);
	RUN(random_run);
	return check_summary("page_pool");
}
