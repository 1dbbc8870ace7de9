/* The page-table walker against a shadow model: thousands of random map,
 * unmap and set_attr operations (fixed seeds, mixed sizes and alignments)
 * over small windows of both formats, each run first with every one of its
 * allocations failing in turn (pt_fake.c checks the tables are untouched),
 * then checked against an array of per-page expectations through
 * fake_lookup() and through a full walk of the tables, which also checks
 * their structure, that every allocated page is a reachable table, and
 * (through the fake's hooks) break-before-make on every live change. */
#include <mm/pgtable.h>
#include "check.h"
#include "pt_fake.h"
#include <string.h>

#define GIB		(1ULL << 30)
#define MIB		(1ULL << 20)
#define UNMAPPED	0xff

struct model {
	const struct pgtable *pt;
	uint64_t base, pages;		/* the window */
	uint64_t *pa;			/* per page, if mapped */
	uint8_t *attr;			/* per page, or UNMAPPED */
	uint64_t mapped;		/* pages mapped */
	uint64_t leaf_pages;		/* counted by the last walk */
	uint64_t leaves[4];		/* seen by every walk, per level */
	unsigned bad;			/* mismatches found by walks */
};

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

static void leaf(void *arg, uint64_t va, uint64_t size, uint64_t pa,
		 enum pt_attr attr, unsigned level)
{
	struct model *m = arg;

	m->leaves[level]++;
	if (va < m->base || va + size > m->base + m->pages * PAGE_SIZE) {
		if (m->bad++ < 5)
			fprintf(stderr, "mapping at 0x%llx outside the window\n",
				(unsigned long long)va);
		return;
	}
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t p = (va + off - m->base) / PAGE_SIZE;

		if (m->attr[p] != attr || m->pa[p] != pa + off) {
			if (m->bad++ < 5)
				fprintf(stderr, "0x%llx maps 0x%llx attr %u, model says 0x%llx attr %u\n",
					(unsigned long long)(va + off),
					(unsigned long long)(pa + off), attr,
					(unsigned long long)m->pa[p], m->attr[p]);
		}
	}
	m->leaf_pages += size / PAGE_SIZE;
}

