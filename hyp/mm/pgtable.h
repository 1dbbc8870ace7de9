/* EL2 stage-1 page tables: 4 KiB granule, 48-bit VA, four levels.
 *
 * One builder serves every caller: the boot CPU building the first tables
 * with the MMU off, the runtime adding device windows, and host unit tests.
 * A table page is reached through `va_of_pa`, the offset that turns a
 * table's physical address into a pointer the caller can dereference (0
 * with the MMU off).
 */
#ifndef ARMHV_PGTABLE_H
#define ARMHV_PGTABLE_H

#include <arch/types.h>

enum pt_attr {
	PT_TEXT,	/* normal memory, read-only, executable */
	PT_RODATA,	/* normal memory, read-only, never executable */
	PT_DATA,	/* normal memory, read-write, never executable */
	PT_DEVICE,	/* Device-nGnRE, read-write, never executable */
	PT_ATTR_COUNT,
};

struct pgtable {
	paddr_t root_pa;
	int64_t va_of_pa;
	/* Returns the PA of a zeroed page, or 0 when out of memory. */
	paddr_t (*alloc_page)(void *ctx);
	void *alloc_ctx;
};

/* MAIR_EL2 indices used by the descriptors. */
#define MAIR_IDX_NORMAL		0
#define MAIR_IDX_DEVICE		1
#define MAIR_VALUE		(0xffULL | (0x04ULL << 8))

/* Descriptor bits. */
#define PTE_VALID		(1ULL << 0)
#define PTE_TABLE		(1ULL << 1)	/* table (L0-L2) or page (L3) */
#define PTE_ATTRIDX(i)		((uint64_t)(i) << 2)
#define PTE_AP_RO		(1ULL << 7)
#define PTE_AP_RES1		(1ULL << 6)	/* RES1 at EL2; EL0 access at EL1 */
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			(1ULL << 10)
#define PTE_XN			(1ULL << 54)
#define PTE_ADDR_MASK		0x0000fffffffff000ULL

int pt_init(struct pgtable *pt);
/* Maps [va, va + size) to [pa, pa + size). All three must be page
 * aligned. Uses 1 GiB and 2 MiB blocks where alignment allows. Mapping a
 * range again with the same PA and attributes succeeds; anything else
 * already mapped there gives -EEXIST and leaves the table unchanged. */
int pt_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
	   enum pt_attr attr);
/* Translates va. Returns 0 and fills pa/attr/level (the level of the
 * leaf: 1, 2 or 3), or -ENOENT. */
int pt_lookup(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
	      enum pt_attr *attr, unsigned *level);

#endif
