/* The system page allocator: RAM from the device tree minus armhv, the
 * device tree, reserved ranges, boot modules and the initrd. */
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <dt/machine.h>
#include <mm/memory.h>
#include <mm/mmu.h>
#include <lib/spinlock.h>

static struct page_alloc sys_alloc;
static spinlock_t alloc_lock = SPINLOCK_INIT;

int memory_init(const struct machine *m, paddr_t image_pa, uint64_t image_size,
		paddr_t dtb_pa, uint64_t dtb_size)
{
	int ret = 0;

	page_alloc_init(&sys_alloc);
	for (unsigned i = 0; i < m->mem_count && !ret; i++)
		ret = page_alloc_add_ram(&sys_alloc, m->mem[i].base, m->mem[i].size);
	if (!ret)
		ret = page_alloc_reserve(&sys_alloc, image_pa, image_size);
	if (!ret)
		ret = page_alloc_reserve(&sys_alloc, dtb_pa, dtb_size);
	for (unsigned i = 0; i < m->reserved_count && !ret; i++)
		ret = page_alloc_reserve(&sys_alloc, m->reserved[i].base, m->reserved[i].size);
	for (unsigned i = 0; i < m->module_count && !ret; i++)
		ret = page_alloc_reserve(&sys_alloc, m->modules[i].pa, m->modules[i].size);
	/* The initrd whole: its modules (dt/cpio.c) point into it. */
	if (!ret && m->initrd.size)
		ret = page_alloc_reserve(&sys_alloc, m->initrd.base, m->initrd.size);
	if (ret)
		return ret;

	/* The linear map covers RAM but not armhv's own image, so that no
	 * writable alias of its code exists. */
	for (unsigned i = 0; i < m->mem_count && !ret; i++) {
		paddr_t s = pa_align_up(m->mem[i].base, PAGE_SIZE);
		paddr_t e = pa_align_down(pa_add(m->mem[i].base, m->mem[i].size), PAGE_SIZE);
		paddr_t is = image_pa, ie = pa_add(is, image_size);

		if (pa_lt(is, e) && pa_lt(s, ie)) {
			if (pa_lt(s, is))
				ret = mmu_map_linear(s, pa_diff(is, s));
			if (!ret && pa_lt(ie, e))
				ret = mmu_map_linear(ie, pa_diff(e, ie));
		} else if (pa_lt(s, e)) {
			ret = mmu_map_linear(s, pa_diff(e, s));
		}
	}
	if (!ret)
		mmu_use_page_alloc();
	return ret;
}

void page_alloc_stats(struct page_alloc_stats *s)
{
	spin_lock(&alloc_lock);
	s->total_pages = sys_alloc.total_pages;
	s->free_pages = sys_alloc.free_pages;
	s->used_pages = sys_alloc.used_pages;
	s->free_ranges = sys_alloc.count;
	spin_unlock(&alloc_lock);
}

paddr_t alloc_pages_aligned(uint64_t pages, uint64_t align_pages)
{
	paddr_t pa;

	spin_lock(&alloc_lock);
	pa = page_alloc_take(&sys_alloc, pages, align_pages);
	spin_unlock(&alloc_lock);
	return pa;
}

void free_pages(paddr_t pa, uint64_t pages)
{
	int ret;

	spin_lock(&alloc_lock);
	ret = page_alloc_give_back(&sys_alloc, pa, pages);
	spin_unlock(&alloc_lock);
	if (ret)
		log_err("free_pages(0x%llx, %llu): %d", (unsigned long long)pa_addr(pa),
			   (unsigned long long)pages, ret);
}
