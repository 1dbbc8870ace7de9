/* Page tables: one walker for EL2 stage 1 and guest stage 2, 4 KiB granule.
 *
 * Stage 1 (EL2, TTBR0_EL2): 48-bit VA, four levels from level 0.
 * Stage 2 (guest IPA -> PA): ipa_bits 40 to 48. 40-42 bits start at level
 * 1 with 2, 4 or 8 concatenated root pages (VTCR_EL2.SL0 = 1); 43-48 bits
 * start at level 0 with one root page (SL0 = 2). pt_s2_regs() gives the
 * matching VTCR_EL2 and the VTTBR_EL2 base address.
 *
 * Every caller (the boot CPU with the MMU off, the runtime, host tests)
 * provides a struct pt_ops: where table pages come from, how to reach
 * them, and the TLB maintenance for live changes.
 *
 * Operations are all-or-nothing: each walks its range once to check it and
 * count the table pages it will need, allocates them all, then commits
 * with no failure possible. -ENOMEM (or any error) leaves the tables
 * byte-for-byte as they were and every page allocated meanwhile returned.
 *
 * Live entries change with break-before-make: a valid entry that changes
 * output address, size (a block split into a table) or attributes is
 * first written invalid, then ops->tlbi() runs for it, then the new entry
 * is written. Invalid-to-valid changes need no TLB maintenance, only a DSB
 * ISHST by the caller before the mapping is used; nor does setting an
 * ignored bit (PTE_TABLE_KEEP). Callers serialise operations on one table.
 */
#ifndef ARMHV_PGTABLE_H
#define ARMHV_PGTABLE_H

#include <arch/types.h>

enum pt_format {
	PT_STAGE1_EL2,
	PT_STAGE2,
};

enum pt_attr {
	/* Stage 1 (EL2). */
	PT_TEXT,	/* normal memory, read-only, executable */
	PT_RODATA,	/* normal memory, read-only, never executable */
	PT_DATA,	/* normal memory, read-write, never executable */
	PT_DEVICE,	/* Device-nGnRE, read-write, never executable */
	/* Stage 2 (guest). */
	PT_S2_NORMAL_RW,	/* normal write-back, read-write, executable */
	PT_S2_NORMAL_RO,	/* normal write-back, read-only, executable */
	PT_S2_DEVICE,		/* Device-nGnRE, read-write, never executable */
	PT_ATTR_COUNT,
};

struct pt_ops {
	/* count contiguous pages aligned to count pages (count > 1 only for
	 * a concatenated stage-2 root), contents undefined; PA 0 when out of
	 * memory. */
	paddr_t (*alloc_pages)(void *ctx, unsigned count);
	/* Takes back table pages; NULL: they are dropped (the boot pool). */
	void (*free_pages)(void *ctx, paddr_t pa, unsigned count);
	/* A pointer to the table page at pa (contiguous for a root). */
	void *(*va_of_pa)(void *ctx, paddr_t pa);
	/* A live entry for input address ia (a VA at stage 1, an IPA at
	 * stage 2) at level was just written invalid: make that visible
	 * (DSB ISHST), invalidate every TLB and walk-cache entry it may have
	 * fed, and wait for completion (DSB ISH). NULL only for tables that
	 * never change live (boot). */
	void (*tlbi)(void *ctx, uint64_t ia, unsigned level);
	/* A filled table is about to be linked into a live one: DSB ISHST.
	 * May be NULL (MMU off). */
	void (*publish)(void *ctx);
	/* Host tests: called before each descriptor write. */
	void (*trace)(void *ctx, const uint64_t *ptep, uint64_t desc);
};

struct pgtable {
	enum pt_format format;
	unsigned ia_bits;	/* input (VA or IPA) size */
	unsigned start_level;
	unsigned root_pages;
	paddr_t root_pa;
	const struct pt_ops *ops;
	void *ctx;
};

/* MAIR_EL2 indices used by stage-1 descriptors. */
#define MAIR_IDX_NORMAL		0
#define MAIR_IDX_DEVICE		1
#define MAIR_VALUE		(0xffULL | (0x04ULL << 8))

/* Descriptor bits common to both stages. */
#define PTE_VALID		(1ULL << 0)
#define PTE_TABLE		(1ULL << 1)	/* table (L0-L2) or page (L3) */
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			(1ULL << 10)
#define PTE_XN			(1ULL << 54)
#define PTE_ADDR_MASK		0x0000fffffffff000ULL
/* Software (an ignored bit of table descriptors): a table pt_reserve()
 * made or claimed; unmap leaves it linked, even empty. */
