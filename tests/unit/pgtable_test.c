/* Host tests for the page-table walker (both formats, blocks, splits,
 * failure injection, break-before-make) and the layout check. The
 * randomised run against a shadow model is pgtable_model_test.c. */
#include <mm/pgtable.h>
#include <mm/layout.h>
#include "check.h"
#include "pt_fake.h"
#include <string.h>

#define ARENA_PAGES	512
#define GIB		(1ULL << 30)
#define MIB		(1ULL << 20)

static void fresh_fmt(struct pgtable *pt, enum pt_format format, unsigned bits)
{
	fake_reset(ARENA_PAGES);
	CHECK_EQ(pt_init(pt, format, bits, pa_init(0), &fake_ops, pt), 0);
}

static void fresh(struct pgtable *pt)
{
	fresh_fmt(pt, PT_STAGE1_EL2, 48);
}

/* The table is well formed and every rule held. */
static void done(const struct pgtable *pt)
{
	fake_walk(pt, NULL, NULL);
	fake_op_end();
	CHECK_EQ(fake.violations, 0);
}

static void expect(const struct pgtable *pt, uint64_t va, uint64_t pa,
		   enum pt_attr attr, unsigned level)
{
	uint64_t got_pa = 0;
	enum pt_attr got_attr = PT_ATTR_COUNT;
	unsigned got_level = 0;

	CHECK_EQ(fake_lookup(pt, va, &got_pa, &got_attr, &got_level), 0);
	CHECK_EQ(got_pa, pa);
	CHECK_EQ(got_attr, attr);
	CHECK_EQ(got_level, level);
}

static void expect_none(const struct pgtable *pt, uint64_t va)
{
	uint64_t pa;
	enum pt_attr attr;
	unsigned level;

	CHECK_EQ(fake_lookup(pt, va, &pa, &attr, &level), -ENOENT);
}

/* The descriptor for va at level, read from the tables. */
static uint64_t raw(const struct pgtable *pt, uint64_t va, unsigned level)
{
	const uint64_t *t = fake_ptr(pt->root_pa);
	unsigned root_bits = pt->ia_bits - (39 - 9 * pt->start_level);

	for (unsigned l = pt->start_level;; l++) {
		unsigned shift = 39 - 9 * l;
		uint64_t d = t[(va >> shift) & ((l == pt->start_level ? 1ULL << root_bits : 512) - 1)];

		if (l == level)
			return d;
		t = fake_ptr(pa_init(d & PTE_ADDR_MASK));
	}
}

static void test_pages_and_attrs(void)
{
	struct pgtable pt;

	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x40001000, 0x3000, PT_TEXT), 0);
	expect(&pt, 0x1000, 0x40001000, PT_TEXT, 3);
	expect(&pt, 0x3fff, 0x40003fff, PT_TEXT, 3);
	expect_none(&pt, 0x4000);
	expect_none(&pt, 0x0);
	CHECK_EQ(fake_map(&pt, 0x10000, 0x9000000, 0x1000, PT_DEVICE), 0);
	expect(&pt, 0x10000, 0x9000000, PT_DEVICE, 3);
	CHECK_EQ(fake_map(&pt, 0x20000, 0x50000000, 0x1000, PT_RODATA), 0);
	expect(&pt, 0x20000, 0x50000000, PT_RODATA, 3);
	CHECK_EQ(fake_map(&pt, 0x21000, 0x50001000, 0x1000, PT_DATA), 0);
	expect(&pt, 0x21000, 0x50001000, PT_DATA, 3);
	/* Filling invalid entries needs no TLB maintenance. */
	CHECK_EQ(fake.tlbis, 0);
	done(&pt);
}

static void test_descriptor_bits(void)
{
	struct pgtable pt;
	uint64_t *l3, d;

	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x200000, 0x40200000, 0x1000, PT_TEXT), 0);
	CHECK_EQ(fake_map(&pt, 0x201000, 0x40201000, 0x1000, PT_DATA), 0);
	l3 = fake_ptr(pa_init(raw(&pt, 0x200000, 2) & PTE_ADDR_MASK));
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
	/* Table descriptors carry nothing but the address. */
	CHECK_EQ(raw(&pt, 0x200000, 2) & ~PTE_ADDR_MASK, 3);
	done(&pt);
}

