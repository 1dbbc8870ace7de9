/* Boot arguments (/chosen/bootargs, a module's bootargs) read as words,
 * the one parser for every armhv.* option (lib/bootargs.c). */
#ifndef ARMHV_BOOTARGS_H
#define ARMHV_BOOTARGS_H

#include <arch/types.h>

/* Looks for the word KEY=VALUE (or KEY alone) among the words of the
 * len bytes at args (up to a NUL if sooner): words are separated by
 * spaces, tabs and newlines, and double quotes group (Linux's rules: a
 * quoted value has its quotes dropped). The key matches a whole word's
 * name only, so "xarmhv.crashkernel=0" is not armhv.crashkernel, nor is
 * a KEY=VALUE inside another word's quoted value. The last one wins.
 * Returns true and the value in [*val, *val + *val_len) (empty for KEY
 * alone), or false. */
bool bootargs_find(const char *args, size_t len, const char *key,
		   const char **val, size_t *val_len);

/* The len bytes at s, all of them: decimal with an optional K, M or G
 * suffix (boot options and console arguments alike); sizes above 16 TiB
 * saturate there. */
bool parse_size(const char *s, size_t len, uint64_t *out);

/* A decimal or 0x-prefixed hexadecimal number, the whole NUL-terminated
 * string (console arguments, the boot-time vms file). */
bool parse_u64(const char *s, uint64_t *out);

#endif
