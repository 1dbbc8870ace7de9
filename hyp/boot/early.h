/* What the boot CPU learned before its MMU was on. */
#ifndef ARMHV_EARLY_H
#define ARMHV_EARLY_H

#include <mm/pgtable.h>
#include <mm/layout.h>
#include <mm/mmu.h>

struct early_info {
	paddr_t image_pa;
	uint64_t image_size;
	paddr_t dtb_pa;
	uint64_t dtb_mapped_size;	/* what the runtime table maps of it */
	/* layout_check() of the trampoline's identity map: 0, or -ERANGE
	 * and the region it hits (docs/boot-protocol.md). */
	int layout_ret;
	enum va_region_id layout_hit;
};

/* Where a debugger finds them (docs/boot-protocol.md). */
_Static_assert(offsetof(struct early_info, layout_ret) == 32 &&
	       offsetof(struct early_info, layout_hit) == 36, "early_info layout");

extern struct early_info early_info;

/* Linker-script symbols (image VAs at runtime, PAs with the MMU off). */
extern char __image_start[], __image_end[], __text_end[];
extern char __idmap_start[], __idmap_text_end[], __idmap_end[];
extern char __rodata_start[], __rodata_end[], __data_start[];
extern char __bss_start[], __bss_end[];

/* The page-table pool in .bss: the boot and runtime tables' first pages,
 * until the page allocator and the linear map exist (mmu_init()). */
#define PT_POOL_PAGES	96
paddr_t pt_pool_alloc(void *ctx, unsigned count);
unsigned pt_pool_used_pages(void);

/* armhv's image, linked at IMAGE_VA_BASE, loaded at early_info.image_pa:
 * the PA of an address in it, and the runtime VA of a PA in it. */
static inline paddr_t image_pa_of_va(const void *va)
{
	return pa_add(early_info.image_pa,
		      va_diff(va_from_ptr(va), va_from_ptr(__image_start)));
}

static inline vaddr_t image_va_of_pa(paddr_t pa)
{
	return va_init(IMAGE_VA_BASE + pa_diff(pa, early_info.image_pa));
}

int early_setup(paddr_t image_pa, paddr_t dtb_pa, unsigned el);

/* The device tree armhv was entered with, as early_setup() mapped it in
 * the linear map, and how many bytes of it are mapped. */
static inline const void *early_dtb(void)
{
	return phys_to_virt(early_info.dtb_pa);
}

static inline size_t early_dtb_mapped_bytes(void)
{
	if (!early_info.dtb_mapped_size)
		return 0;	/* x0 was not a usable device-tree address */
	return early_info.dtb_mapped_size - (pa_addr(early_info.dtb_pa) & (PAGE_SIZE - 1));
}

/* Entered at EL1 (head.S): says why armhv cannot run, then stops. */
void __noreturn refuse_el1(void);

#endif
