/* Host tests for pt_reserve()/pt_s2_reserve() (hyp/mm/pgtable.c): the
 * tables a range mapped on demand needs, made once and kept, so that a
 * later map there allocates nothing and an unmap frees nothing; the
 * stage-2 use is a guest's RAM made ready block by block (vm/ram.c). */
#include <mm/pgtable.h>
#include "check.h"
#include "pt_fake.h"

#define ARENA_PAGES	64
#define GIB		(1ULL << 30)
#define MIB		(1ULL << 20)
#define RAM		GIB		/* a guest's RAM, as armhv's VMs have it */

static void fresh(struct pgtable *pt, enum pt_format format, unsigned bits)
{
	fake_reset(ARENA_PAGES);
	CHECK_EQ(pt_init(pt, format, bits, pa_init(0), &fake_ops, pt), 0);
}

/* Well formed (kept tables may be empty), every rule held. */
static void done(const struct pgtable *pt)
{
	fake_walk(pt, NULL, NULL);
	fake_op_end();
	CHECK_EQ(fake.violations, 0);
}

static unsigned level_of(const struct pgtable *pt, uint64_t ia)
{
	uint64_t pa;
	enum pt_attr attr;
	unsigned level = 0;

	return fake_lookup(pt, ia, &pa, &attr, &level) ? 0 : level;
}

/* 2 GiB and 4 MiB of RAM at 1 GiB: three level-2 tables, made at once;
 * 2 MiB blocks then come and go with no allocation and no free. */
static void test_blocks_on_demand(void)
{
	struct pgtable pt;
	const uint64_t size = 2 * GIB + 4 * MIB;
	unsigned used, allocs;

	fresh(&pt, PT_STAGE2, 40);
	used = fake.in_use;
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), size, 2), 0);
	CHECK_EQ(fake.in_use, used + 3);
	CHECK_EQ(fake_walk(&pt, NULL, NULL), used + 3);
	done(&pt);
	/* Again: nothing new. */
	allocs = fake.allocs;
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), size, 2), 0);
	CHECK_EQ(fake.allocs, allocs);
	done(&pt);

	/* Blocks anywhere in the range, with every allocation failing. */
	for (uint64_t off = 0; off < size; off += 126 * MIB) {
		fake_fail_at(1);
		CHECK_EQ(fake_map(&pt, RAM + off, 0x80000000 + off, 2 * MIB, PT_S2_NORMAL_RW), 0);
		CHECK_EQ(level_of(&pt, RAM + off + 0x1234), 2);
		fake_op_end();
	}
	CHECK_EQ(fake.allocs, allocs);
	done(&pt);

	/* Unmapping all of it keeps the tables, breaks each block. */
	CHECK_EQ(fake_unmap(&pt, RAM, size), 0);
	CHECK_EQ(fake.in_use, used + 3);
	CHECK_EQ(fake.frees, 0);
	for (uint64_t off = 0; off < size; off += 126 * MIB)
		CHECK_EQ(level_of(&pt, RAM + off), 0);
	done(&pt);
	/* And they serve again. */
	fake_fail_at(1);
	CHECK_EQ(fake_map(&pt, RAM + 2 * GIB, 0x80000000, 2 * MIB, PT_S2_NORMAL_RW), 0);
	CHECK_EQ(fake.allocs, allocs);
	done(&pt);

	/* pt_destroy frees them all. */
	pt_destroy(&pt);
	CHECK_EQ(fake.in_use, 0);
}

/* Level 3, and a table already there: claimed, not replaced. */
static void test_pages_and_claim(void)
{
	struct pgtable pt;
	unsigned used;

	fresh(&pt, PT_STAGE2, 44);	/* four levels from level 0 */
	CHECK_EQ(fake_map(&pt, RAM, 0x80000000, 0x1000, PT_S2_NORMAL_RW), 0);
	used = fake.in_use;		/* root, L1, L2, L3 */
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 4 * MIB, 3), 0);
	CHECK_EQ(fake.in_use, used + 1);	/* the second 2 MiB's L3 table */
	done(&pt);
	/* The page's table was claimed: emptied, it stays. */
	CHECK_EQ(fake_unmap(&pt, RAM, 0x1000), 0);
	CHECK_EQ(fake.in_use, used + 1);
	CHECK_EQ(fake.frees, 0);
	done(&pt);
	fake_fail_at(1);
	CHECK_EQ(fake_map(&pt, RAM + 2 * MIB + 0x5000, 0x90000000, 0x1000, PT_S2_NORMAL_RO), 0);
	CHECK_EQ(level_of(&pt, RAM + 2 * MIB + 0x5000), 3);
	done(&pt);
	pt_destroy(&pt);
	CHECK_EQ(fake.in_use, 0);
}

