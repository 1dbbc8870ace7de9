/* Host-test stand-in for hyp/arch/cache.h (unit-vblk): cache maintenance
 * is recorded, so that the test can check a device that is not
 * DMA-coherent gets it where it needs it (vblk_fake/fakedev.c). */
#ifndef TESTS_VBLK_FAKE_CACHE_H
#define TESTS_VBLK_FAKE_CACHE_H

#include <arch/types.h>

void dcache_clean_inval_poc(const void *va, size_t size);

#endif
