/* Host tests for the MMIO page index (hyp/vm/mmio_index.c): for the VM's
 * own map and for 2,000 random ones (devices inside, across and outside
 * the window, page-aligned or not, sharing pages), the device the index
 * leads to for an access of 1, 2, 4 or 8 bytes is the one a search of
 * every device finds, or nothing where the search finds nothing. */
#include <vm/mmio_index.h>
#include "check.h"

#define KIB		1024ULL
#define WINDOW_END	(MMIO_WINDOW_BASE + ((uint64_t)MMIO_PAGES << MMIO_PAGE_SHIFT))

static uint64_t rnd_state = 1;

static uint64_t rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rnd_state >> 33;
}

/* The reference: the first device whose window holds [ipa, ipa + size). */
static const struct vdev *search(struct vdev *const *devs, unsigned n, uint64_t ipa, unsigned size)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t base = ipa_addr(devs[i]->base);

		if (ipa >= base && ipa - base < devs[i]->size && size <= devs[i]->size - (ipa - base))
			return devs[i];
	}
	return NULL;
}

/* What vm/mmio.c does: the index's device if it holds the access,
 * nothing if it does not, the search if the index says so. */
static const struct vdev *lookup(const struct mmio_index *ix, struct vdev *const *devs, unsigned n,
				 uint64_t ipa, unsigned size)
{
	struct vdev *d = mmio_index_at(ix, ipa_init(ipa));

	if (!d)
		return search(devs, n, ipa, size);
	CHECK(ipa_addr(d->base) <= ipa);
	return ipa - ipa_addr(d->base) + size > d->size ? NULL : d;
}

static unsigned long compared;

static void check_at(const struct mmio_index *ix, struct vdev *const *devs, unsigned n, uint64_t ipa)
{
	for (unsigned size = 1; size <= 8; size *= 2) {
		const struct vdev *want = search(devs, n, ipa, size), *got = lookup(ix, devs, n, ipa, size);

		if (got != want)
			fprintf(stderr, "  ipa 0x%llx, %u bytes: the index gives %s, the search %s\n",
				(unsigned long long)ipa, size, got ? got->name : "nothing",
				want ? want->name : "nothing");
		CHECK(got == want);
		compared++;
	}
}

/* Around every edge (each device's ends, each page's ends) and at random
 * addresses in and around the window. */
static void check_layout(struct vdev *const *devs, unsigned n)
{
	struct mmio_index ix;

	memset(&ix, 0x5a, sizeof(ix));	/* build() must set every byte it uses */
	mmio_index_build(&ix, devs, n);
	for (unsigned i = 0; i < n; i++) {
		uint64_t ends[2] = { ipa_addr(devs[i]->base), ipa_addr(devs[i]->base) + devs[i]->size };

		for (unsigned e = 0; e < 2; e++)
			for (uint64_t d = 0; d < 24; d++)
				check_at(&ix, devs, n, ends[e] - 12 + d);
	}
	for (unsigned k = 0; k < 400; k++) {
		uint64_t page = MMIO_WINDOW_BASE + (rnd() % (MMIO_PAGES + 4) << MMIO_PAGE_SHIFT) - (2ULL << MMIO_PAGE_SHIFT);

		check_at(&ix, devs, n, page - 8 + rnd() % 16);
		check_at(&ix, devs, n, page + rnd() % (1u << MMIO_PAGE_SHIFT));
	}
	check_at(&ix, devs, n, 0);
	check_at(&ix, devs, n, MMIO_WINDOW_BASE - 1);
	check_at(&ix, devs, n, WINDOW_END - 4);
	check_at(&ix, devs, n, WINDOW_END);
}

/* QEMU virt's map as armhv's VMs have it, with 8 vCPUs' redistributors. */
static void vm_map(void)
{
	static struct vdev gicd = { "gicd", { 0x08000000 }, 64 * KIB, NULL };
	static struct vdev gicr = { "gicr", { 0x080a0000 }, 8 * 128 * KIB, NULL };
	static struct vdev uart = { "uart", { 0x09000000 }, 4 * KIB, NULL };
	static struct vdev virtio = { "virtio", { 0x0a000000 }, 32 * 0x200, NULL };
	static struct vdev its = { "its", { 0x08080000 }, 128 * KIB, NULL };
	struct vdev *devs[] = { &gicd, &gicr, &uart, &virtio, &its };
	struct mmio_index ix;

	check_layout(devs, 5);
	/* None of them is searched: every page of theirs is theirs. */
	mmio_index_build(&ix, devs, 5);
	CHECK(mmio_index_at(&ix, ipa_init(0x08000008)) == &gicd);
	CHECK(mmio_index_at(&ix, ipa_init(0x08090040)) == &its);
	CHECK(mmio_index_at(&ix, ipa_init(0x0819fffc)) == &gicr);
	CHECK(mmio_index_at(&ix, ipa_init(0x09000ffc)) == &uart);
	CHECK(mmio_index_at(&ix, ipa_init(0x0a000000)) == &virtio);
	/* Past the UART's 4 KiB in its page: its device, which does not hold
	 * it (nothing there); a page of nobody's: the empty device. */
	CHECK(lookup(&ix, devs, 5, 0x09001000, 4) == NULL);
	CHECK(mmio_index_at(&ix, ipa_init(0x08010000)) != NULL);
	CHECK(lookup(&ix, devs, 5, 0x08010000, 4) == NULL);
	/* Outside the window: searched. */
	CHECK(mmio_index_at(&ix, ipa_init(0x07fffffc)) == NULL);
	CHECK(mmio_index_at(&ix, ipa_init(WINDOW_END)) == NULL);
}

/* Random maps: up to MMIO_MAX_DEVS devices that do not overlap (as a VM's
 * never do), starting anywhere from below the window to past it, on a
 * 64 KiB, 4 KiB or 512-byte boundary, 512 bytes to 3 MiB long. */
static void random_maps(void)
{
	static struct vdev pool[MMIO_MAX_DEVS];
	static char names[MMIO_MAX_DEVS][8];

	for (unsigned round = 0; round < 2000; round++) {
		struct vdev *devs[MMIO_MAX_DEVS];
		unsigned n = 0, want = 1 + (unsigned)(rnd() % MMIO_MAX_DEVS);

		for (unsigned tries = 0; n < want && tries < 100; tries++) {
			static const uint64_t aligns[] = { 64 * KIB, 4 * KIB, 512 };
			uint64_t align = aligns[rnd() % 3];
			uint64_t base = (MMIO_WINDOW_BASE - 256 * KIB + rnd() % (68ULL * 1024 * KIB)) & ~(align - 1);
			uint64_t size = (1 + rnd() % 6144) * 512;
			bool overlaps = false;

			for (unsigned i = 0; i < n; i++)
				overlaps |= base < ipa_addr(devs[i]->base) + devs[i]->size &&
					    ipa_addr(devs[i]->base) < base + size;
			if (overlaps)
				continue;
			snprintf(names[n], sizeof(names[n]), "dev%u", n);
			pool[n] = (struct vdev){ names[n], ipa_init(base), size, NULL };
			devs[n] = &pool[n];
			n++;
		}
		check_layout(devs, n);
	}
}

int main(void)
{
	RUN(vm_map);
	RUN(random_maps);
	printf("%lu accesses compared with a search\n", compared);
	return check_summary("mmio_index");
}
