/* A guest's device tree (vm/fdt.c). */
#ifndef ARMHV_VM_FDT_H
#define ARMHV_VM_FDT_H

#include <arch/types.h>

struct vm;

/* Writes the device tree of vm into buf, leaving the rest of buf as it
 * was. Returns 0 or -ENOSPC. */
int vm_fdt_build(const struct vm *vm, void *buf, size_t size);

#endif
