/* Host tests for the EL2 page-table builder and the layout check. */
#include <mm/pgtable.h>
#include <mm/layout.h>
#include "check.h"
#include <string.h>

/* A fake physical memory: table pages come from an aligned arena whose
 * "physical" addresses start at ARENA_PA. */
#define ARENA_PAGES	256
#define ARENA_PA	0x80000000ULL
static unsigned char *arena;
static unsigned arena_used;

static paddr_t fake_alloc(void *ctx)
{
	(void)ctx;
	if (arena_used == ARENA_PAGES)
		return 0;
	return ARENA_PA + (paddr_t)(arena_used++) * PAGE_SIZE;
}

static void fresh(struct pgtable *pt)
{
	arena_used = 0;
	memset(arena, 0xa5, ARENA_PAGES * PAGE_SIZE);	/* pt_init must zero */
	pt->va_of_pa = (int64_t)((uintptr_t)arena - ARENA_PA);
	pt->alloc_page = fake_alloc;
	pt->alloc_ctx = NULL;
	CHECK_EQ(pt_init(pt), 0);
}

static void expect(const struct pgtable *pt, vaddr_t va, paddr_t pa,
		   enum pt_attr attr, unsigned level)
{
	paddr_t got_pa = 0;
	enum pt_attr got_attr = PT_ATTR_COUNT;
	unsigned got_level = 0;

	CHECK_EQ(pt_lookup(pt, va, &got_pa, &got_attr, &got_level), 0);
	CHECK_EQ(got_pa, pa);
	CHECK_EQ(got_attr, attr);
	CHECK_EQ(got_level, level);
}

static void test_pages_and_attrs(void)
{
	struct pgtable pt;
	paddr_t pa;
	enum pt_attr attr;
	unsigned lvl;

	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x40001000, 0x3000, PT_TEXT), 0);
	expect(&pt, 0x1000, 0x40001000, PT_TEXT, 3);
	expect(&pt, 0x3fff, 0x40003fff, PT_TEXT, 3);
	CHECK_EQ(pt_lookup(&pt, 0x4000, &pa, &attr, &lvl), -ENOENT);
	CHECK_EQ(pt_lookup(&pt, 0x0, &pa, &attr, &lvl), -ENOENT);
	CHECK_EQ(pt_map(&pt, 0x10000, 0x9000000, 0x1000, PT_DEVICE), 0);
	expect(&pt, 0x10000, 0x9000000, PT_DEVICE, 3);
	CHECK_EQ(pt_map(&pt, 0x20000, 0x50000000, 0x1000, PT_RODATA), 0);
	expect(&pt, 0x20000, 0x50000000, PT_RODATA, 3);
	CHECK_EQ(pt_map(&pt, 0x21000, 0x50001000, 0x1000, PT_DATA), 0);
	expect(&pt, 0x21000, 0x50001000, PT_DATA, 3);
}

static void test_descriptor_bits(void)
{
	struct pgtable pt;
	uint64_t *l0, *l1, *l2, *l3, d;

	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x200000, 0x40200000, 0x1000, PT_TEXT), 0);
	CHECK_EQ(pt_map(&pt, 0x201000, 0x40201000, 0x1000, PT_DATA), 0);
	l0 = (uint64_t *)(uintptr_t)(pt.root_pa + (uint64_t)pt.va_of_pa);
	l1 = (uint64_t *)(uintptr_t)((l0[0] & PTE_ADDR_MASK) + (uint64_t)pt.va_of_pa);
	l2 = (uint64_t *)(uintptr_t)((l1[0] & PTE_ADDR_MASK) + (uint64_t)pt.va_of_pa);
	l3 = (uint64_t *)(uintptr_t)((l2[1] & PTE_ADDR_MASK) + (uint64_t)pt.va_of_pa);
	d = l3[0];	/* text: RO, executable, normal, AF */
	CHECK((d & 3) == 3);
	CHECK(d & PTE_AF);
	CHECK(d & PTE_AP_RO);
	CHECK(!(d & PTE_XN));
	CHECK(((d >> 2) & 7) == MAIR_IDX_NORMAL);
	CHECK_EQ(d & PTE_ADDR_MASK, 0x40200000);
	d = l3[1];	/* data: RW, never executable: W^X */
	CHECK(!(d & PTE_AP_RO));
	CHECK(d & PTE_XN);
	/* No entry is ever both writable and executable. */
	for (int i = 0; i < 512; i++)
		if (l3[i] & 1)
			CHECK((l3[i] & PTE_AP_RO) || (l3[i] & PTE_XN));
}

