/* Runtime changes to the EL2 tables built by early_setup(). Only invalid
 * entries become valid here, so no TLB invalidation is needed, only a
 * barrier before first use; the rollback in mmio_map() breaks with one. */
#include <mm/mmu.h>
#include <boot/early.h>
#include <boot/boot_params.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>

static spinlock_t mmu_lock = SPINLOCK_INIT;
static vaddr_t mmio_next = MMIO_VA_BASE;

/* Table pages are pool pages, reached at their image VA. */
static void *pool_va_of_pa(void *ctx, paddr_t pa)
{
	return (void *)(uintptr_t)(pa - early_info.image_pa + (vaddr_t)__image_start);
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
	.alloc_pages = pt_pool_alloc,
	.va_of_pa = pool_va_of_pa,
	.tlbi = s1_tlbi,
	.publish = publish,
};

static struct pgtable table_of(paddr_t root)
{
	struct pgtable pt;

	pt_init(&pt, PT_STAGE1_EL2, VA_BITS, root, &el2_ops, NULL);
	return pt;
}

vaddr_t mmio_map(paddr_t pa, uint64_t size, bool both_tables)
{
	paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t len = ALIGN_UP(pa + size, PAGE_SIZE) - base;
	struct pgtable rt = table_of(boot_params.runtime_ttbr);
	struct pgtable boot = table_of(boot_params.boot_ttbr);
	vaddr_t va;
	int ret;

	spin_lock(&mmu_lock);
	va = mmio_next;
	if (len > MMIO_VA_BASE + MMIO_VA_SIZE - va) {
		spin_unlock(&mmu_lock);
		return 0;
	}
	ret = pt_map(&rt, va, base, len, PT_DEVICE);
	if (!ret && both_tables) {
		ret = pt_map(&boot, va, base, len, PT_DEVICE);
		/* Fresh VAs, so this splits nothing and cannot fail. */
		if (ret)
			pt_unmap(&rt, va, len);
	}
	if (!ret)
		mmio_next = va + len;
	spin_unlock(&mmu_lock);
	dsb(ishst);	/* descriptors written before the first access */
	isb();
	return ret ? 0 : va + (pa - base);
}

int mmu_map_linear(paddr_t pa, uint64_t size)
{
	struct pgtable rt = table_of(boot_params.runtime_ttbr);
	int ret;

	if (pa + size > LINEAR_VA_SIZE)
		return -ERANGE;
	spin_lock(&mmu_lock);
	ret = pt_map(&rt, LINEAR_VA_BASE + pa, pa, size, PT_DATA);
	spin_unlock(&mmu_lock);
	dsb(ishst);
	isb();
	return ret;
}