static void check_lookup(const struct model *m, uint64_t p)
{
	uint64_t va = m->base + p * PAGE_SIZE + (p % 7) * 8;
	uint64_t pa = 0;
	enum pt_attr attr = PT_ATTR_COUNT;
	unsigned level;
	int ret = fake_lookup(m->pt, va, &pa, &attr, &level);

	if (m->attr[p] == UNMAPPED) {
		CHECK_EQ(ret, -ENOENT);
		return;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(pa, m->pa[p] + (p % 7) * 8);
	CHECK_EQ(attr, m->attr[p]);
}

/* What the model expects of op; applies it if it succeeds. */
static int model_apply(struct model *m, const struct fake_op *op)
{
	uint64_t first = (op->va - m->base) / PAGE_SIZE, n = op->size / PAGE_SIZE;

	if (op->kind == OP_MAP) {
		for (uint64_t i = 0; i < n; i++) {
			uint8_t a = m->attr[first + i];

			if (a != UNMAPPED && (a != op->attr || m->pa[first + i] != op->pa + i * PAGE_SIZE))
				return -EEXIST;
		}
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t p = first + i;

		if (op->kind == OP_MAP) {
			m->mapped += m->attr[p] == UNMAPPED;
			m->attr[p] = op->attr;
			m->pa[p] = op->pa + i * PAGE_SIZE;
		} else if (m->attr[p] == UNMAPPED) {
			continue;
		} else if (op->kind == OP_UNMAP) {
			m->attr[p] = UNMAPPED;
			m->mapped--;
		} else {
			m->attr[p] = op->attr;
		}
	}
	return 0;
}

/* A random operation inside the window: lengths from a page to the whole
 * window, starts aligned to a page, 2 MiB or 1 GiB, output addresses
 * aligned like the input (so blocks form) or not, or equal to what is
 * mapped already. */
static void random_op(const struct model *m, const enum pt_attr *attrs,
		      unsigned nattrs, struct fake_op *op)
{
	uint64_t size = m->pages * PAGE_SIZE, len, start, r = below(100);

	if (r < 35)
		len = (1 + below(16)) * PAGE_SIZE;
	else if (r < 60)
		len = (1 + below(1024)) * PAGE_SIZE;
	else if (r < 85)
		len = (1 + below(4)) * 2 * MIB + (below(2) ? 0 : below(8) * PAGE_SIZE);
	else if (r < 95)
		len = (1 + below(2)) * GIB + (below(2) ? 0 : below(8) * PAGE_SIZE);
	else
		len = size;
	if (len > size)
		len = (1 + below(size / PAGE_SIZE)) * PAGE_SIZE;
	start = below((size - len) / PAGE_SIZE + 1) * PAGE_SIZE;
	r = below(10);
	if (r < 4)
		start = ALIGN_DOWN(m->base + start, 2 * MIB) - m->base;
	else if (r < 5 || (len >= GIB && r < 8))
		start = ALIGN_DOWN(m->base + start, GIB) - m->base;
	if (m->base + start < m->base || start > size - len)
		start = 0;
	op->va = m->base + start;
	op->size = len;
	op->attr = attrs[below(nattrs)];
	r = below(10);
	if (r < 3 && m->attr[start / PAGE_SIZE] != UNMAPPED) {
		op->pa = m->pa[start / PAGE_SIZE];
		op->attr = m->attr[start / PAGE_SIZE];
	} else if (r < 7) {
		op->pa = (op->va & (GIB - 1)) + (1 + below(8)) * GIB;
	} else {
		op->pa = below(1ULL << 24) * PAGE_SIZE;
	}
	r = below(100);
	op->kind = r < 45 ? OP_MAP : r < 75 ? OP_UNMAP : OP_SET_ATTR;
}

struct run_stats {
	unsigned ops, eexist, injected, tlbis, max_tables;
	uint64_t blocks_1g, blocks_2m;
};

static void run(enum pt_format format, unsigned bits, uint64_t base, uint64_t size,
		unsigned steps, uint64_t seed, bool lookup_all, struct run_stats *st)
{
	static const enum pt_attr s1[] = { PT_TEXT, PT_RODATA, PT_DATA, PT_DEVICE };
	static const enum pt_attr s2[] = { PT_S2_NORMAL_RW, PT_S2_NORMAL_RO, PT_S2_DEVICE };
	const enum pt_attr *attrs = format == PT_STAGE1_EL2 ? s1 : s2;
	unsigned nattrs = format == PT_STAGE1_EL2 ? ARRAY_SIZE(s1) : ARRAY_SIZE(s2);
	struct pgtable pt;
	struct model m = { .pt = &pt, .base = base, .pages = size / PAGE_SIZE };

	rng = seed;
	memset(st, 0, sizeof(*st));
	fake_reset(4096);
	m.pa = calloc(m.pages, sizeof(*m.pa));
	m.attr = malloc(m.pages);
	memset(m.attr, UNMAPPED, m.pages);
	CHECK_EQ(pt_init(&pt, format, bits, pa_init(0), &fake_ops, &pt), 0);
	for (unsigned step = 0; step < steps && !fake.violations && !m.bad; step++) {
		struct fake_op op;
		unsigned failed, tables, tlbis = fake.tlbis;
		int want, got;

		random_op(&m, attrs, nattrs, &op);
		got = fake_apply_checked(&pt, &op, &failed);
		want = model_apply(&m, &op);
		if (got != want)
			fprintf(stderr, "step %u: op %d va 0x%llx size 0x%llx pa 0x%llx: %d, want %d\n",
				step, op.kind, (unsigned long long)op.va,
				(unsigned long long)op.size, (unsigned long long)op.pa, got, want);
		CHECK_EQ(got, want);
		st->ops++;
		st->eexist += got == -EEXIST;
		st->injected += failed;
		st->tlbis += fake.tlbis - tlbis;

		m.leaf_pages = 0;
		tables = fake_walk(&pt, leaf, &m);
		CHECK_EQ(m.leaf_pages, m.mapped);
		CHECK_EQ(tables, fake.in_use);	/* every page a reachable table */
		if (tables > st->max_tables)
			st->max_tables = tables;
		if (lookup_all) {
			for (uint64_t p = 0; p < m.pages; p++)
				check_lookup(&m, p);
		} else {
			uint64_t first = (op.va - base) / PAGE_SIZE, last = first + op.size / PAGE_SIZE;

			check_lookup(&m, first);
			check_lookup(&m, last - 1);
			if (first)
				check_lookup(&m, first - 1);
			if (last < m.pages)
				check_lookup(&m, last);
			for (unsigned i = 0; i < 32; i++)
				check_lookup(&m, below(m.pages));
		}
	}
	CHECK_EQ(m.bad, 0);
	CHECK_EQ(fake.violations, 0);
	st->blocks_1g = m.leaves[1];
	st->blocks_2m = m.leaves[2];
	/* Outside the window, nothing. */
	{
		uint64_t pa;
		enum pt_attr attr;
		unsigned level;

		CHECK_EQ(fake_lookup(&pt, base - PAGE_SIZE, &pa, &attr, &level), -ENOENT);
		CHECK_EQ(fake_lookup(&pt, base + size, &pa, &attr, &level), -ENOENT);
	}
	pt_destroy(&pt);
	CHECK_EQ(fake.in_use, 0);
	CHECK_EQ(fake.violations, 0);
	free(m.pa);
	free(m.attr);
}

static void report(const char *what, const struct run_stats *st)
{
	printf("%s: %u ops (%u refused -EEXIST), %u allocation failures injected, %u TLBIs, up to %u table pages, 1 GiB/2 MiB block sightings %llu/%llu\n",
	       what, st->ops, st->eexist, st->injected, st->tlbis, st->max_tables,
	       (unsigned long long)st->blocks_1g, (unsigned long long)st->blocks_2m);
	/* The run must have exercised what it is for. */
	CHECK(st->ops > 0 && st->injected > st->ops / 10 && st->tlbis > st->ops / 10 &&
	      st->eexist > 0 && st->blocks_2m > 0);
}

int main(void)
{
	struct run_stats st;

	/* 16 MiB across a 512 GiB boundary: a level-0 entry (stage 1), a
	 * concatenated root page (stage 2, 40 bits); 2 MiB blocks and pages;
	 * every page looked up after every step. */
	run(PT_STAGE1_EL2, 48, 512 * GIB - 8 * MIB, 16 * MIB, 5000, 1, true, &st);
	report("stage 1, 16 MiB", &st);
	run(PT_STAGE2, 40, 512 * GIB - 8 * MIB, 16 * MIB, 5000, 2, true, &st);
	report("stage 2 (40-bit), 16 MiB", &st);
	run(PT_STAGE2, 44, GIB - 8 * MIB, 16 * MIB, 3000, 3, true, &st);
	report("stage 2 (44-bit), 16 MiB", &st);
	/* 3 GiB: 1 GiB blocks too; a sample looked up, all walked. */
	run(PT_STAGE1_EL2, 48, 511 * GIB, 3 * GIB, 1500, 4, false, &st);
	report("stage 1, 3 GiB", &st);
	CHECK(st.blocks_1g > 0);
	run(PT_STAGE2, 40, 511 * GIB, 3 * GIB, 1500, 5, false, &st);
	report("stage 2 (40-bit), 3 GiB", &st);
	CHECK(st.blocks_1g > 0);
	fake_finish();
	return check_summary("pgtable_model");
}
