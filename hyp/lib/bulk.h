/* Bulk copies of whole images (kexec, kdump) and of the disk driver's
 * bounce buffer, and bulk zeroing of large state (a VM's LPIs).
 * picolibc's memcpy as Debian builds it copies a byte at a time, which
 * makes a 32 MiB kernel cost 170 million instructions; this copies 64
 * bytes per loop iteration, with general-purpose registers only (EL2
 * code never touches FP/SIMD registers). */
#ifndef ARMHV_BULK_H
#define ARMHV_BULK_H

#include <arch/types.h>

/* No overlap; any size, any alignment of either (a module of the
 * initrd's cpio archive is 4-byte aligned, a disk read may go to any
 * byte): up to 7 bytes are copied one by one to align dst, then src is
 * read with unaligned loads, which armhv's runtime allows (SCTLR_EL2.A is
 * 0 and RAM is Normal memory), never with the MMU off. */
void bulk_copy(void *dst, const void *src, size_t size);
/* Zeroes [dst, dst + size): dst 8-byte aligned, any size; 64 bytes per
 * loop iteration (picolibc's memset, too, goes a byte at a time). */
void bulk_zero(void *dst, size_t size);

#endif
