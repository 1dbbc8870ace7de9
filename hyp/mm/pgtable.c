/* The page-table walker for EL2 stage 1 and guest stage 2 (see
 * mm/pgtable.h).
 *
 * This file is compiled with -mstrict-align and without library calls: the
 * boot CPU runs it with the MMU off, when all memory is Device memory.
 *
 * Every operation is one recursive walk run twice over the same range: a
 * dry run that checks the range and counts the table pages the commit will
 * need, then, once those pages are allocated, the commit. A dry run cannot
 * create tables, so it sees a table the commit would create as a view: an
 * empty table, or a block split one level down. The commit makes the same
 * decisions on the real tables, so it takes exactly the pages counted.
 */
#include <mm/pgtable.h>

#define ENTRIES		512

enum walk_op {
	WALK_MAP,
	WALK_UNMAP,
	WALK_SET_ATTR,
	WALK_RESERVE,
};

/* Input addresses (VAs at stage 1, IPAs at stage 2) are plain integers
 * inside the walker: the typed entry points at the end of this file
 * take them apart and check that the table is of that stage. */
struct walk {
	struct pgtable *pt;
	enum walk_op op;
	uint64_t ia_start;	/* map: where the range starts ... */
	paddr_t pa_start;	/* ... and what it maps to */
	uint64_t attr;		/* map, set_attr: the leaf attribute bits */
	unsigned leaf_level;	/* reserve: tables down to this level's */
	bool commit;
	unsigned need;		/* dry run: table pages the commit takes */
	paddr_t stash;		/* commit: those pages, chained by word 0 */
	int err;
};

/* A table as a walk sees it: real (p), or in a dry run the table a commit
 * would create, empty (fill 0) or the block fill split one level down. */
struct tview {
	uint64_t *p;
	uint64_t fill;
	unsigned level;		/* of its entries */
	uint64_t base;		/* input address of its first entry */
	bool live;		/* reachable by the hardware walk */
};

static unsigned level_shift(unsigned level)
{
	return 39 - 9 * level;
}

static uint64_t *table_ptr(const struct pgtable *pt, paddr_t pa)
{
	return pt->ops->va_of_pa(pt->ctx, pa);
}

static unsigned root_entries(const struct pgtable *pt)
{
	return 1u << (pt->ia_bits - level_shift(pt->start_level));
}

static bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & 3) == 3;
}

/* Blocks at levels 1 and 2, pages at 3; a level-0 block and a level-3
 * "block" are reserved encodings that the hardware treats as invalid. */
static bool is_leaf(uint64_t d, unsigned level)
{
	return level > 0 && (d & 3) == (level == 3 ? 3u : 1u);
}

static uint64_t leaf_attr(uint64_t d)
{
	return d & ~(PTE_ADDR_MASK | 3);
}

/* The output address of a table or leaf descriptor. */
static paddr_t desc_pa(uint64_t d)
{
	return pa_init(d & PTE_ADDR_MASK);
}

static uint64_t make_leaf(paddr_t out, uint64_t attr, unsigned level)
{
	return (pa_addr(out) & PTE_ADDR_MASK) | attr | (level == 3 ? 3 : 1);
}

/* Entry i of the table that replaces block (0: an empty table). */
static uint64_t child_entry(uint64_t block, unsigned level, unsigned i)
{
	if (!block)
		return 0;
	return make_leaf(pa_add(desc_pa(block), (uint64_t)i << level_shift(level)),
			 leaf_attr(block), level);
}

static uint64_t attr_bits(enum pt_format format, enum pt_attr attr)
{
	const uint64_t s1 = PTE_AF | PTE_AP_RES1;
	const uint64_t s2_normal = PTE_AF | S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | PTE_SH_INNER;

	if (format == PT_STAGE1_EL2) {
		switch (attr) {
		case PT_TEXT:
			return s1 | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AP_RO;
		case PT_RODATA:
			return s1 | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AP_RO | PTE_XN;
		case PT_DATA:
			return s1 | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_XN;
		case PT_DEVICE:
			return s1 | PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_XN;
		default:
			return 0;
		}
	}
	switch (attr) {
	case PT_S2_NORMAL_RW:
		return s2_normal | S2AP_R | S2AP_W;
	case PT_S2_NORMAL_RO:
		return s2_normal | S2AP_R;
	case PT_S2_DEVICE:
		return PTE_AF | S2_MEMATTR(S2_MEMATTR_DEVICE_nGnRE) | S2AP_R | S2AP_W | PTE_XN;
	default:
		return 0;
	}
}