static void test_blocks(void)
{
	struct pgtable pt;
	unsigned before;

	/* 1 GiB aligned: one L1 block, no further tables. */
	fresh(&pt);
	before = fake.in_use;
	CHECK_EQ(fake_map(&pt, 0x800040000000ULL, 0x40000000, 0x40000000, PT_DATA), 0);
	CHECK_EQ(fake.in_use - before, 1);	/* only the L1 table */
	expect(&pt, 0x800040000000ULL, 0x40000000, PT_DATA, 1);
	expect(&pt, 0x80007fffffffULL, 0x7fffffff, PT_DATA, 1);
	done(&pt);

	/* 2 MiB aligned but not 1 GiB: L2 blocks. */
	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x200000, 0x40200000, 0x400000, PT_DATA), 0);
	expect(&pt, 0x200000, 0x40200000, PT_DATA, 2);
	expect(&pt, 0x5fffff, 0x405fffff, PT_DATA, 2);
	done(&pt);

	/* VA and PA misaligned relative to each other: pages only. */
	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x200000, 0x40201000, 0x200000, PT_DATA), 0);
	expect(&pt, 0x200000, 0x40201000, PT_DATA, 3);
	expect(&pt, 0x3ff000, 0x40400000, PT_DATA, 3);
	done(&pt);

	/* A range straddling 2 MiB boundaries: pages, block, pages. */
	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x1ff000, 0x401ff000, 0x202000, PT_DATA), 0);
	expect(&pt, 0x1ff000, 0x401ff000, PT_DATA, 3);
	expect(&pt, 0x200000, 0x40200000, PT_DATA, 2);
	expect(&pt, 0x400000, 0x40400000, PT_DATA, 3);
	/* Mapping pages that a block already maps the same way: no change. */
	CHECK_EQ(fake_map(&pt, 0x201000, 0x40201000, 0x1000, PT_DATA), 0);
	expect(&pt, 0x201000, 0x40201000, PT_DATA, 2);
	done(&pt);
}

static void test_conflicts_and_errors(void)
{
	struct pgtable pt;
	unsigned used;

	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x40001000, 0x1000, PT_DATA), 0);
	/* Same mapping again: fine. */
	CHECK_EQ(fake_map(&pt, 0x1000, 0x40001000, 0x1000, PT_DATA), 0);
	/* Different PA or attributes: refused, table unchanged. */
	CHECK_EQ(fake_map(&pt, 0x1000, 0x40002000, 0x1000, PT_DATA), -EEXIST);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x40001000, 0x1000, PT_TEXT), -EEXIST);
	expect(&pt, 0x1000, 0x40001000, PT_DATA, 3);
	/* A range whose tail conflicts maps nothing at all. */
	used = fake.in_use;
	CHECK_EQ(fake_map(&pt, 0x0, 0x50000000, 0x3000, PT_DATA), -EEXIST);
	expect_none(&pt, 0x0);
	expect_none(&pt, 0x2000);
	CHECK_EQ(fake.in_use, used);
	/* A block over existing pages is refused too. */
	CHECK_EQ(fake_map(&pt, 0x0, 0x0, 0x200000, PT_DATA), -EEXIST);
	/* Bad arguments. */
	CHECK_EQ(fake_map(&pt, 0x1001, 0x1000, 0x1000, PT_DATA), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1001, 0x1000, PT_DATA), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0x1001, PT_DATA), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0, PT_DATA), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0x1000, PT_ATTR_COUNT), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0x1000, PT_S2_NORMAL_RW), -EINVAL);
	CHECK_EQ(fake_map(&pt, 0xfffffffff000ULL, 0x1000, 0x2000, PT_DATA), -ERANGE);
	CHECK_EQ(fake_map(&pt, 0x1000, 0xfffffffff000ULL, 0x2000, PT_DATA), -ERANGE);
	CHECK_EQ(fake_map(&pt, 0xfffffffffffff000ULL, 0x1000, 0x2000, PT_DATA), -ERANGE);
	CHECK_EQ(fake_unmap(&pt, 0x1800, 0x1000), -EINVAL);
	CHECK_EQ(fake_unmap(&pt, 0x1000, 0), -EINVAL);
	CHECK_EQ(fake_unmap(&pt, 0xfffffffff000ULL, 0x2000), -ERANGE);
	CHECK_EQ(fake_set_attr(&pt, 0x1000, 0x1000, PT_S2_DEVICE), -EINVAL);
	CHECK_EQ(fake_set_attr(&pt, 0x1000, 0x800, PT_DATA), -EINVAL);
	expect(&pt, 0x1000, 0x40001000, PT_DATA, 3);
	/* Holes are skipped. */
	CHECK_EQ(fake_unmap(&pt, 0x100000, 0x1000), 0);
	CHECK_EQ(fake_set_attr(&pt, 0x100000, 0x1000, PT_TEXT), 0);
	expect_none(&pt, 0x100000);
	done(&pt);
}

