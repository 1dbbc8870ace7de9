/* The page-table tests' fake memory and rule checker (see pt_fake.h). */
#include "pt_fake.h"
#include <sanitizer/asan_interface.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADDR_MASK	0x0000fffffffff000ULL
#define XN		(1ULL << 54)
#define MAX_PENDING	64
#define TLBI_LOG	256

struct fake_stats fake;

static uint8_t *arena;
static unsigned npages;
static uint8_t *used;		/* per page: allocated */
static uint8_t *visited;	/* per page: reached by fake_walk() */
static uint64_t **parent;	/* per page: the entry that linked it last */
static unsigned fail_at, fail_count;

/* Live entries written invalid and not yet invalidated in the TLB. */
static struct {
	uint64_t va, size;
	unsigned level;
	long table;		/* page of the table it linked, or -1 */
} pending[MAX_PENDING];
static unsigned npending;
static enum { EV_NONE, EV_WRITE, EV_TLBI, EV_PUBLISH } last_event;
static uint64_t tlbi_addr[TLBI_LOG];
static unsigned tlbi_level[TLBI_LOG], ntlbi;

static void __printf(1, 2) violation(const char *fmt, ...)
{
	va_list ap;

	if (++fake.violations > 20 || fake.quiet)
		return;
	fprintf(stderr, "pt_fake: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static unsigned shift_of(unsigned level)
{
	return 39 - 9 * level;
}

static long page_of_pa(paddr_t pa)
{
	if (pa_addr(pa) < FAKE_PA || pa_addr(pa) >= FAKE_PA + (uint64_t)npages * PAGE_SIZE)
		return -1;
	return (long)((pa_addr(pa) - FAKE_PA) / PAGE_SIZE);
}

static long page_of_ptr(const void *p)
{
	const uint8_t *b = p;

	if (b < arena || b >= arena + (size_t)npages * PAGE_SIZE)
		return -1;
	return (long)((size_t)(b - arena) / PAGE_SIZE);
}

uint64_t *fake_ptr(paddr_t pa)
{
	long i = page_of_pa(pa);

	if (i < 0 || !used[i])
		violation("table page at PA 0x%llx is not allocated", (unsigned long long)pa_addr(pa));
	return (uint64_t *)(arena + (pa_addr(pa) - FAKE_PA));
}

uint64_t fake_expected_bits(enum pt_format format, enum pt_attr attr)
{
	if (format == PT_STAGE1_EL2) {
		switch (attr) {
		case PT_TEXT:	return 0x7c0;		/* AF, SH inner, AP RO, idx 0 */
		case PT_RODATA:	return 0x7c0 | XN;
		case PT_DATA:	return 0x740 | XN;	/* AP RW */
		case PT_DEVICE:	return 0x444 | XN;	/* AF, idx 1, not shareable */
		default:	return 0;
		}
	}
	switch (attr) {
	case PT_S2_NORMAL_RW:	return 0x7fc;		/* AF, SH, S2AP RW, MemAttr 1111 */
	case PT_S2_NORMAL_RO:	return 0x77c;		/* S2AP RO */
	case PT_S2_DEVICE:	return 0x4c4 | XN;	/* MemAttr 0001, S2AP RW */
	default:		return 0;
	}
}

static bool leaf_ok(enum pt_format format, uint64_t d, unsigned level,
		    enum pt_attr *attr)
{
	uint64_t bits = d & ~(ADDR_MASK | 3);

	if (level == 0 || (d & 3) != (level == 3 ? 3u : 1u))
		return false;
	if ((d & ADDR_MASK) & ((1ULL << shift_of(level)) - 1))
		return false;
	for (unsigned a = 0; a < PT_ATTR_COUNT; a++) {
		if (fake_expected_bits(format, (enum pt_attr)a) == bits) {
			*attr = (enum pt_attr)a;
			return true;
		}
	}
	return false;
}

static bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & 3) == 3;
}

/* A table link the walker writes: the address, and the keep bit of a
 * table pt_reserve() made. */
static bool link_ok(uint64_t d, unsigned level)
{
	return is_table(d, level) && !(d & ~ADDR_MASK & ~3ULL & ~PTE_TABLE_KEEP);
}