static bool decode_attr(enum pt_format format, uint64_t bits, enum pt_attr *attr)
{
	for (unsigned a = 0; a < PT_ATTR_COUNT; a++) {
		if (attr_bits(format, (enum pt_attr)a) == bits) {
			*attr = (enum pt_attr)a;
			return true;
		}
	}
	return false;
}

static void set_entry(const struct pgtable *pt, uint64_t *ptep, uint64_t desc)
{
	if (pt->ops->trace)
		pt->ops->trace(pt->ctx, ptep, desc);
	WRITE_ONCE(*ptep, desc);
}

static uint64_t entry_ia(const struct tview *t, unsigned idx)
{
	return t->base + ((uint64_t)idx << level_shift(t->level));
}

static uint64_t get_entry(const struct tview *t, unsigned idx)
{
	if (t->p)
		return READ_ONCE(t->p[idx]);
	return child_entry(t->fill, t->level, idx);
}

/* Break: write the entry invalid and, if the hardware may have cached it,
 * invalidate the TLB before anything new is written there. */
static void clear_entry(struct walk *w, const struct tview *t, unsigned idx)
{
	const struct pgtable *pt = w->pt;

	set_entry(pt, &t->p[idx], 0);
	if (t->live && pt->ops->tlbi)
		pt->ops->tlbi(pt->ctx, entry_ia(t, idx), t->level);
}

static bool table_empty(const uint64_t *p)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (READ_ONCE(p[i]))
			return false;
	return true;
}

static void walk_table(struct walk *w, const struct tview *t, uint64_t s, uint64_t e);

/* Entry idx of t needs a table of its own: it is invalid (old 0, map) or
 * a block covered in part (old, split). The new table is filled and
 * changed while unreachable, then linked. */
static void new_table(struct walk *w, const struct tview *t, unsigned idx,
		      uint64_t old, uint64_t s, uint64_t e)
{
	const struct pgtable *pt = w->pt;
	struct tview c = {
		.fill = old,
		.level = t->level + 1,
		.base = entry_ia(t, idx),
		.live = false,
	};
	paddr_t pa;

	if (!w->commit) {
		w->need++;
		walk_table(w, &c, s, e);
		return;
	}
	pa = w->stash;
	c.p = table_ptr(pt, pa);
	w->stash = pa_init(READ_ONCE(c.p[0]));
	for (unsigned i = 0; i < ENTRIES; i++)
		WRITE_ONCE(c.p[i], child_entry(old, c.level, i));
	walk_table(w, &c, s, e);
	if (old)
		clear_entry(w, t, idx);
	if (t->live && pt->ops->publish)
		pt->ops->publish(pt->ctx);
	set_entry(pt, &t->p[idx], pa_addr(pa) | PTE_VALID | PTE_TABLE |
		  (w->op == WALK_RESERVE ? PTE_TABLE_KEEP : 0));
}

static void walk_child(struct walk *w, const struct tview *t, unsigned idx,
		       uint64_t d, uint64_t s, uint64_t e, bool full)
{
	const struct pgtable *pt = w->pt;
	paddr_t pa = desc_pa(d);
	struct tview c = {
		.p = table_ptr(pt, pa),
		.level = t->level + 1,
		.base = entry_ia(t, idx),
		.live = t->live,
	};

	walk_table(w, &c, s, e);
	/* A table already there becomes one reserve made: only an ignored
	 * bit changes, which needs no break. */
	if (w->commit && w->op == WALK_RESERVE && !(d & PTE_TABLE_KEEP))
		set_entry(pt, &t->p[idx], d | PTE_TABLE_KEEP);
	/* Unmap leaves no empty table behind, but those reserve made. */
	if (w->commit && w->op == WALK_UNMAP && !(d & PTE_TABLE_KEEP) &&
	    (full || table_empty(c.p))) {
		clear_entry(w, t, idx);
		if (pt->ops->free_pages)
			pt->ops->free_pages(pt->ctx, pa, 1);
	}
}

