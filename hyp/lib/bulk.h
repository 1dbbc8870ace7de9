/* Bulk copies of whole images (kexec, kdump). picolibc's memcpy as Debian
 * builds it copies a byte at a time, which makes a 32 MiB kernel cost
 * 170 million instructions; this copies 64 bytes per loop iteration. */
#ifndef ARMHV_BULK_H
#define ARMHV_BULK_H

#include <arch/types.h>

/* dst and src 8-byte aligned, no overlap; any size. */
void bulk_copy(void *dst, const void *src, size_t size);

#endif
