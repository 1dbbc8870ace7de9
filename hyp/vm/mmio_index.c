/* The MMIO page index (vm/mmio_index.h). */
#include <vm/mmio_index.h>

/* What index 0 names: a window of no bytes, nothing is there. */
static struct vdev no_device;

void mmio_index_build(struct mmio_index *ix, struct vdev *const *devs, unsigned n)
{
	const uint64_t page_size = 1ULL << MMIO_PAGE_SHIFT;
	const uint64_t lo = MMIO_WINDOW_BASE, hi = lo + MMIO_PAGES * page_size;

	for (unsigned p = 0; p < MMIO_PAGES; p++)
		ix->page[p] = 0;
	ix->dev[0] = &no_device;
	for (unsigned i = 0; i < n && i < MMIO_MAX_DEVS; i++) {
		const struct vdev *d = devs[i];
		uint64_t base = ipa_addr(d->base);
		uint64_t end = d->size > ~0ULL - base ? ~0ULL : base + d->size;
		uint64_t from = base > lo ? base : lo, to = end < hi ? end : hi;

		ix->dev[i + 1] = devs[i];
		/* Each page of the window it touches. */
		for (uint64_t p = (from - lo) / page_size; from < to && lo + p * page_size < to; p++)
			ix->page[p] = ix->page[p] || base > lo + p * page_size ? MMIO_SHARED : (uint8_t)(i + 1);
	}
}