/* Tables that were not reserved are still freed when emptied, beside
 * kept ones. */
static void test_unreserved_still_freed(void)
{
	struct pgtable pt;
	unsigned used;

	fresh(&pt, PT_STAGE2, 40);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 2 * MIB, 2), 0);
	used = fake.in_use;
	CHECK_EQ(fake_map(&pt, 3 * GIB, 0x80000000, 0x1000, PT_S2_DEVICE), 0);
	CHECK_EQ(fake.in_use, used + 2);
	CHECK_EQ(fake_unmap(&pt, 3 * GIB, 0x1000), 0);
	CHECK_EQ(fake.in_use, used);
	done(&pt);
	pt_destroy(&pt);
}

/* Refusals: a larger leaf in the way, bad levels and ranges, the other
 * stage; out of memory changes nothing. */
static void test_errors(void)
{
	struct pgtable pt;
	struct fake_snapshot *s;
	unsigned used, writes;

	fresh(&pt, PT_STAGE2, 40);
	CHECK_EQ(fake_map(&pt, 2 * GIB, 0x80000000, GIB, PT_S2_NORMAL_RW), 0);
	CHECK_EQ(level_of(&pt, 2 * GIB), 1);
	used = fake.in_use;
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 2 * GIB, 2), -EEXIST);
	CHECK_EQ(fake.in_use, used);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 2 * MIB, 0), -EINVAL);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 2 * MIB, 4), -EINVAL);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM + 0x10), 2 * MIB, 2), -EINVAL);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 0, 2), -EINVAL);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(1ULL << 40), 2 * MIB, 2), -ERANGE);
	CHECK_EQ(pt_reserve(&pt, va_init(RAM), 2 * MIB, 2), -EINVAL);
	CHECK_EQ(fake.in_use, used);
	done(&pt);

	/* 4 GiB at level 3: 4 L2 tables and 2048 L3 ones, far more than the
	 * arena holds; and one allocation failing in a small one. */
	s = fake_snapshot();
	writes = fake.writes;
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(4 * GIB), 4 * GIB, 3), -ENOMEM);
	CHECK(fake_snapshot_same(s));
	fake_fail_at(2);
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(RAM), 4 * MIB, 3), -ENOMEM);
	CHECK(fake_snapshot_same(s));
	CHECK_EQ(fake.writes, writes);
	fake_snapshot_free(s);
	done(&pt);
	pt_destroy(&pt);
}

/* Stage 1 has it too, with VAs. */
static void test_stage1(void)
{
	struct pgtable pt;
	unsigned used, allocs;

	fresh(&pt, PT_STAGE1_EL2, 48);
	used = fake.in_use;
	CHECK_EQ(pt_reserve(&pt, va_init(0x7f0000000000ULL), 8 * MIB, 2), 0);
	CHECK_EQ(fake.in_use, used + 2);	/* L1, L2 */
	CHECK_EQ(pt_s2_reserve(&pt, ipa_init(0x7f0000000000ULL), 8 * MIB, 2), -EINVAL);
	allocs = fake.allocs;
	CHECK_EQ(fake_map(&pt, 0x7f0000200000ULL, 0x40200000, 2 * MIB, PT_DATA), 0);
	CHECK_EQ(fake.allocs, allocs);
	CHECK_EQ(fake_unmap(&pt, 0x7f0000000000ULL, 8 * MIB), 0);
	CHECK_EQ(fake.in_use, used + 2);
	done(&pt);
	pt_destroy(&pt);
}

int main(void)
{
	RUN(test_blocks_on_demand);
	RUN(test_pages_and_claim);
	RUN(test_unreserved_still_freed);
	RUN(test_errors);
	RUN(test_stage1);
	fake_finish();
	return check_summary("pgtable_reserve");
}
