/* The machine's disk (drivers/disk.h): the first modern virtio-blk device
 * among the device tree's virtio-mmio transports. */
#include <drivers/disk.h>
#include <dt/machine.h>
#include <lib/log.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <stdio.h>

static struct disk_state disk;
static bool probed;
static spinlock_t probe_lock = SPINLOCK_INIT;

/* Transports share pages (QEMU's are 0x200 apart): one mapping per page. */
static vaddr_t map_transport(const struct machine_virtio *v)
{
	static paddr_t page_pa;
	static vaddr_t page_va;
	uint64_t size = MIN(v->size, (uint64_t)DISK_MMIO_MAP_SIZE);
	paddr_t page = pa_align_down(v->base, PAGE_SIZE);

	if (pa_addr(page_pa) && pa_eq(page, page_pa) &&
	    pa_le(pa_add(v->base, size), pa_add(page, PAGE_SIZE)))
		return va_add(page_va, pa_diff(v->base, page));
	if (!pa_le(pa_add(v->base, size), pa_add(page, PAGE_SIZE)))
		return mmio_map(v->base, size, false);
	page_va = mmio_map(page, PAGE_SIZE, false);
	if (!va_addr(page_va))
		return page_va;
	page_pa = page;
	return va_add(page_va, pa_diff(v->base, page));
}

/* The first modern block device, by address; the others are named. */
static const struct machine_virtio *find(struct vmmio *found)
{
	const struct machine *m = machine_get();
	const struct machine_virtio *first = NULL;

	for (unsigned i = 0; i < m->virtio_count; i++) {
		const struct machine_virtio *v = &m->virtio[i];
		vaddr_t regs = map_transport(v);
		struct vmmio t;
		int ret;

		if (!va_addr(regs)) {
			log_warn("disk: cannot map the virtio-mmio transport at 0x%llx",
				 (unsigned long long)pa_addr(v->base));
			continue;
		}
		ret = vmmio_probe(&t, v->base, regs);
		if (t.device_id != VIRTIO_ID_BLOCK || ret == -ENODEV)
			continue;
		if (ret) {
			log_warn("disk: virtio-blk at 0x%llx refused: it has the legacy virtio-mmio "
				 "interface (version %u); armhv drives virtio 1.x devices (version 2)",
				 (unsigned long long)pa_addr(v->base), t.version);
			disk.legacy_count++;
			continue;
		}
		if (first) {
			if (disk.other_count < DISK_MAX_OTHERS)
				disk.others[disk.other_count] = v->base;
			disk.other_count++;
			continue;
		}
		first = v;
		*found = t;
	}
	return first;
}

static void probe(void)
{
	const struct machine_virtio *v;
	struct vblk_dma dma;
	struct vmmio t;
	int ret;

	v = find(&t);
	if (!v) {
		snprintf(disk.why, sizeof(disk.why), "no virtio-blk device%s",
			 disk.legacy_count ? " armhv can drive (a legacy one was refused)" : "");
		return;
	}
	for (unsigned i = 0; i < MIN(disk.other_count, (unsigned)DISK_MAX_OTHERS); i++)
		log_info("disk: virtio-blk at 0x%llx ignored: armhv uses one disk, the one at "
			 "the lowest address (0x%llx)", (unsigned long long)pa_addr(disk.others[i]),
			 (unsigned long long)pa_addr(v->base));
	if (disk.other_count > DISK_MAX_OTHERS)
		log_info("disk: %u more virtio-blk devices ignored", disk.other_count - DISK_MAX_OTHERS);
	disk.found = true;
	disk.pa = v->base;
	dma.pa = alloc_pages_aligned(VBLK_DMA_PAGES, 1);
	if (!pa_addr(dma.pa)) {
		snprintf(disk.why, sizeof(disk.why), "virtio-blk at 0x%llx: no memory for it",
			 (unsigned long long)pa_addr(v->base));
		log_err("disk: %s", disk.why);
		return;
	}
	dma.va = phys_to_virt(dma.pa);
	ret = vblk_init(&disk.vblk, &t, v->dma_coherent, dma);
	if (ret) {
		snprintf(disk.why, sizeof(disk.why), "virtio-blk at 0x%llx refused: %s",
			 (unsigned long long)pa_addr(v->base), disk.vblk.why);
		log_warn("disk: %s", disk.why);
		/* A device that did not reset may still hold the pages. */
		if (!disk.vblk.reset_failed)
			free_pages(dma.pa, VBLK_DMA_PAGES);
		return;
	}
	disk.ready = true;
	log_info("disk: virtio-blk at 0x%llx: %llu sectors (%llu MiB)%s",
		 (unsigned long long)pa_addr(v->base), (unsigned long long)disk.vblk.capacity,
		 (unsigned long long)(disk.vblk.capacity >> 11),
		 v->dma_coherent ? "" : ", not DMA-coherent: cache maintenance on every request");
}

const struct disk_state *disk_state(void)
{
	spin_lock(&probe_lock);
	if (!probed) {
		probe();
		probed = true;
	}
	spin_unlock(&probe_lock);
	return &disk;
}

struct vblk *disk_get(void)
{
	const struct disk_state *s = disk_state();

	return s->ready ? &disk.vblk : NULL;
}
