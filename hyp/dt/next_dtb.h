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

/* Writes into buf (buf_size bytes) a copy of the tree in [old_fdt, old_fdt
 * + old_size) changed for the next image: bootargs, linux,initrd-start/
 * -end, consumed module nodes removed, the generation, and for a crash
 * kernel linux,elfcorehdr and linux,usable-memory-range. The old tree is
 * checked with dt_check() first. Returns 0 or a negative libfdt error
 * code (-FDT_ERR_BADSTRUCTURE for a tree dt_check() refuses). */
int next_dtb_build(const void *old_fdt, size_t old_size, void *buf, size_t buf_size,
		   const struct next_dtb_params *p);
/* selftest: sets the length of the first property of fdt (a packed tree
 * next_dtb_build() wrote) to 0xfffffff4, 12 bytes back, as a hostile
 * loader could. Returns 0, or -1 if the tree has no property there. */
int next_dtb_break(void *fdt);
/* The generation in a tree armhv was given (0 at first boot); the tree
 * must have passed dt_check(). */
uint32_t dtb_generation(const void *fdt);

#endif