static long root_page(const struct pgtable *pt)
{
	return pa_addr(pt->root_pa) ? page_of_pa(pt->root_pa) : -1;
}

static bool is_root(const struct pgtable *pt, long i)
{
	long r = root_page(pt);

	return r >= 0 && i >= r && i < r + (long)pt->root_pages;
}

/* Where page i sits: the level of its entries and the input address of
 * its first one, following the links that made it a table. */
static bool page_pos(const struct pgtable *pt, long i, unsigned *level,
		     uint64_t *base, unsigned depth)
{
	unsigned pl;
	uint64_t pb, idx;
	long p;

	if (is_root(pt, i)) {
		*level = pt->start_level;
		*base = (uint64_t)(i - root_page(pt)) * 512 << shift_of(pt->start_level);
		return true;
	}
	if (!parent[i] || depth > 4)
		return false;
	p = page_of_ptr(parent[i]);
	if (p < 0 || !page_pos(pt, p, &pl, &pb, depth + 1) || pl == 3)
		return false;
	idx = ((uintptr_t)parent[i] & (PAGE_SIZE - 1)) / 8;
	*level = pl + 1;
	*base = pb + (idx << shift_of(pl));
	return true;
}

/* Reachable by the hardware: linked, link by link, from the root. */
static bool is_live(const struct pgtable *pt, long i)
{
	for (unsigned depth = 0; depth < 5; depth++) {
		uint64_t link;

		if (is_root(pt, i))
			return true;
		if (!parent[i])
			return false;
		link = *parent[i];
		if ((link & 3) != 3 || (link & ADDR_MASK) != FAKE_PA + (uint64_t)i * PAGE_SIZE)
			return false;
		i = page_of_ptr(parent[i]);
		if (i < 0 || !used[i])
			return false;
	}
	return false;
}

static paddr_t fake_alloc(void *ctx __unused, unsigned count)
{
	fake.allocs++;
	if (fail_at && ++fail_count == fail_at) {
		fail_at = 0;
		return pa_init(0);
	}
	for (unsigned i = 0; i + count <= npages; i += count) {
		unsigned j;

		for (j = 0; j < count && !used[i + j]; j++)
			;
		if (j < count)
			continue;
		ASAN_UNPOISON_MEMORY_REGION(arena + (size_t)i * PAGE_SIZE, count * PAGE_SIZE);
		memset(arena + (size_t)i * PAGE_SIZE, 0xa5, count * PAGE_SIZE);
		for (j = 0; j < count; j++) {
			used[i + j] = 1;
			parent[i + j] = NULL;
		}
		fake.in_use += count;
		return pa_init(FAKE_PA + (uint64_t)i * PAGE_SIZE);
	}
	return pa_init(0);
}

static void fake_free(void *ctx, paddr_t pa, unsigned count)
{
	const struct pgtable *pt = ctx;

	fake.frees++;
	for (unsigned j = 0; j < count; j++) {
		long i = page_of_pa(pa_add(pa, (uint64_t)j * PAGE_SIZE));

		if (i < 0 || !used[i]) {
			violation("free of PA 0x%llx: not allocated", (unsigned long long)pa_addr(pa));
			continue;
		}
		if (is_live(pt, i))
			violation("table at PA 0x%llx freed while reachable",
				  (unsigned long long)pa_addr(pa));
		for (unsigned k = 0; k < npending; k++)
			if (pending[k].table == i)
				violation("table at PA 0x%llx freed before the TLBI for its link",
					  (unsigned long long)pa_addr(pa));
		memset(arena + (size_t)i * PAGE_SIZE, 0x5a, PAGE_SIZE);
		ASAN_POISON_MEMORY_REGION(arena + (size_t)i * PAGE_SIZE, PAGE_SIZE);
		used[i] = 0;
		parent[i] = NULL;
		fake.in_use--;
	}
}

static void *fake_va_of_pa(void *ctx __unused, paddr_t pa)
{
	return fake_ptr(pa);
}

static bool overlaps_pending(uint64_t va, uint64_t size)
{
	for (unsigned k = 0; k < npending; k++)
		if (va < pending[k].va + pending[k].size && pending[k].va < va + size)
			return true;
	return false;
}