static void test_out_of_memory(void)
{
	struct pgtable pt;
	unsigned used;

	fresh(&pt);
	used = fake.in_use;
	fake_fail_at(3);	/* the L3 table */
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0x1000, PT_DATA), -ENOMEM);
	CHECK_EQ(fake.in_use, used);
	CHECK_EQ(fake.writes, 0);
	expect_none(&pt, 0x1000);
	done(&pt);
	/* Out of pages for a new root. */
	fake_reset(ARENA_PAGES);
	fake_fail_at(1);
	CHECK_EQ(pt_init(&pt, PT_STAGE2, 40, pa_init(0), &fake_ops, &pt), -ENOMEM);
	CHECK_EQ(fake.in_use, 0);
}

/* Stage-2 geometry and VTCR_EL2 for every supported IPA size. */
static void test_stage2_geometry(void)
{
	struct pgtable pt;
	uint64_t vtcr, baddr;

	for (unsigned bits = 40; bits <= 48; bits++) {
		unsigned start = bits <= 42 ? 1 : 0;
		unsigned pages = bits <= 42 ? 1u << (bits - 39) : 1;
		uint64_t top = 1ULL << bits;

		fresh_fmt(&pt, PT_STAGE2, bits);
		CHECK_EQ(pt.start_level, start);
		CHECK_EQ(pt.root_pages, pages);
		CHECK_EQ(fake.in_use, pages);
		CHECK_EQ(pa_addr(pt.root_pa) % (pages * PAGE_SIZE), 0);
		CHECK_EQ(pt_s2_regs(&pt, 48, &vtcr, &baddr), 0);
		CHECK_EQ(vtcr & 0x3f, 64 - bits);		/* T0SZ */
		CHECK_EQ((vtcr >> 6) & 3, start ? 1 : 2);	/* SL0 */
		CHECK_EQ((vtcr >> 8) & 0xf, 5);			/* IRGN0, ORGN0 WBWA */
		CHECK_EQ((vtcr >> 12) & 3, 3);			/* SH0 inner */
		CHECK_EQ((vtcr >> 14) & 3, 0);			/* TG0 4 KiB */
		CHECK_EQ((vtcr >> 16) & 7, 5);			/* PS 48 bits */
		CHECK_EQ(vtcr >> 31, 1);			/* RES1, VS 8-bit */
		CHECK_EQ(baddr, pa_addr(pt.root_pa));
		/* The last GiB and the last page of the IPA space. */
		CHECK_EQ(fake_map(&pt, top - GIB, 0x40000000, GIB, PT_S2_NORMAL_RW), 0);
		expect(&pt, top - 1, 0x7fffffff, PT_S2_NORMAL_RW, 1);
		CHECK_EQ(fake_unmap(&pt, top - PAGE_SIZE, PAGE_SIZE), 0);
		expect(&pt, top - 2 * PAGE_SIZE, 0x7fffe000, PT_S2_NORMAL_RW, 3);
		expect_none(&pt, top - PAGE_SIZE);
		expect_none(&pt, top);
		CHECK_EQ(fake_map(&pt, top - PAGE_SIZE, 0x1000, 2 * PAGE_SIZE, PT_S2_DEVICE), -ERANGE);
		CHECK_EQ(fake_map(&pt, 0, 0x1000, PAGE_SIZE, PT_DATA), -EINVAL);
		/* The machine must have at least the IPA size. */
		CHECK_EQ(pt_s2_regs(&pt, 40, &vtcr, &baddr), bits == 40 ? 0 : -EINVAL);
		done(&pt);
		pt_destroy(&pt);
		CHECK_EQ(fake.in_use, 0);
	}
	/* The last root page of a concatenated root holds the top of it. */
	fresh_fmt(&pt, PT_STAGE2, 42);
	CHECK_EQ(fake_map(&pt, (1ULL << 42) - GIB, 0x40000000, GIB, PT_S2_NORMAL_RO), 0);
	CHECK_EQ(fake_ptr(pt.root_pa)[8 * 512 - 1] & PTE_ADDR_MASK, 0x40000000);
	CHECK_EQ(pt_s2_regs(&pt, 44, &vtcr, &baddr), 0);
	CHECK_EQ((vtcr >> 16) & 7, 4);
	CHECK_EQ(pt_s2_regs(&pt, 52, &vtcr, &baddr), 0);	/* used as 48 */
	CHECK_EQ((vtcr >> 16) & 7, 5);
	CHECK_EQ(pt_s2_regs(&pt, 41, &vtcr, &baddr), -EINVAL);
	done(&pt);
	/* Unsupported sizes and formats. */
	CHECK_EQ(pt_init(&pt, PT_STAGE2, 39, pa_init(0), &fake_ops, &pt), -EINVAL);
	CHECK_EQ(pt_init(&pt, PT_STAGE2, 49, pa_init(0), &fake_ops, &pt), -EINVAL);
	CHECK_EQ(pt_init(&pt, PT_STAGE1_EL2, 40, pa_init(0), &fake_ops, &pt), -EINVAL);
	fresh(&pt);
	CHECK_EQ(pt_s2_regs(&pt, 48, &vtcr, &baddr), -EINVAL);
}