#define PTE_TABLE_KEEP		(1ULL << 55)
/* Stage 1 at EL2. */
#define PTE_ATTRIDX(i)		((uint64_t)(i) << 2)
#define PTE_AP_RO		(1ULL << 7)
#define PTE_AP_RES1		(1ULL << 6)	/* RES1 at EL2; EL0 access at EL1 */
/* Stage 2: MemAttr[3:0] (VTCR_EL2/HCR_EL2.FWB = 0) and S2AP. */
#define S2_MEMATTR(x)		((uint64_t)(x) << 2)
#define S2_MEMATTR_NORMAL_WB	0xf	/* outer and inner write-back */
#define S2_MEMATTR_DEVICE_nGnRE	0x1
#define S2AP_R			(1ULL << 6)
#define S2AP_W			(1ULL << 7)

/* VTCR_EL2 fields pt_s2_regs() sets. */
#define VTCR_T0SZ(bits)		(64 - (uint64_t)(bits))
#define VTCR_SL0_SHIFT		6
#define VTCR_IRGN0_WBWA		(1ULL << 8)
#define VTCR_ORGN0_WBWA		(1ULL << 10)
#define VTCR_SH0_INNER		(3ULL << 12)
#define VTCR_TG0_4K		(0ULL << 14)
#define VTCR_PS_SHIFT		16
#define VTCR_RES1		(1ULL << 31)

/* Sets up pt for format with ia_bits (48 for stage 1, 40-48 for stage 2).
 * With root_pa 0, allocates a new empty root; otherwise takes over an
 * existing table. */
int pt_init(struct pgtable *pt, enum pt_format format, unsigned ia_bits,
	    paddr_t root_pa, const struct pt_ops *ops, void *ctx);
/* Frees every table page, root included. No TLB maintenance: the table
 * must be out of use, or the caller flushes (e.g. by VMID) before reusing
 * the pages' contents. */
void pt_destroy(struct pgtable *pt);

/* The operations come in two sets with the same behaviour: pt_* take
 * EL2 VAs and work on stage-1 tables only, pt_s2_* take IPAs and work
 * on stage-2 tables only; either gives -EINVAL for a table of the other
 * stage. */

/* Maps [va, va + size) to [pa, pa + size), all page aligned, with blocks
 * (1 GiB, 2 MiB) where alignment allows. What is already mapped there the
 * same way is left alone; anything else mapped there gives -EEXIST. It
 * only fills invalid entries, so it never needs a TLBI. */
int pt_map(struct pgtable *pt, vaddr_t va, paddr_t pa, uint64_t size,
	   enum pt_attr attr);
int pt_s2_map(struct pgtable *pt, ipaddr_t ipa, paddr_t pa, uint64_t size,
	      enum pt_attr attr);
/* Unmaps [va, va + size), splitting blocks it covers in part; holes are
 * skipped. Tables left empty are unlinked and freed (ops->free_pages),
 * except those pt_reserve() keeps. */
int pt_unmap(struct pgtable *pt, vaddr_t va, uint64_t size);
int pt_s2_unmap(struct pgtable *pt, ipaddr_t ipa, uint64_t size);
/* Gives what is mapped in [va, va + size) the attributes attr, keeping
 * the output addresses; splits blocks covered in part; skips holes. */
int pt_set_attr(struct pgtable *pt, vaddr_t va, uint64_t size,
		enum pt_attr attr);
int pt_s2_set_attr(struct pgtable *pt, ipaddr_t ipa, uint64_t size,
		   enum pt_attr attr);
/* Makes every table down to leaf_level's (2: the tables of 2 MiB blocks;
 * 3: of pages) exist for [va, va + size), and keeps them: a later map of
 * leaves of that level there allocates nothing, so it cannot fail for
 * want of memory, and unmap leaves them in place (pt_destroy frees them).
 * Tables already there are kept too; a leaf larger than leaf_level's
 * entries in the range gives -EEXIST. For ranges mapped on demand, such
 * as a guest's RAM made ready block by block. */
int pt_reserve(struct pgtable *pt, vaddr_t va, uint64_t size, unsigned leaf_level);
int pt_s2_reserve(struct pgtable *pt, ipaddr_t ipa, uint64_t size, unsigned leaf_level);
/* Translates va. Returns 0 and fills pa/attr/level (the level of the
 * leaf: 1, 2 or 3), -ENOENT if unmapped, -EIO for a descriptor the walker
 * never writes. */
int pt_lookup(const struct pgtable *pt, vaddr_t va, paddr_t *pa,
	      enum pt_attr *attr, unsigned *level);
int pt_s2_lookup(const struct pgtable *pt, ipaddr_t ipa, paddr_t *pa,
		 enum pt_attr *attr, unsigned *level);

/* Stage 2: VTCR_EL2 for this table on a machine with pa_bits of physical
 * address (its PS field), and VTTBR_EL2's BADDR (the caller adds the
 * VMID). -EINVAL if pt is not stage 2 or its IPA size exceeds pa_bits. */
int pt_s2_regs(const struct pgtable *pt, unsigned pa_bits, uint64_t *vtcr,
	       uint64_t *vttbr_baddr);

#endif
