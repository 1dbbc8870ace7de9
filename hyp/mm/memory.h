#ifndef ARMHV_MEMORY_H
#define ARMHV_MEMORY_H
#include <dt/machine.h>
/* Sets up the page allocator and the linear map from the machine, keeping
 * armhv's image and the device tree it was given out of the allocator (and
 * the image out of the linear map); then EL2 table pages come from the
 * allocator. */
int memory_init(const struct machine *m, paddr_t image_pa, uint64_t image_size,
		paddr_t dtb_pa, uint64_t dtb_size);
#endif
