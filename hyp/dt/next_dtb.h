/* The device tree armhv gives a next image (kexec, crash kernel). */
#ifndef ARMHV_NEXT_DTB_H
#define ARMHV_NEXT_DTB_H

#include <arch/types.h>

struct next_dtb_params {
	const char *bootargs;		/* NULL: keep /chosen/bootargs */
	paddr_t initrd_pa;		/* 0: none */
	uint64_t initrd_size;
	paddr_t drop_module_pa[2];	/* modules the next image consumes */
	unsigned drop_module_count;
	uint32_t generation;		/* /chosen/armhv,generation */
	/* Crash kernels only (0: none): the dump's ELF header and the
	 * memory the capture kernel may use (Linux kdump conventions). */
	paddr_t elfcorehdr_pa;
	uint64_t elfcorehdr_size;
	paddr_t usable_pa;
	uint64_t usable_size;
};

/* Writes into buf (buf_size bytes) a copy of old_fdt changed for the next
 * image: bootargs, linux,initrd-start/-end, consumed module nodes removed,
 * the generation, and for a crash kernel linux,elfcorehdr and
 * linux,usable-memory-range. Returns 0 or a negative libfdt error code. */
int next_dtb_build(const void *old_fdt, void *buf, size_t buf_size,
		   const struct next_dtb_params *p);
/* The generation in a tree armhv was given (0 at first boot). */
uint32_t dtb_generation(const void *fdt);

#endif