static void test_blocks(void)
{
	struct pgtable pt;
	unsigned before;

	/* 1 GiB aligned: one L1 block, no further tables. */
	fresh(&pt);
	before = arena_used;
	CHECK_EQ(pt_map(&pt, 0x800040000000ULL, 0x40000000, 0x40000000, PT_DATA), 0);
	CHECK_EQ(arena_used - before, 1);	/* only the L1 table */
	expect(&pt, 0x800040000000ULL, 0x40000000, PT_DATA, 1);
	expect(&pt, 0x80007fffffffULL, 0x7fffffff, PT_DATA, 1);

	/* 2 MiB aligned but not 1 GiB: L2 blocks. */
	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x200000, 0x40200000, 0x400000, PT_DATA), 0);
	expect(&pt, 0x200000, 0x40200000, PT_DATA, 2);
	expect(&pt, 0x5fffff, 0x405fffff, PT_DATA, 2);

	/* VA and PA misaligned relative to each other: pages only. */
	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x200000, 0x40201000, 0x200000, PT_DATA), 0);
	expect(&pt, 0x200000, 0x40201000, PT_DATA, 3);
	expect(&pt, 0x3ff000, 0x40400000, PT_DATA, 3);

	/* A range straddling 2 MiB boundaries: pages, block, pages. */
	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x1ff000, 0x401ff000, 0x202000, PT_DATA), 0);
	expect(&pt, 0x1ff000, 0x401ff000, PT_DATA, 3);
	expect(&pt, 0x200000, 0x40200000, PT_DATA, 2);
	expect(&pt, 0x400000, 0x40400000, PT_DATA, 3);
}

static void test_conflicts_and_errors(void)
{
	struct pgtable pt;
	unsigned used;

	fresh(&pt);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x40001000, 0x1000, PT_DATA), 0);
	/* Same mapping again: fine. */
	CHECK_EQ(pt_map(&pt, 0x1000, 0x40001000, 0x1000, PT_DATA), 0);
	/* Different PA or attributes: refused, table unchanged. */
	CHECK_EQ(pt_map(&pt, 0x1000, 0x40002000, 0x1000, PT_DATA), -EEXIST);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x40001000, 0x1000, PT_TEXT), -EEXIST);
	expect(&pt, 0x1000, 0x40001000, PT_DATA, 3);
	/* A range whose tail conflicts maps nothing at all. */
	used = arena_used;
	CHECK_EQ(pt_map(&pt, 0x0, 0x50000000, 0x3000, PT_DATA), -EEXIST);
	{
		paddr_t pa; enum pt_attr a; unsigned l;

		CHECK_EQ(pt_lookup(&pt, 0x0, &pa, &a, &l), -ENOENT);
		CHECK_EQ(pt_lookup(&pt, 0x2000, &pa, &a, &l), -ENOENT);
	}
	CHECK_EQ(arena_used, used);
	/* A block over existing pages is refused too. */
	CHECK_EQ(pt_map(&pt, 0x0, 0x0, 0x200000, PT_DATA), -EEXIST);
	/* Bad arguments. */
	CHECK_EQ(pt_map(&pt, 0x1001, 0x1000, 0x1000, PT_DATA), -EINVAL);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1001, 0x1000, PT_DATA), -EINVAL);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1001, PT_DATA), -EINVAL);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0, PT_DATA), -EINVAL);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1000, PT_ATTR_COUNT), -EINVAL);
	CHECK_EQ(pt_map(&pt, 0xfffffffff000ULL, 0x1000, 0x2000, PT_DATA), -ERANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, 0xfffffffff000ULL, 0x2000, PT_DATA), -ERANGE);
	CHECK_EQ(pt_map(&pt, 0xfffffffffffff000ULL, 0x1000, 0x2000, PT_DATA), -ERANGE);
}

static void test_out_of_memory(void)
{
	struct pgtable pt;

	fresh(&pt);
	arena_used = ARENA_PAGES - 1;	/* room for one more table only */
	CHECK_EQ(pt_map(&pt, 0x1000, 0x1000, 0x1000, PT_DATA), -ENOMEM);
}

static void test_layout_check(void)
{
	enum va_region_id hit;

	CHECK_EQ(layout_check(0x40200000, 0x4000, &hit), 0);
	CHECK_EQ(hit, VA_REGION_NONE);
	/* An identity map at or above 2^47 hits the linear map. */
	CHECK_EQ(layout_check(0x800000000000ULL, 0x4000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_LINEAR);
	CHECK_EQ(layout_check(0x7ffffffff000ULL, 0x2000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_LINEAR);
	CHECK_EQ(layout_check(MMIO_VA_BASE + 0x1000, 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_MMIO);
	CHECK_EQ(layout_check(IMAGE_VA_BASE, 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_IMAGE);
	CHECK_EQ(layout_check(TRAMPOLINE_VA, 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_TRAMPOLINE);
	/* Beyond the 48-bit VA space, or empty, or wrapping. */
	CHECK_EQ(layout_check(0x1000000000000ULL, 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_NONE);
	CHECK_EQ(layout_check(0x1000, 0, &hit), -ERANGE);
	CHECK_EQ(layout_check(0xfffffffffffff000ULL, 0x2000, &hit), -ERANGE);
	/* The regions themselves do not overlap one another. */
	CHECK(LINEAR_VA_BASE + LINEAR_VA_SIZE <= MMIO_VA_BASE);
	CHECK(MMIO_VA_BASE + MMIO_VA_SIZE <= IMAGE_VA_BASE);
	CHECK(IMAGE_VA_BASE + IMAGE_VA_SIZE <= TRAMPOLINE_VA);
	CHECK(LINEAR_VA_BASE >= IDMAP_VA_LIMIT);
}

int main(void)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	test_pages_and_attrs();
	test_descriptor_bits();
	test_blocks();
	test_conflicts_and_errors();
	test_out_of_memory();
	test_layout_check();
	free(arena);
	return check_summary("pgtable");
}
