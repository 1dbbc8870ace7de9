/* Checking an untrusted device tree before libfdt walks it (dt/check.c). */
#ifndef ARMHV_DT_CHECK_H
#define ARMHV_DT_CHECK_H

#include <arch/types.h>

/* Checks the tree in [fdt, fdt + buf_size): its header (libfdt's check,
 * total size within the buffer, format version 16 or later), then every
 * tag of its structure block with armhv's own walk, then libfdt's full
 * check. libfdt 1.6.1 trusts the lengths and tags it walks: a property
 * length that points backwards makes it loop forever, so this must pass
 * before any libfdt call that walks the structure. The walk takes one
 * pass over the block, whatever the tree holds. Returns 0, or -EINVAL with
 * a one-line reason in why. */
int dt_check(const void *fdt, size_t buf_size, char *why, size_t why_size);

/* For a tree dt_check() refused, only to say so: looks for an enabled
 * PL011 node ("arm,pl011" in its compatible) in the raw structure block,
 * reading nothing outside it, and returns the node's unit address (by
 * convention its first reg address; the node's parent may be what is
 * broken) if it is page aligned and not 0. Returns 0 otherwise. */
paddr_t dt_salvage_uart(const void *fdt, size_t buf_size);

#endif