/* Entry idx of t is the leaf d, or invalid (d 0); [s, e) is the part of
 * it the operation covers, all of it if full. */
static void walk_entry(struct walk *w, const struct tview *t, unsigned idx,
		       uint64_t d, uint64_t s, uint64_t e, bool full)
{
	const struct pgtable *pt = w->pt;
	unsigned level = t->level;
	uint64_t blk = 1ULL << level_shift(level);
	paddr_t pa = pa_add(w->pa_start, s - w->ia_start);

	switch (w->op) {
	case WALK_MAP:
		if (d) {
			if (!pa_eq(pa_add(desc_pa(d), s - entry_ia(t, idx)), pa) ||
			    leaf_attr(d) != w->attr)
				w->err = -EEXIST;
		} else if (full && level > 0 && pa_is_aligned(pa, blk)) {
			if (w->commit)
				set_entry(pt, &t->p[idx], make_leaf(pa, w->attr, level));
		} else {
			new_table(w, t, idx, 0, s, e);
		}
		break;
	case WALK_UNMAP:
		if (!d)
			break;
		if (!full)
			new_table(w, t, idx, d, s, e);
		else if (w->commit)
			clear_entry(w, t, idx);
		break;
	case WALK_SET_ATTR:
		if (!d || leaf_attr(d) == w->attr)
			break;
		if (!full) {
			new_table(w, t, idx, d, s, e);
		} else if (w->commit) {
			clear_entry(w, t, idx);
			set_entry(pt, &t->p[idx], make_leaf(desc_pa(d), w->attr, level));
		}
		break;
	case WALK_RESERVE:
		/* Above the leaf level (walk_table): a hole gets a table. */
		if (d)
			w->err = -EEXIST;
		else
			new_table(w, t, idx, 0, s, e);
		break;
	}
}

/* Visits the entries of t that [s, e) covers; e is within t's range. */
static void walk_table(struct walk *w, const struct tview *t, uint64_t s, uint64_t e)
{
	unsigned shift = level_shift(t->level);
	uint64_t blk = 1ULL << shift;
	unsigned idx = (unsigned)((s - t->base) >> shift);

	if (w->op == WALK_RESERVE && t->level >= w->leaf_level)
		return;	/* where the leaves will go */
	for (; s < e && !w->err; idx++) {
		uint64_t eb = entry_ia(t, idx);
		uint64_t ee = e - eb > blk ? eb + blk : e;
		bool full = s == eb && ee == eb + blk;
		uint64_t d = get_entry(t, idx);

		if (is_table(d, t->level))
			walk_child(w, t, idx, d, s, ee, full);
		else
			walk_entry(w, t, idx, is_leaf(d, t->level) ? d : 0, s, ee, full);
		s = ee;
	}
}

static void release_stash(struct walk *w)
{
	const struct pgtable *pt = w->pt;

	while (pa_addr(w->stash)) {
		paddr_t pa = w->stash;

		w->stash = pa_init(READ_ONCE(table_ptr(pt, pa)[0]));
		if (pt->ops->free_pages)
			pt->ops->free_pages(pt->ctx, pa, 1);
	}
}

/* Check and count, allocate, commit. */
static int run(struct walk *w, uint64_t ia, uint64_t size)
{
	const struct pgtable *pt = w->pt;
	struct tview root = {
		.p = table_ptr(pt, pt->root_pa),
		.level = pt->start_level,
		.base = 0,
		.live = true,
	};

	walk_table(w, &root, ia, ia + size);
	if (w->err)
		return w->err;
	for (unsigned i = 0; i < w->need; i++) {
		paddr_t pa = pt->ops->alloc_pages(pt->ctx, 1);

		if (!pa_addr(pa)) {
			release_stash(w);
			return -ENOMEM;
		}
		WRITE_ONCE(table_ptr(pt, pa)[0], pa_addr(w->stash));
		w->stash = pa;
	}
	w->commit = true;
	walk_table(w, &root, ia, ia + size);
	release_stash(w);	/* empty unless the two passes disagreed */
	return 0;
}

static int check_range(const struct pgtable *pt, uint64_t ia, uint64_t size)
{
	if (!IS_ALIGNED(ia, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE) || size == 0)
		return -EINVAL;
	if (ia + size < ia || ia + size > (1ULL << pt->ia_bits))
		return -ERANGE;
	return 0;
}