static void fake_trace(void *ctx, const uint64_t *ptep, uint64_t desc)
{
	const struct pgtable *pt = ctx;
	long i = page_of_ptr(ptep);
	unsigned level;
	uint64_t old, base, va, size;
	enum pt_attr attr;

	fake.writes++;
	if (i < 0 || !used[i] || ((uintptr_t)ptep & 7)) {
		violation("descriptor write outside the allocated tables");
		return;
	}
	old = *ptep;
	if (!page_pos(pt, i, &level, &base, 0)) {
		/* A table being built, not linked yet: nothing to check. */
		long c = (desc & 3) == 3 ? page_of_pa(pa_init(desc & ADDR_MASK)) : -1;

		if (c >= 0 && used[c])
			parent[c] = (uint64_t *)ptep;
		last_event = EV_WRITE;
		return;
	}
	va = base + ((((uintptr_t)ptep & (PAGE_SIZE - 1)) / 8) << shift_of(level));
	size = 1ULL << shift_of(level);
	if (desc && !link_ok(desc, level) &&
	    !leaf_ok(pt->format, desc, level, &attr))
		violation("bad descriptor 0x%llx at level %u for 0x%llx", (unsigned long long)desc,
			  level, (unsigned long long)va);
	if (is_live(pt, i)) {
		if (old && desc && old != desc &&
		    !(is_table(old, level) && (old ^ desc) == PTE_TABLE_KEEP)) {
			violation("live entry for 0x%llx (level %u) changed 0x%llx -> 0x%llx without a break",
				  (unsigned long long)va, level, (unsigned long long)old,
				  (unsigned long long)desc);
		} else if (old && !desc) {
			if (npending == MAX_PENDING) {
				violation("too many breaks without a TLBI");
			} else {
				pending[npending].va = va;
				pending[npending].size = size;
				pending[npending].level = level;
				pending[npending].table = is_table(old, level) ?
					page_of_pa(pa_init(old & ADDR_MASK)) : -1;
				npending++;
			}
		} else if (!old && desc) {
			if (overlaps_pending(va, size))
				violation("entry for 0x%llx made before the TLBI of its break",
					  (unsigned long long)va);
			if (is_table(desc, level) && last_event != EV_PUBLISH)
				violation("table linked at 0x%llx without a barrier first",
					  (unsigned long long)va);
		}
	}
	if (is_table(desc, level)) {
		long c = page_of_pa(pa_init(desc & ADDR_MASK));

		if (c < 0 || !used[c])
			violation("link to PA 0x%llx, not an allocated page",
				  (unsigned long long)(desc & ADDR_MASK));
		else
			parent[c] = (uint64_t *)ptep;
	}
	last_event = EV_WRITE;
}

static void fake_tlbi(void *ctx __unused, uint64_t addr, unsigned level)
{
	bool hit = false;

	fake.tlbis++;
	if (ntlbi < TLBI_LOG) {
		tlbi_addr[ntlbi] = addr;
		tlbi_level[ntlbi] = level;
	}
	ntlbi++;
	for (unsigned k = 0; k < npending;) {
		if (addr >= pending[k].va && addr - pending[k].va < pending[k].size) {
			if (pending[k].level != level)
				violation("TLBI for 0x%llx says level %u, the entry is at %u",
					  (unsigned long long)addr, level, pending[k].level);
			pending[k] = pending[--npending];
			hit = true;
		} else {
			k++;
		}
	}
	if (!hit)
		violation("TLBI for 0x%llx level %u with no entry broken there",
			  (unsigned long long)addr, level);
	last_event = EV_TLBI;
}

static void fake_publish(void *ctx __unused)
{
	fake.publishes++;
	last_event = EV_PUBLISH;
}

const struct pt_ops fake_ops = {
	.alloc_pages = fake_alloc,
	.free_pages = fake_free,
	.va_of_pa = fake_va_of_pa,
	.tlbi = fake_tlbi,
	.publish = fake_publish,
	.trace = fake_trace,
};

void fake_fail_at(unsigned n)
{
	fail_at = n;
	fail_count = 0;
}

