/* EL2 stage-1 page-table builder (see armhv/pgtable.h).
 *
 * This file is compiled with -mstrict-align and without library calls: the
 * boot CPU runs it with the MMU off, when all memory is Device memory. */
#include <mm/pgtable.h>

#define LEVELS		4
#define ENTRIES		512

static unsigned level_shift(unsigned level)
{
	return 39 - 9 * level;
}

static uint64_t *table_ptr(const struct pgtable *pt, paddr_t pa)
{
	return (uint64_t *)(uintptr_t)(pa + (uint64_t)pt->va_of_pa);
}

static uint64_t leaf_bits(enum pt_attr attr, unsigned level)
{
	uint64_t d = PTE_VALID | PTE_AF | PTE_AP_RES1;

	if (level == 3)
		d |= PTE_TABLE;	/* page descriptor */
	switch (attr) {
	case PT_TEXT:
		return d | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AP_RO;
	case PT_RODATA:
		return d | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AP_RO | PTE_XN;
	case PT_DATA:
		return d | PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_XN;
	case PT_DEVICE:
	default:
		return d | PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_XN;
	}
}

static bool desc_attr(uint64_t desc, enum pt_attr *attr)
{
	for (unsigned a = 0; a < PT_ATTR_COUNT; a++) {
		/* Compare everything but the type bit, which depends on level. */
		if ((leaf_bits((enum pt_attr)a, 0) & ~PTE_TABLE) ==
		    (desc & ~(PTE_ADDR_MASK | PTE_TABLE))) {
			*attr = (enum pt_attr)a;
			return true;
		}
	}
	return false;
}

static void zero_page(uint64_t *p)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		((volatile uint64_t *)p)[i] = 0;
}

int pt_init(struct pgtable *pt)
{
	paddr_t root = pt->alloc_page(pt->alloc_ctx);

	if (!root)
		return -ENOMEM;
	zero_page(table_ptr(pt, root));
	pt->root_pa = root;
	return 0;
}

static bool is_block_level(unsigned level)
{
	return level == 1 || level == 2;
}

/* Walks to va's leaf or to the first invalid entry. Returns the level
 * reached; *desc is that entry (0 if invalid). */
static unsigned walk(const struct pgtable *pt, vaddr_t va, uint64_t *desc)
{
	paddr_t table_pa = pt->root_pa;

	for (unsigned lvl = 0;; lvl++) {
		const uint64_t *table = table_ptr(pt, table_pa);
		uint64_t d = table[(va >> level_shift(lvl)) & (ENTRIES - 1)];

		if (!(d & PTE_VALID) || lvl == 3 || !(d & PTE_TABLE)) {
			*desc = (d & PTE_VALID) ? d : 0;
			return lvl;
		}
		table_pa = d & PTE_ADDR_MASK;
	}
}

/* First pass: check that the whole range is free or identical, so that
 * the second pass (which may allocate tables) cannot fail half-way for
 * any reason but memory. Steps over whole blocks, mapped or free. */
static int check_range(const struct pgtable *pt, vaddr_t va, paddr_t pa,
		       uint64_t size, enum pt_attr attr)
{
	uint64_t off = 0;

	while (off < size) {
		uint64_t desc, blk;
		unsigned lvl = walk(pt, va + off, &desc);

		blk = 1ULL << level_shift(lvl);
		if (desc) {
			paddr_t cur_pa;
			enum pt_attr cur_attr;
			unsigned l;

			if (pt_lookup(pt, va + off, &cur_pa, &cur_attr, &l) != 0 ||
			    cur_pa != pa + off || cur_attr != attr)
				return -EEXIST;
		}
		off = ALIGN_DOWN(va + off, blk) + blk - va;
	}
	return 0;
}

static int map_level(struct pgtable *pt, paddr_t table_pa, unsigned level,
		     vaddr_t va, paddr_t pa, uint64_t size, enum pt_attr attr)
{
	uint64_t *table = table_ptr(pt, table_pa);
	unsigned shift = level_shift(level);
	uint64_t blk = 1ULL << shift;

	while (size) {
		unsigned idx = (unsigned)((va >> shift) & (ENTRIES - 1));
		uint64_t chunk = ALIGN_DOWN(va, blk) + blk - va;
		uint64_t desc = table[idx];
		int ret;

		if (chunk > size)
			chunk = size;
		if ((level == 3 || is_block_level(level)) && chunk == blk &&
		    IS_ALIGNED(pa, blk) && (desc & PTE_VALID) == 0) {
			table[idx] = (pa & PTE_ADDR_MASK) | leaf_bits(attr, level);
		} else if (level < 3 && (desc & (PTE_VALID | PTE_TABLE)) ==
			   (PTE_VALID | PTE_TABLE)) {
			ret = map_level(pt, desc & PTE_ADDR_MASK, level + 1,
					va, pa, chunk, attr);
			if (ret)
				return ret;
		} else if (desc & PTE_VALID) {
			/* An identical leaf (checked by check_range). */
		} else if (level < 3) {
			paddr_t next = pt->alloc_page(pt->alloc_ctx);

			if (!next)
				return -ENOMEM;
			zero_page(table_ptr(pt, next));
			table[idx] = next | PTE_VALID | PTE_TABLE;
			ret = map_level(pt, next, level + 1, va, pa, chunk, attr);
			if (ret)
				return ret;
		} else {
			return -EINVAL;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int pt_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
	   enum pt_attr attr)
{
	int ret;

	if (!IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    !IS_ALIGNED(size, PAGE_SIZE) || size == 0 || attr >= PT_ATTR_COUNT)
		return -EINVAL;
	if (va + size < va || va + size > (1ULL << 48) ||
	    pa + size < pa || pa + size > (1ULL << 48))
		return -ERANGE;
	ret = check_range(pt, va, pa, size, attr);
	if (ret)
		return ret;
	return map_level(pt, pt->root_pa, 0, va, pa, size, attr);
}

int pt_lookup(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
	      enum pt_attr *attr, unsigned *level)
{
	paddr_t table_pa = pt->root_pa;

	if (va >= (1ULL << 48))
		return -ENOENT;
	for (unsigned lvl = 0; lvl < LEVELS; lvl++) {
		const uint64_t *table = table_ptr(pt, table_pa);
		unsigned shift = level_shift(lvl);
		uint64_t desc = table[(va >> shift) & (ENTRIES - 1)];

		if (!(desc & PTE_VALID))
			return -ENOENT;
		if (lvl < 3 && (desc & PTE_TABLE)) {
			table_pa = desc & PTE_ADDR_MASK;
			continue;
		}
		if (lvl == 0 || (lvl == 3 && !(desc & PTE_TABLE)))
			return -ENOENT;	/* reserved encodings */
		if (!desc_attr(desc, attr))
			return -ENOENT;
		*pa = (desc & PTE_ADDR_MASK & ~((1ULL << shift) - 1)) |
		      (va & ((1ULL << shift) - 1));
		*level = lvl;
		return 0;
	}
	return -ENOENT;
}
