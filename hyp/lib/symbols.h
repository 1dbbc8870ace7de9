/* Function names for backtraces (lib/symbols.c). */
#ifndef ARMHV_SYMBOLS_H
#define ARMHV_SYMBOLS_H

#include <arch/types.h>

/* Name and offset of addr, or NULL. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

#endif