void fake_op_end(void)
{
	for (unsigned k = 0; k < npending; k++)
		violation("entry for 0x%llx broken and never invalidated in the TLB",
			  (unsigned long long)pending[k].va);
	npending = 0;
	ntlbi = 0;
	last_event = EV_NONE;
	fail_at = 0;
}

unsigned fake_tlbi_log(uint64_t *addr, unsigned *level, unsigned max)
{
	unsigned n = ntlbi < max ? ntlbi : max;

	for (unsigned k = 0; k < n && k < TLBI_LOG; k++) {
		addr[k] = tlbi_addr[k];
		level[k] = tlbi_level[k];
	}
	return ntlbi;
}

void fake_finish(void)
{
	if (arena) {
		ASAN_UNPOISON_MEMORY_REGION(arena, (size_t)npages * PAGE_SIZE);
		free(arena);
	}
	free(used);
	free(visited);
	free(parent);
	arena = NULL;
}

void fake_reset(unsigned pages)
{
	fake_finish();
	npages = pages;
	arena = aligned_alloc(PAGE_SIZE, (size_t)pages * PAGE_SIZE);
	used = calloc(pages, 1);
	visited = calloc(pages, 1);
	parent = calloc(pages, sizeof(*parent));
	if (!arena || !used || !visited || !parent)
		abort();
	ASAN_POISON_MEMORY_REGION(arena, (size_t)pages * PAGE_SIZE);
	memset(&fake, 0, sizeof(fake));
	npending = 0;
	fake_op_end();
}

static unsigned walk_table(const struct pgtable *pt, paddr_t pa, unsigned level,
			   uint64_t base, unsigned entries, unsigned pages, bool kept,
			   fake_leaf_fn leaf, void *arg)
{
	long i = page_of_pa(pa);
	unsigned reached = pages, valid = 0;
	const uint64_t *p;

	for (unsigned j = 0; j < pages; j++) {
		if (i < 0 || !used[i + j]) {
			violation("table at PA 0x%llx is not allocated", (unsigned long long)pa_addr(pa));
			return 0;
		}
		if (visited[i + j]) {
			violation("table at PA 0x%llx reached twice", (unsigned long long)pa_addr(pa));
			return 0;
		}
		visited[i + j] = 1;
	}
	p = (const uint64_t *)(arena + (pa_addr(pa) - FAKE_PA));
	for (unsigned idx = 0; idx < pages * 512; idx++) {
		uint64_t d = p[idx], va = base + ((uint64_t)idx << shift_of(level));
		enum pt_attr attr;

		if (!d)
			continue;
		valid++;
		if (idx >= entries)
			violation("root entry %u beyond the IPA size is 0x%llx", idx,
				  (unsigned long long)d);
		else if (link_ok(d, level))
			reached += walk_table(pt, pa_init(d & ADDR_MASK), level + 1, va, 512, 1,
					      d & PTE_TABLE_KEEP, leaf, arg);
		else if (leaf_ok(pt->format, d, level, &attr))
			leaf(arg, va, 1ULL << shift_of(level), d & ADDR_MASK, attr, level);
		else
			violation("bad descriptor 0x%llx at level %u for 0x%llx",
				  (unsigned long long)d, level, (unsigned long long)va);
	}
	if (!valid && !pa_eq(pa, pt->root_pa) && !kept)
		violation("empty table at PA 0x%llx left linked", (unsigned long long)pa_addr(pa));
	return reached;
}

static void no_leaf(void *arg __unused, uint64_t va __unused, uint64_t size __unused,
		    uint64_t pa __unused, enum pt_attr attr __unused, unsigned level __unused)
{
}

unsigned fake_walk(const struct pgtable *pt, fake_leaf_fn leaf, void *arg)
{
	unsigned entries = 1u << (pt->ia_bits - shift_of(pt->start_level));

	memset(visited, 0, npages);
	return walk_table(pt, pt->root_pa, pt->start_level, 0, entries, pt->root_pages, true,
			  leaf ? leaf : no_leaf, arg);
}

struct fake_snapshot {
	uint8_t *used;
	uint8_t *pages;
};

