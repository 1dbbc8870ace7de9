/* Host-test stand-in for hyp/arch/mmio.h (unit-vblk): device register
 * accesses go to the fake virtio-mmio block device (vblk_fake/fakedev.c).
 * This folder comes before hyp/ on the include path. */
#ifndef TESTS_VBLK_FAKE_MMIO_H
#define TESTS_VBLK_FAKE_MMIO_H

#include <arch/types.h>

uint32_t mmio_read32(vaddr_t base, uint64_t off);
void mmio_write32(vaddr_t base, uint64_t off, uint32_t v);

#endif
