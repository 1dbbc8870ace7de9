/* Runtime changes to the EL2 tables built by early_setup(), and the EL2
 * operations behind guest stage-2 tables.
 *
 * Table pages inside armhv's image (the boot pool) are reached at their
 * image VA, all others through the linear map, which leaves the image
 * out. Until the linear map covers RAM, new pages come from the boot pool;
 * then from the page allocator. */
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>

static spinlock_t mmu_lock = SPINLOCK_INIT;
static vaddr_t mmio_next = { MMIO_VA_BASE };
static struct pgtable rt_table, boot_table;
static paddr_t image_pa;
static uint64_t image_size;
static paddr_t (*boot_alloc)(void *ctx, unsigned count);
static bool page_alloc_ready;

/* Pages of the image are reached at their image VA (the linear map
 * leaves the image out). */
static bool in_image(paddr_t pa)
{
	return pa_diff(pa, image_pa) < image_size;
}

static void *mmu_va_of_pa(void *ctx, paddr_t pa)
{
	if (in_image(pa))
		return va_ptr(va_init(IMAGE_VA_BASE + pa_diff(pa, image_pa)));
	return phys_to_virt(pa);
}

/* EL2 table pages the page allocator has given (under mmu_lock). */
static uint64_t table_pages_allocated;

static paddr_t mmu_alloc(void *ctx, unsigned count)
{
	paddr_t pa;

	if (!page_alloc_ready)
		return boot_alloc(ctx, count);
	pa = alloc_pages_aligned(count, count);
	if (pa_addr(pa))
		table_pages_allocated += count;
	return pa;
}

static void mmu_free(void *ctx, paddr_t pa, unsigned count)
{
	if (in_image(pa))
		return;		/* the boot pool does not take pages back */
	free_pages(pa, count);
	table_pages_allocated -= count;
}

uint64_t mmu_table_pages(void)
{
	return table_pages_allocated;
}

static void s1_tlbi(void *ctx, uint64_t va, unsigned level)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae2is, %0" : : "r"(va >> PAGE_SHIFT) : "memory");
	dsb(ish);
	isb();
}

static void publish(void *ctx)
{
	dsb(ishst);
}

static const struct pt_ops el2_ops = {
	.alloc_pages = mmu_alloc,
	.free_pages = mmu_free,
	.va_of_pa = mmu_va_of_pa,
	.tlbi = s1_tlbi,
	.publish = publish,
};

void mmu_init(paddr_t runtime_root, paddr_t boot_root, paddr_t img_pa,
	      uint64_t img_size, paddr_t (*boot_pool)(void *ctx, unsigned count))
{
	image_pa = img_pa;
	image_size = img_size;
	boot_alloc = boot_pool;
	/* Cannot fail: the roots exist and are page aligned. */
	pt_init(&rt_table, PT_STAGE1_EL2, VA_BITS, runtime_root, &el2_ops, NULL);
	pt_init(&boot_table, PT_STAGE1_EL2, VA_BITS, boot_root, &el2_ops, NULL);
}

void mmu_use_page_alloc(void)
{
	spin_lock(&mmu_lock);
	page_alloc_ready = true;
	spin_unlock(&mmu_lock);
}

vaddr_t mmio_map(paddr_t pa, uint64_t size, bool both_tables)
{
	paddr_t base = pa_align_down(pa, PAGE_SIZE);
	uint64_t len = pa_diff(pa_align_up(pa_add(pa, size), PAGE_SIZE), base);
	vaddr_t va;
	int ret;

	spin_lock(&mmu_lock);
	va = mmio_next;
	if (len > MMIO_VA_BASE + MMIO_VA_SIZE - va_addr(va)) {
		spin_unlock(&mmu_lock);
		return va_init(0);
	}
	ret = pt_map(&rt_table, va, base, len, PT_DEVICE);
	if (!ret && both_tables) {
		ret = pt_map(&boot_table, va, base, len, PT_DEVICE);
		/* Fresh VAs, so this splits nothing and cannot fail. */
		if (ret)
			pt_unmap(&rt_table, va, len);
	}
	if (!ret)
		mmio_next = va_add(va, len);
	spin_unlock(&mmu_lock);
	dsb(ishst);	/* descriptors written before the first access */
	isb();
	return ret ? va_init(0) : va_add(va, pa_diff(pa, base));
}

int mmu_map_linear(paddr_t pa, uint64_t size)
{
	int ret;

	if (pa_addr(pa) + size > LINEAR_VA_SIZE)
		return -ERANGE;
	spin_lock(&mmu_lock);
	ret = pt_map(&rt_table, linear_va(pa), pa, size, PT_DATA);
	spin_unlock(&mmu_lock);
	dsb(ishst);
	isb();
	return ret;
}

/* TLBI ...E1IS operations act on the VMID in VTTBR_EL2: select the
 * guest's for the duration. */
static void s2_tlbi(void *ctx, uint64_t ipa, unsigned level)
{
	const struct mmu_s2 *s2 = ctx;
	uint64_t saved = read_sysreg(vttbr_el2);

	dsb(ishst);
	write_sysreg(vttbr_el2, s2->vttbr);
	isb();
	__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipa >> PAGE_SHIFT) : "memory");
	dsb(ish);
	/* Combined stage 1+2 entries are tagged by VA, not IPA. */
	__asm__ volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, saved);
	isb();
}

static paddr_t s2_alloc(void *ctx, unsigned count)
{
	return alloc_pages_aligned(count, count);
}

static void s2_free(void *ctx, paddr_t pa, unsigned count)
{
	free_pages(pa, count);
}

static void *s2_va_of_pa(void *ctx, paddr_t pa)
{
	return phys_to_virt(pa);
}

static const struct pt_ops s2_ops = {
	.alloc_pages = s2_alloc,
	.free_pages = s2_free,
	.va_of_pa = s2_va_of_pa,
	.tlbi = s2_tlbi,
	.publish = publish,
};

int mmu_s2_create(struct mmu_s2 *s2, unsigned ipa_bits, unsigned vmid)
{
	int ret;

	if (vmid > 0xff)
		return -EINVAL;	/* 8-bit VMIDs (VTCR_EL2.VS = 0) */
	ret = pt_init(&s2->pt, PT_STAGE2, ipa_bits, pa_init(0), &s2_ops, s2);
	if (ret)
		return ret;
	s2->vttbr = pa_addr(s2->pt.root_pa) | ((uint64_t)vmid << 48);
	return 0;
}

void mmu_s2_destroy(struct mmu_s2 *s2)
{
	uint64_t saved = read_sysreg(vttbr_el2);

	dsb(ishst);
	write_sysreg(vttbr_el2, s2->vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, saved);
	isb();
	pt_destroy(&s2->pt);
}