static void test_stage2_descriptors(void)
{
	struct pgtable pt;
	uint64_t d;

	fresh_fmt(&pt, PT_STAGE2, 40);
	CHECK_EQ(fake_map(&pt, 0x40000000, 0x80000000, 0x200000, PT_S2_NORMAL_RW), 0);
	CHECK_EQ(fake_map(&pt, 0x0, 0x0, 0x1000, PT_S2_NORMAL_RO), 0);
	CHECK_EQ(fake_map(&pt, 0x8000000, 0x8000000, 0x10000, PT_S2_DEVICE), 0);
	CHECK_EQ(fake_map(&pt, 0x1000, 0x1000, 0x1000, PT_DATA), -EINVAL);
	d = raw(&pt, 0x40000000, 2);		/* a 2 MiB block */
	CHECK_EQ(d & 3, 1);
	CHECK_EQ((d >> 2) & 0xf, 0xf);		/* MemAttr: normal write-back */
	CHECK_EQ((d >> 6) & 3, 3);		/* S2AP: read-write */
	CHECK_EQ((d >> 8) & 3, 3);		/* inner shareable */
	CHECK(d & PTE_AF);
	CHECK(!(d & (3ULL << 53)));		/* executable */
	CHECK_EQ(d & PTE_ADDR_MASK, 0x80000000);
	d = raw(&pt, 0x0, 3);
	CHECK_EQ(d & 3, 3);
	CHECK_EQ((d >> 6) & 3, 1);		/* read-only */
	CHECK(!(d & (3ULL << 53)));
	d = raw(&pt, 0x8000000, 3);
	CHECK_EQ((d >> 2) & 0xf, 1);		/* Device-nGnRE */
	CHECK_EQ((d >> 6) & 3, 3);
	CHECK_EQ((d >> 53) & 3, 2);		/* XN */
	expect(&pt, 0x40001234, 0x80001234, PT_S2_NORMAL_RW, 2);
	expect(&pt, 0x0, 0x0, PT_S2_NORMAL_RO, 3);
	expect(&pt, 0x800f000, 0x800f000, PT_S2_DEVICE, 3);
	/* Every encoding matches what the test expects independently. */
	for (unsigned a = 0; a < PT_ATTR_COUNT; a++) {
		enum pt_format f = a < PT_S2_NORMAL_RW ? PT_STAGE1_EL2 : PT_STAGE2;
		struct pgtable t;

		CHECK_EQ(pt_init(&t, f, f == PT_STAGE2 ? 44 : 48, pa_init(0), &fake_ops, &t), 0);
		CHECK_EQ(fake_map(&t, 0x200000, 0x200000, 0x1000, (enum pt_attr)a), 0);
		CHECK_EQ(raw(&t, 0x200000, 3) & ~(PTE_ADDR_MASK | 3), fake_expected_bits(f, a));
		fake_walk(&t, NULL, NULL);
		pt_destroy(&t);
	}
	done(&pt);
}