struct fake_snapshot *fake_snapshot(void)
{
	struct fake_snapshot *s = malloc(sizeof(*s));
	size_t n = 0;

	s->used = malloc(npages);
	s->pages = malloc((size_t)(fake.in_use ? fake.in_use : 1) * PAGE_SIZE);
	memcpy(s->used, used, npages);
	for (unsigned i = 0; i < npages; i++)
		if (used[i])
			memcpy(s->pages + PAGE_SIZE * n++, arena + (size_t)i * PAGE_SIZE, PAGE_SIZE);
	return s;
}

bool fake_snapshot_same(const struct fake_snapshot *s)
{
	size_t n = 0;

	if (memcmp(s->used, used, npages))
		return false;
	for (unsigned i = 0; i < npages; i++)
		if (used[i] && memcmp(s->pages + PAGE_SIZE * n++, arena + (size_t)i * PAGE_SIZE,
				      PAGE_SIZE))
			return false;
	return true;
}

void fake_snapshot_free(struct fake_snapshot *s)
{
	free(s->used);
	free(s->pages);
	free(s);
}

int fake_map(struct pgtable *pt, uint64_t ia, uint64_t pa, uint64_t size,
	     enum pt_attr attr)
{
	if (pt->format == PT_STAGE2)
		return pt_s2_map(pt, ipa_init(ia), pa_init(pa), size, attr);
	return pt_map(pt, va_init(ia), pa_init(pa), size, attr);
}

int fake_unmap(struct pgtable *pt, uint64_t ia, uint64_t size)
{
	if (pt->format == PT_STAGE2)
		return pt_s2_unmap(pt, ipa_init(ia), size);
	return pt_unmap(pt, va_init(ia), size);
}

int fake_set_attr(struct pgtable *pt, uint64_t ia, uint64_t size, enum pt_attr attr)
{
	if (pt->format == PT_STAGE2)
		return pt_s2_set_attr(pt, ipa_init(ia), size, attr);
	return pt_set_attr(pt, va_init(ia), size, attr);
}

int fake_lookup(const struct pgtable *pt, uint64_t ia, uint64_t *pa,
		enum pt_attr *attr, unsigned *level)
{
	paddr_t out = pa_init(0);
	int ret;

	if (pt->format == PT_STAGE2)
		ret = pt_s2_lookup(pt, ipa_init(ia), &out, attr, level);
	else
		ret = pt_lookup(pt, va_init(ia), &out, attr, level);
	*pa = pa_addr(out);
	return ret;
}

int fake_apply(struct pgtable *pt, const struct fake_op *op)
{
	switch (op->kind) {
	case OP_MAP:
		return fake_map(pt, op->va, op->pa, op->size, op->attr);
	case OP_UNMAP:
		return fake_unmap(pt, op->va, op->size);
	default:
		return fake_set_attr(pt, op->va, op->size, op->attr);
	}
}

int fake_apply_checked(struct pgtable *pt, const struct fake_op *op, unsigned *failed)
{
	unsigned runs = 0;

	/* Every allocation up to the 64th, then every eighth or so: a failed
	 * run costs a walk and a snapshot compare. */
	for (unsigned k = 1;; k += k < 64 ? 1 : k / 8) {
		struct fake_snapshot *s = fake_snapshot();
		unsigned writes = fake.writes, tlbis = fake.tlbis, allocs = fake.allocs;
		bool real_oom;
		int ret;

		fake_fail_at(k);
		ret = fake_apply(pt, op);
		real_oom = ret == -ENOMEM && fake.allocs - allocs < k;
		if (ret != -ENOMEM || real_oom) {
			fake_op_end();
			fake_snapshot_free(s);
			if (failed)
				*failed = runs;
			return ret;
		}
		runs++;
		if (!fake_snapshot_same(s))
			violation("op %d at 0x%llx: allocation %u failed and the tables changed",
				  op->kind, (unsigned long long)op->va, k);
		if (fake.writes != writes || fake.tlbis != tlbis)
			violation("op %d at 0x%llx: allocation %u failed after descriptor writes",
				  op->kind, (unsigned long long)op->va, k);
		fake_op_end();
		fake_snapshot_free(s);
	}
}