static int map(struct pgtable *pt, uint64_t ia, paddr_t pa, uint64_t size,
	       enum pt_attr attr)
{
	struct walk w = { .pt = pt, .op = WALK_MAP };
	int ret = check_range(pt, ia, size);

	if (ret)
		return ret;
	if (!pa_is_aligned(pa, PAGE_SIZE) || attr >= PT_ATTR_COUNT ||
	    !attr_bits(pt->format, attr))
		return -EINVAL;
	if (pa_addr(pa) + size < pa_addr(pa) || pa_addr(pa) + size > PTE_ADDR_MASK + PAGE_SIZE)
		return -ERANGE;
	w.ia_start = ia;
	w.pa_start = pa;
	w.attr = attr_bits(pt->format, attr);
	return run(&w, ia, size);
}

static int unmap(struct pgtable *pt, uint64_t ia, uint64_t size)
{
	struct walk w = { .pt = pt, .op = WALK_UNMAP };
	int ret = check_range(pt, ia, size);

	return ret ? ret : run(&w, ia, size);
}

static int set_attr(struct pgtable *pt, uint64_t ia, uint64_t size,
		    enum pt_attr attr)
{
	struct walk w = { .pt = pt, .op = WALK_SET_ATTR };
	int ret = check_range(pt, ia, size);

	if (ret)
		return ret;
	if (attr >= PT_ATTR_COUNT || !attr_bits(pt->format, attr))
		return -EINVAL;
	w.attr = attr_bits(pt->format, attr);
	return run(&w, ia, size);
}

static int reserve(struct pgtable *pt, uint64_t ia, uint64_t size, unsigned leaf_level)
{
	struct walk w = { .pt = pt, .op = WALK_RESERVE, .leaf_level = leaf_level };
	int ret = check_range(pt, ia, size);

	if (ret)
		return ret;
	return leaf_level < 1 || leaf_level > 3 ? -EINVAL : run(&w, ia, size);
}

static int lookup(const struct pgtable *pt, uint64_t ia, paddr_t *pa,
		  enum pt_attr *attr, unsigned *level)
{
	const uint64_t *table = table_ptr(pt, pt->root_pa);
	unsigned lvl = pt->start_level;
	uint64_t d, mask;

	if (ia >= (1ULL << pt->ia_bits))
		return -ENOENT;
	for (;; lvl++) {
		unsigned n = lvl == pt->start_level ? root_entries(pt) : ENTRIES;

		d = READ_ONCE(table[(ia >> level_shift(lvl)) & (n - 1)]);
		if (!is_table(d, lvl))
			break;
		table = table_ptr(pt, desc_pa(d));
	}
	if (!is_leaf(d, lvl))
		return (d & PTE_VALID) ? -EIO : -ENOENT;
	if (!decode_attr(pt->format, leaf_attr(d), attr))
		return -EIO;
	mask = (1ULL << level_shift(lvl)) - 1;
	*pa = pa_add(pa_align_down(desc_pa(d), mask + 1), ia & mask);
	*level = lvl;
	return 0;
}

/* The typed entry points (mm/pgtable.h): the same five operations, on
 * EL2 VAs for stage-1 tables (pt_map, pt_unmap, pt_set_attr, pt_reserve,
 * pt_lookup) and on IPAs for stage-2 tables (pt_s2_map, pt_s2_unmap,
 * pt_s2_set_attr, pt_s2_reserve, pt_s2_lookup). Each refuses a table of
 * the other stage. */
#define PT_ENTRY_POINTS(P, ADDR_T, ADDR, FORMAT)				\
int P##map(struct pgtable *pt, ADDR_T ia, paddr_t pa, uint64_t size,		\
	   enum pt_attr attr)							\
{										\
	return pt->format == FORMAT ? map(pt, ADDR(ia), pa, size, attr) : -EINVAL; \
}										\
int P##unmap(struct pgtable *pt, ADDR_T ia, uint64_t size)			\
{										\
	return pt->format == FORMAT ? unmap(pt, ADDR(ia), size) : -EINVAL;	\
}										\
int P##set_attr(struct pgtable *pt, ADDR_T ia, uint64_t size, enum pt_attr attr) \
{										\
	return pt->format == FORMAT ? set_attr(pt, ADDR(ia), size, attr) : -EINVAL; \
}										\
int P##reserve(struct pgtable *pt, ADDR_T ia, uint64_t size, unsigned leaf_level) \
{										\
	return pt->format == FORMAT ? reserve(pt, ADDR(ia), size, leaf_level) : -EINVAL; \
}										\
int P##lookup(const struct pgtable *pt, ADDR_T ia, paddr_t *pa,		\
	      enum pt_attr *attr, unsigned *level)				\
{										\
	return pt->format == FORMAT ? lookup(pt, ADDR(ia), pa, attr, level) : -EINVAL; \
}