/* Unmapping part of a block splits it, level by level, keeping the rest
 * mapped identically, with one break and one TLBI for the block. */
static void test_split_unmap(enum pt_format format, unsigned bits, enum pt_attr attr)
{
	struct pgtable pt;
	const uint64_t va = 0x80000000;
	const uint64_t pa = 0x140000000ULL;
	uint64_t addr[4];
	unsigned level[4], l1;

	fresh_fmt(&pt, format, bits);
	l1 = pt.start_level == 0;	/* the L1 table below an L0 root */
	CHECK_EQ(fake_map(&pt, va, pa, GIB, attr), 0);
	CHECK_EQ(fake.in_use, pt.root_pages + l1);
	done(&pt);
	CHECK_EQ(fake_unmap(&pt, va + 0x345000, 0x1000), 0);
	CHECK_EQ(fake_tlbi_log(addr, level, 4), 1);
	CHECK_EQ(addr[0], va);
	CHECK_EQ(level[0], 1);
	CHECK_EQ(fake.in_use, pt.root_pages + l1 + 2);	/* an L2 and an L3 table */
	expect(&pt, va, pa, attr, 2);
	expect(&pt, va + 0x344fff, pa + 0x344fff, attr, 3);
	expect_none(&pt, va + 0x345000);
	expect(&pt, va + 0x346000, pa + 0x346000, attr, 3);
	expect(&pt, va + 0x400000, pa + 0x400000, attr, 2);
	expect(&pt, va + GIB - 1, pa + GIB - 1, attr, 2);
	done(&pt);
	/* Unmapping a page of an L3 table: a break and a TLBI for it. */
	CHECK_EQ(fake_unmap(&pt, va + 0x200000, 0x1000), 0);
	CHECK_EQ(fake_tlbi_log(addr, level, 4), 1);
	CHECK_EQ(addr[0], va + 0x200000);
	CHECK_EQ(level[0], 3);
	done(&pt);
	/* Unmapping the rest frees every table but the root. */
	CHECK_EQ(fake_unmap(&pt, va, GIB), 0);
	CHECK_EQ(fake.in_use, pt.root_pages);
	for (uint64_t off = 0; off < GIB; off += 0x1000 * 511)
		expect_none(&pt, va + off);
	done(&pt);
	pt_destroy(&pt);
	CHECK_EQ(fake.in_use, 0);
}

/* Changing the attributes of part of a block splits it the same way. */
static void test_split_set_attr(enum pt_format format, unsigned bits,
				enum pt_attr from, enum pt_attr to)
{
	struct pgtable pt;
	const uint64_t va = 0x40000000, pa = 0x80000000;
	uint64_t addr[4];
	unsigned level[4], writes;

