/* Runtime changes to the EL2 tables built by early_setup(). Only invalid
 * entries become valid here, so no TLB invalidation is needed, only a
 * barrier before first use. */
#include <mm/mmu.h>
#include <boot/early.h>
#include <boot/boot_params.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>

static spinlock_t mmu_lock = SPINLOCK_INIT;
static vaddr_t mmio_next = MMIO_VA_BASE;

static struct pgtable table_of(paddr_t root)
{
	struct pgtable pt = {
		.root_pa = root,
		.va_of_pa = (int64_t)((vaddr_t)__image_start - early_info.image_pa),
		.alloc_page = pt_pool_alloc,
	};
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
	if (!ret && both_tables)
		ret = pt_map(&boot, va, base, len, PT_DEVICE);
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
