/* Host tests for the free-range page allocator, including a randomised
 * alloc/free run checked against a shadow bitmap. */
#include <mm/page_alloc.h>
#include "check.h"
#include <string.h>

#define P(n) ((paddr_t)(n) * PAGE_SIZE)

static void test_basic(void)
{
	struct page_alloc a;

	pa_init(&a);
	CHECK_EQ(pa_add(&a, P(16), P(16)), 0);
	CHECK_EQ(a.total_pages, 16);
	CHECK_EQ(pa_add(&a, P(20), P(1)), -EEXIST);	/* already free */
	/* Partial pages at the edges of added RAM are dropped. */
	CHECK_EQ(pa_add(&a, P(100) + 1, P(2)), 0);
	CHECK_EQ(a.total_pages, 17);
	CHECK_EQ(pa_reserve(&a, P(18), 1), 0);		/* one page */
	CHECK_EQ(a.total_pages, 16);
	CHECK_EQ(a.count, 3);
	CHECK_EQ(pa_alloc(&a, 2, 1), P(16));
	CHECK_EQ(pa_alloc(&a, 1, 1), P(19));
	CHECK_EQ(pa_alloc(&a, 4, 4), P(20));
	CHECK_EQ(a.free_pages, 16 - 7);
	CHECK_EQ(pa_alloc(&a, 100, 1), 0);		/* nothing that big */
	CHECK_EQ(pa_alloc(&a, 0, 1), 0);
	CHECK_EQ(pa_alloc(&a, 1, 3), 0);		/* not a power of two */
	CHECK_EQ(pa_free(&a, P(16), 2), 0);
	CHECK_EQ(pa_free(&a, P(16), 1), -EEXIST);	/* double free */
	CHECK_EQ(pa_free(&a, P(16) + 1, 1), -EINVAL);
	CHECK_EQ(pa_free(&a, P(19), 1), 0);
	CHECK_EQ(pa_free(&a, P(20), 4), 0);
	CHECK_EQ(a.free_pages, a.total_pages);
	/* Reserving across several ranges and holes. */
	CHECK_EQ(pa_reserve(&a, P(10), P(200)), 0);
	CHECK_EQ(a.total_pages, 0);
	CHECK_EQ(a.count, 0);
	CHECK_EQ(pa_reserve(&a, ~0ULL - 5, 10), -EINVAL);
}

static unsigned rnd_state = 12345;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

static void test_random(void)
{
	enum { PAGES = 512 };
	static unsigned char used[PAGES];
	struct { paddr_t pa; uint64_t n; } live[256];
	unsigned live_count = 0;
	struct page_alloc a;

	pa_init(&a);
	CHECK_EQ(pa_add(&a, 0, P(PAGES)), 0);
	memset(used, 0, sizeof(used));
	for (int step = 0; step < 20000; step++) {
		if (live_count < 256 && (rnd() & 1)) {
			uint64_t n = 1 + rnd() % 8, align = 1u << (rnd() % 3);
			paddr_t pa = pa_alloc(&a, n, align);

			if (!pa && a.free_pages == PAGES - 1)
				CHECK(0);
			if (!pa)
				continue;
			CHECK(pa % (align * PAGE_SIZE) == 0);
			for (uint64_t i = 0; i < n; i++) {
				CHECK(!used[pa / PAGE_SIZE + i]);
				used[pa / PAGE_SIZE + i] = 1;
			}
			live[live_count].pa = pa;
			live[live_count++].n = n;
		} else if (live_count) {
			unsigned k = rnd() % live_count;

			CHECK_EQ(pa_free(&a, live[k].pa, live[k].n), 0);
			for (uint64_t i = 0; i < live[k].n; i++)
				used[live[k].pa / PAGE_SIZE + i] = 0;
			live[k] = live[--live_count];
		}
	}
	while (live_count) {
		live_count--;
		CHECK_EQ(pa_free(&a, live[live_count].pa, live[live_count].n), 0);
	}
	/* Everything merged back into one range; page 0 is never handed
	 * out, since 0 is pa_alloc's "none". */
	CHECK_EQ(a.total_pages, PAGES - 1);
	CHECK_EQ(a.free_pages, PAGES - 1);
	CHECK_EQ(a.count, 1);
}

int main(void)
{
	test_basic();
	test_random();
	return check_summary("page_alloc");
}