	fresh_fmt(&pt, format, bits);
	CHECK_EQ(fake_map(&pt, va, pa, 0x400000, from), 0);
	CHECK_EQ(fake_set_attr(&pt, va + 0x3000, 0x2000, to), 0);
	CHECK_EQ(fake_tlbi_log(addr, level, 4), 1);
	CHECK_EQ(addr[0], va);
	CHECK_EQ(level[0], 2);
	expect(&pt, va + 0x2000, pa + 0x2000, from, 3);
	expect(&pt, va + 0x3000, pa + 0x3000, to, 3);
	expect(&pt, va + 0x4fff, pa + 0x4fff, to, 3);
	expect(&pt, va + 0x5000, pa + 0x5000, from, 3);
	expect(&pt, va + 0x200000, pa + 0x200000, from, 2);
	done(&pt);
	/* A whole block: changed in place, break before make. */
	CHECK_EQ(fake_set_attr(&pt, va + 0x200000, 0x200000, to), 0);
	CHECK_EQ(fake_tlbi_log(addr, level, 4), 1);
	expect(&pt, va + 0x3fffff, pa + 0x3fffff, to, 2);
	done(&pt);
	/* Pages already so: nothing written. */
	writes = fake.writes;
	CHECK_EQ(fake_set_attr(&pt, va + 0x3000, 0x1000, to), 0);
	CHECK_EQ(fake_set_attr(&pt, va + 0x200000, 0x1000, to), 0);
	CHECK_EQ(fake.writes, writes);
	/* Pages changed one by one: one TLBI each. */
	CHECK_EQ(fake_set_attr(&pt, va, 0x200000, to), 0);
	CHECK_EQ(fake_tlbi_log(addr, level, 4), 510);
	expect(&pt, va + 0x1ff000, pa + 0x1ff000, to, 3);
	done(&pt);
}

/* Every allocation of these operations fails in turn, leaving the tables
 * exactly as before; then the operation succeeds. */
static void test_failure_injection(enum pt_format format, unsigned bits, enum pt_attr a,
				   enum pt_attr b)
{
	static const struct {
		int kind;
		uint64_t va, size, pa;
		int second_attr;
		unsigned allocs;	/* that the operation needs */
	} ops[] = {
		{ OP_MAP, 0x7fff000, 0x1000, 0x1000, 0, 2 },	/* L2 and L3 (L1 in S1) */
		{ OP_MAP, 0x40000000, GIB, 0x40000000, 0, 0 },	/* a block */
		/* A block, then what the 1 GiB block maps the same way. */
		{ OP_MAP, 0x3fe00000, 0x600000, 0x3fe00000, 0, 0 },
		{ OP_MAP, 0x80000000, 0x600000, 0x80000000, 0, 1 },	/* an L2 */
		{ OP_UNMAP, 0x40201000, 0x1000, 0, 0, 2 },	/* 1 GiB -> 2 MiB -> 4 KiB */
		{ OP_SET_ATTR, 0x403ff000, 0x2000, 0, 1, 1 },	/* a page, a block split */
		{ OP_SET_ATTR, 0x3ff00000, 0x200000, 0, 1, 2 },	/* two blocks split */
		{ OP_MAP, 0x8000000000ULL, 0x1000, 0x1000, 1, 2 },	/* past 512 GiB */
		{ OP_UNMAP, 0x0, 0x8000000000ULL, 0, 0, 0 },	/* all but that page */
	};
	struct pgtable pt;

	fresh_fmt(&pt, format, bits);
	for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
		struct fake_op op = {
			.kind = ops[i].kind, .va = ops[i].va, .size = ops[i].size,
			.pa = ops[i].pa, .attr = ops[i].second_attr ? b : a,
		};
		unsigned failed = 0, extra = 0;

		/* From a level-0 root, a new L1 table too. */
		if (pt.start_level == 0 && op.kind == OP_MAP && op.size == 0x1000)
			extra = 1;
		CHECK_EQ(fake_apply_checked(&pt, &op, &failed), 0);
		CHECK_EQ(failed, ops[i].allocs + extra);
		done(&pt);
	}
	expect(&pt, 0x8000000000ULL, 0x1000, b, 3);
	CHECK_EQ(fake.in_use, pt.root_pages + 2 + (pt.start_level == 0));
	done(&pt);
}

