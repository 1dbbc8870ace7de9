/* The live EL2 tables after boot (device windows, the linear map) and the
 * EL2 side of guest stage-2 tables. */
#ifndef ARMHV_MMU_H
#define ARMHV_MMU_H

#include <mm/pgtable.h>
#include <mm/layout.h>

/* Takes over the tables the boot CPU built with the MMU off: the runtime
 * and boot table roots, and armhv's image (whose pages are reached at
 * their image VA, every other page through the linear map). New table
 * pages come from boot_alloc, pages inside the image, until
 * mmu_use_page_alloc(); from the page allocator after it. */
void mmu_init(paddr_t runtime_root, paddr_t boot_root, paddr_t image_pa,
	      uint64_t image_size, paddr_t (*boot_alloc)(void *ctx, unsigned count));
/* The linear map now covers every page the page allocator hands out. */
void mmu_use_page_alloc(void);

/* Maps a device's registers in the runtime table (and, with both, in the
 * boot table too, at the same VA) and returns the VA of pa, or VA 0. */
vaddr_t mmio_map(paddr_t pa, uint64_t size, bool both_tables);
int mmu_map_linear(paddr_t pa, uint64_t size);
/* Pages of EL2 tables taken from the page allocator (counted in its
 * "used"); the boot pool's are not. */
uint64_t mmu_table_pages(void);

/* The linear map: RAM (less armhv's image) at LINEAR_VA_BASE + PA. */
static inline vaddr_t linear_va(paddr_t pa)
{
	return va_init(LINEAR_VA_BASE + pa_addr(pa));
}

static inline void *phys_to_virt(paddr_t pa)
{
	return va_ptr(linear_va(pa));
}

/* A guest's stage-2 table: pages from the page allocator, TLB maintenance
 * for its VMID. Map, unmap and look up with pt_s2_*() on .pt; VTCR_EL2 from
 * pt_s2_regs(). The caller serialises changes. */
struct mmu_s2 {
	struct pgtable pt;
	uint64_t vttbr;		/* BADDR and VMID */
};

int mmu_s2_create(struct mmu_s2 *s2, unsigned ipa_bits, unsigned vmid);
/* Drops every TLB entry of the VMID and frees every table page. */
void mmu_s2_destroy(struct mmu_s2 *s2);

#endif
