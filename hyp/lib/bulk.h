/* Bulk copies of whole images (kexec, kdump) and bulk zeroing of large
 * state (a VM's LPIs). picolibc's memcpy as Debian
 * builds it copies a byte at a time, which makes a 32 MiB kernel cost
 * 170 million instructions; this copies 64 bytes per loop iteration. */
#ifndef ARMHV_BULK_H
#define ARMHV_BULK_H

#include <arch/types.h>

/* dst 8-byte aligned, no overlap; any size. src may have any alignment (a
 * module of the initrd's cpio archive is 4-byte aligned): it is read with
 * unaligned loads, which armhv's runtime allows (SCTLR_EL2.A is 0 and RAM
 * is Normal memory), never with the MMU off. */
void bulk_copy(void *dst, const void *src, size_t size);
/* Zeroes [dst, dst + size): dst 8-byte aligned, any size; 64 bytes per
 * loop iteration (picolibc's memset, too, goes a byte at a time). */
void bulk_zero(void *dst, size_t size);

#endif