/* What the walker does to an entry, done by hand. */
static void sim_write(struct pgtable *pt, uint64_t *ptep, uint64_t desc)
{
	fake_ops.trace(pt, ptep, desc);
	*ptep = desc;
}

/* The checker itself notices broken rules. */
static void test_checker(void)
{
	struct pgtable pt;
	uint64_t *ptep, orig;

	fresh(&pt);
	CHECK_EQ(fake_map(&pt, 0x200000, 0x200000, 0x200000, PT_DATA), 0);
	ptep = &fake_ptr(pa_init(raw(&pt, 0x200000, 1) & PTE_ADDR_MASK))[1];
	orig = *ptep;
	done(&pt);
	fake.quiet = true;
	sim_write(&pt, ptep, orig + 0x200000);	/* changed without a break */
	CHECK_EQ(fake.violations, 1);
	sim_write(&pt, ptep, 0);		/* a break ... */
	fake_op_end();				/* ... never invalidated */
	CHECK_EQ(fake.violations, 2);
	fake_ops.tlbi(&pt, 0x200000, 2);	/* nothing broken there */
	CHECK_EQ(fake.violations, 3);
	sim_write(&pt, ptep, orig);		/* invalid to valid: fine */
	sim_write(&pt, ptep, 0);
	fake_ops.tlbi(&pt, 0x200000, 3);	/* the wrong level */
	CHECK_EQ(fake.violations, 4);
	sim_write(&pt, ptep, orig);
	sim_write(&pt, ptep, 0);
	sim_write(&pt, ptep, orig);		/* made before the TLBI */
	CHECK_EQ(fake.violations, 5);
	fake_ops.tlbi(&pt, 0x200000, 2);
	fake_op_end();
	CHECK_EQ(fake.violations, 5);
	fake.violations = 0;
	fake.quiet = false;
	done(&pt);
}

/* pt_* take EL2 VAs and serve stage-1 tables only, pt_s2_* take IPAs and
 * serve stage-2 tables only: each refuses the other stage's table, which
 * the refusal leaves as it was. */
static void test_stage_entry_points(void)
{
	const vaddr_t va = va_init(0x1000);
	const ipaddr_t ipa = ipa_init(0x1000);
	const paddr_t pa = pa_init(0x40001000);

	for (unsigned s2 = 0; s2 < 2; s2++) {
		int want_s1 = s2 ? -EINVAL : 0, want_s2 = s2 ? 0 : -EINVAL;
		enum pt_attr rw = s2 ? PT_S2_NORMAL_RW : PT_DATA;
		enum pt_attr ro = s2 ? PT_S2_NORMAL_RO : PT_RODATA;
		struct pgtable pt;
		paddr_t out = pa_init(0);
		uint64_t raw_pa;
		enum pt_attr attr;
		unsigned level;

		fresh_fmt(&pt, s2 ? PT_STAGE2 : PT_STAGE1_EL2, s2 ? 40 : 48);
		CHECK_EQ(pt_map(&pt, va, pa, PAGE_SIZE, rw), want_s1);
		CHECK_EQ(pt_s2_map(&pt, ipa, pa, PAGE_SIZE, rw), want_s2);
		CHECK_EQ(pt_set_attr(&pt, va, PAGE_SIZE, ro), want_s1);
		CHECK_EQ(pt_s2_set_attr(&pt, ipa, PAGE_SIZE, ro), want_s2);
		CHECK_EQ(pt_lookup(&pt, va_add(va, 0x234), &out, &attr, &level), want_s1);
		CHECK_EQ(pt_s2_lookup(&pt, ipa_add(ipa, 0x234), &out, &attr, &level), want_s2);
		CHECK_EQ(pa_addr(out), 0x40001234);
		CHECK_EQ(attr, ro);
		CHECK_EQ(pt_unmap(&pt, va, PAGE_SIZE), want_s1);
		CHECK_EQ(pt_s2_unmap(&pt, ipa, PAGE_SIZE), want_s2);
		CHECK_EQ(fake_lookup(&pt, 0x1000, &raw_pa, &attr, &level), -ENOENT);
		done(&pt);
	}
}