PT_ENTRY_POINTS(pt_, vaddr_t, va_addr, PT_STAGE1_EL2)
PT_ENTRY_POINTS(pt_s2_, ipaddr_t, ipa_addr, PT_STAGE2)
#undef PT_ENTRY_POINTS

int pt_init(struct pgtable *pt, enum pt_format format, unsigned ia_bits,
	    paddr_t root_pa, const struct pt_ops *ops, void *ctx)
{
	unsigned start, pages;

	if (format == PT_STAGE1_EL2 && ia_bits == 48) {
		start = 0;
		pages = 1;
	} else if (format == PT_STAGE2 && ia_bits >= 40 && ia_bits <= 48) {
		/* Up to 42 bits: concatenated level-1 tables save a level. */
		start = ia_bits <= 42 ? 1 : 0;
		pages = ia_bits <= 42 ? 1u << (ia_bits - 39) : 1;
	} else {
		return -EINVAL;
	}
	pt->format = format;
	pt->ia_bits = ia_bits;
	pt->start_level = start;
	pt->root_pages = pages;
	pt->ops = ops;
	pt->ctx = ctx;
	pt->root_pa = pa_init(0);
	if (!pa_addr(root_pa)) {
		uint64_t *p;

		root_pa = ops->alloc_pages(ctx, pages);
		if (!pa_addr(root_pa))
			return -ENOMEM;
		p = table_ptr(pt, root_pa);
		for (unsigned i = 0; i < pages * ENTRIES; i++)
			WRITE_ONCE(p[i], 0);
	}
	if (!pa_is_aligned(root_pa, (uint64_t)pages * PAGE_SIZE))
		return -EINVAL;
	pt->root_pa = root_pa;
	return 0;
}

static void free_tree(const struct pgtable *pt, paddr_t pa, unsigned level,
		      unsigned entries, unsigned pages)
{
	const uint64_t *p = table_ptr(pt, pa);

	for (unsigned i = 0; i < entries; i++) {
		uint64_t d = READ_ONCE(p[i]);

		if (is_table(d, level))
			free_tree(pt, desc_pa(d), level + 1, ENTRIES, 1);
	}
	if (pt->ops->free_pages)
		pt->ops->free_pages(pt->ctx, pa, pages);
}

void pt_destroy(struct pgtable *pt)
{
	paddr_t root = pt->root_pa;

	if (!pa_addr(root))
		return;
	pt->root_pa = pa_init(0);
	free_tree(pt, root, pt->start_level, root_entries(pt), pt->root_pages);
}

int pt_s2_regs(const struct pgtable *pt, unsigned pa_bits, uint64_t *vtcr,
	       uint64_t *vttbr_baddr)
{
	/* ID_AA64MMFR0_EL1.PARange encodings, as VTCR_EL2.PS takes them. */
	static const unsigned ps_bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned ps = 0;

	if (pa_bits > 48)
		pa_bits = 48;	/* descriptors hold 48-bit output addresses */
	while (ps < ARRAY_SIZE(ps_bits) && ps_bits[ps] != pa_bits)
		ps++;
	if (pt->format != PT_STAGE2 || ps == ARRAY_SIZE(ps_bits) ||
	    pt->ia_bits > pa_bits)
		return -EINVAL;
	*vtcr = VTCR_RES1 | VTCR_T0SZ(pt->ia_bits) |
		((uint64_t)(pt->start_level == 0 ? 2 : 1) << VTCR_SL0_SHIFT) |
		VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA | VTCR_SH0_INNER | VTCR_TG0_4K |
		((uint64_t)ps << VTCR_PS_SHIFT);
	*vttbr_baddr = pa_addr(pt->root_pa);
	return 0;
}
