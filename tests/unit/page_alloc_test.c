/* Host tests for the free-range page allocator, including a randomised
 * alloc/free run checked against a shadow bitmap, and its three counters
 * (total, free, used), each kept on its own and checked to add up. */
#include <mm/page_alloc.h>
#include "check.h"
#include <string.h>

/* Page n as an address, and n pages as a size. */
#define P(n) pa_init((uint64_t)(n) * PAGE_SIZE)
#define N(n) ((uint64_t)(n) * PAGE_SIZE)
#define CHECK_PA(a, b) CHECK_EQ(pa_addr(a), pa_addr(b))

/* The counters are what was expected, and used + free == total. */
#define CHECK_COUNTS(a, total, free_, used) do {			\
	CHECK_EQ((a)->total_pages, total);				\
	CHECK_EQ((a)->free_pages, free_);				\
	CHECK_EQ((a)->used_pages, used);				\
	CHECK_EQ((a)->used_pages + (a)->free_pages, (a)->total_pages);	\
} while (0)

static void test_basic(void)
{
	struct page_alloc a;

	page_alloc_init(&a);
	CHECK_COUNTS(&a, 0, 0, 0);
	CHECK_EQ(page_alloc_add_ram(&a, P(16), N(16)), 0);
	CHECK_COUNTS(&a, 16, 16, 0);
	CHECK_EQ(page_alloc_add_ram(&a, P(20), N(1)), -EEXIST);	/* already free */
	CHECK_COUNTS(&a, 16, 16, 0);
	/* Partial pages at the edges of added RAM are dropped. */
	CHECK_EQ(page_alloc_add_ram(&a, pa_add(P(100), 1), N(2)), 0);
	CHECK_COUNTS(&a, 17, 17, 0);
	CHECK_EQ(page_alloc_reserve(&a, P(18), 1), 0);		/* one page */
	CHECK_COUNTS(&a, 16, 16, 0);
	CHECK_EQ(a.count, 3);
	CHECK_PA(page_alloc_take(&a, 2, 1), P(16));
	CHECK_COUNTS(&a, 16, 14, 2);
	CHECK_PA(page_alloc_take(&a, 1, 1), P(19));
	CHECK_PA(page_alloc_take(&a, 4, 4), P(20));
	CHECK_COUNTS(&a, 16, 16 - 7, 7);
	/* Failed allocations change no counter. */
	CHECK_PA(page_alloc_take(&a, 100, 1), pa_init(0));		/* nothing that big */
	CHECK_PA(page_alloc_take(&a, 0, 1), pa_init(0));
	CHECK_PA(page_alloc_take(&a, 1, 3), pa_init(0));		/* not a power of two */
	CHECK_COUNTS(&a, 16, 9, 7);
	CHECK_EQ(page_alloc_give_back(&a, P(16), 2), 0);
	CHECK_COUNTS(&a, 16, 11, 5);
	/* Failed frees change no counter either. */
	CHECK_EQ(page_alloc_give_back(&a, P(16), 1), -EEXIST);	/* double free */
	CHECK_EQ(page_alloc_give_back(&a, pa_add(P(16), 1), 1), -EINVAL);
	CHECK_EQ(page_alloc_give_back(&a, P(19), 0), -EINVAL);
	CHECK_EQ(page_alloc_give_back(&a, P(19), 6), -EINVAL);	/* more than is in use */
	CHECK_COUNTS(&a, 16, 11, 5);
	CHECK_EQ(page_alloc_give_back(&a, P(19), 1), 0);
	CHECK_EQ(page_alloc_give_back(&a, P(20), 4), 0);
	CHECK_COUNTS(&a, 16, 16, 0);
	CHECK_EQ(page_alloc_give_back(&a, P(40), 1), -EINVAL);	/* nothing in use */
	/* Reserving takes free pages out of the total; pages in use stay
	 * counted as used. */
	CHECK_PA(page_alloc_take(&a, 1, 1), P(16));
	CHECK_EQ(page_alloc_reserve(&a, P(17), N(1)), 0);
	CHECK_COUNTS(&a, 15, 14, 1);
	CHECK_EQ(page_alloc_give_back(&a, P(16), 1), 0);
	CHECK_COUNTS(&a, 15, 15, 0);
	/* Reserving across several ranges and holes. */
	CHECK_EQ(page_alloc_reserve(&a, P(10), N(200)), 0);
	CHECK_COUNTS(&a, 0, 0, 0);
	CHECK_EQ(a.count, 0);
	CHECK_EQ(page_alloc_reserve(&a, pa_init(~0ULL - 5), 10), -EINVAL);
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
	uint64_t in_use = 0;
	struct page_alloc a;

	page_alloc_init(&a);
	CHECK_EQ(page_alloc_add_ram(&a, pa_init(0), N(PAGES)), 0);
	memset(used, 0, sizeof(used));
	for (int step = 0; step < 20000; step++) {
		if (live_count < 256 && (rnd() & 1)) {
			uint64_t n = 1 + rnd() % 8, align = 1u << (rnd() % 3);
			paddr_t pa = page_alloc_take(&a, n, align);
			uint64_t page = pa_addr(pa) / PAGE_SIZE;

			if (!pa_addr(pa) && a.free_pages == PAGES - 1)
				CHECK(0);
			if (!pa_addr(pa))
				continue;
			CHECK(pa_is_aligned(pa, align * PAGE_SIZE));
			for (uint64_t i = 0; i < n; i++) {
				CHECK(!used[page + i]);
				used[page + i] = 1;
			}
			live[live_count].pa = pa;
			live[live_count++].n = n;
			in_use += n;
		} else if (live_count) {
			unsigned k = rnd() % live_count;

			CHECK_EQ(page_alloc_give_back(&a, live[k].pa, live[k].n), 0);
			for (uint64_t i = 0; i < live[k].n; i++)
				used[pa_addr(live[k].pa) / PAGE_SIZE + i] = 0;
			in_use -= live[k].n;
			live[k] = live[--live_count];
		}
		CHECK_COUNTS(&a, PAGES - 1, PAGES - 1 - in_use, in_use);
	}
	while (live_count) {
		live_count--;
		CHECK_EQ(page_alloc_give_back(&a, live[live_count].pa, live[live_count].n), 0);
	}
	/* Everything merged back into one range; page 0 is never handed
	 * out, since 0 is page_alloc_take's "none". */
	CHECK_COUNTS(&a, PAGES - 1, PAGES - 1, 0);
	CHECK_EQ(a.count, 1);
}

int main(void)
{
	test_basic();
	test_random();
	return check_summary("page_alloc");
}