static void test_layout_check(void)
{
	enum va_region_id hit;

	CHECK_EQ(layout_check(pa_init(0x40200000), 0x4000, &hit), 0);
	CHECK_EQ(hit, VA_REGION_NONE);
	/* An identity map at or above 2^47 hits the linear map. */
	CHECK_EQ(layout_check(pa_init(0x800000000000ULL), 0x4000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_LINEAR);
	CHECK_EQ(layout_check(pa_init(0x7ffffffff000ULL), 0x2000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_LINEAR);
	CHECK_EQ(layout_check(pa_init(MMIO_VA_BASE + 0x1000), 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_MMIO);
	CHECK_EQ(layout_check(pa_init(IMAGE_VA_BASE), 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_IMAGE);
	CHECK_EQ(layout_check(pa_init(TRAMPOLINE_VA), 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_TRAMPOLINE);
	/* Beyond the 48-bit VA space, or empty, or wrapping. */
	CHECK_EQ(layout_check(pa_init(0x1000000000000ULL), 0x1000, &hit), -ERANGE);
	CHECK_EQ(hit, VA_REGION_NONE);
	CHECK_EQ(layout_check(pa_init(0x1000), 0, &hit), -ERANGE);
	CHECK_EQ(layout_check(pa_init(0xfffffffffffff000ULL), 0x2000, &hit), -ERANGE);
	/* The regions themselves do not overlap one another. */
	CHECK(LINEAR_VA_BASE + LINEAR_VA_SIZE <= MMIO_VA_BASE);
	CHECK(MMIO_VA_BASE + MMIO_VA_SIZE <= IMAGE_VA_BASE);
	CHECK(IMAGE_VA_BASE + IMAGE_VA_SIZE <= TRAMPOLINE_VA);
	CHECK(LINEAR_VA_BASE >= IDMAP_VA_LIMIT);
}

/* What the refusal says about the region hit (main.c). */
static void test_region_names(void)
{
	static const char *const names[VA_REGION_COUNT] = {
		"linear map", "device windows", "image", "trampoline",
	};
	vaddr_t start;
	uint64_t size;

	for (unsigned r = 0; r < VA_REGION_COUNT; r++)
		CHECK_STR(va_region_name((enum va_region_id)r), names[r]);
	CHECK_STR(va_region_name(VA_REGION_NONE), "outside the VA space");
	va_region_range(VA_REGION_MMIO, &start, &size);
	CHECK_EQ(va_addr(start), MMIO_VA_BASE);
	CHECK_EQ(size, MMIO_VA_SIZE);
	va_region_range(VA_REGION_NONE, &start, &size);
	CHECK_EQ(va_addr(start), 0);
	CHECK_EQ(size, 0);
}

int main(void)
{
	test_pages_and_attrs();
	test_descriptor_bits();
	test_blocks();
	test_conflicts_and_errors();
	test_out_of_memory();
	test_stage2_geometry();
	test_stage2_descriptors();
	test_split_unmap(PT_STAGE1_EL2, 48, PT_DATA);
	test_split_unmap(PT_STAGE2, 40, PT_S2_NORMAL_RW);
	test_split_unmap(PT_STAGE2, 44, PT_S2_DEVICE);
	test_split_set_attr(PT_STAGE1_EL2, 48, PT_DATA, PT_RODATA);
	test_split_set_attr(PT_STAGE2, 40, PT_S2_NORMAL_RW, PT_S2_NORMAL_RO);
	test_failure_injection(PT_STAGE1_EL2, 48, PT_DATA, PT_TEXT);
	test_failure_injection(PT_STAGE2, 40, PT_S2_NORMAL_RW, PT_S2_DEVICE);
	test_checker();
	test_stage_entry_points();
	test_layout_check();
	test_region_names();
	fake_finish();
	return check_summary("pgtable");
}
