/* Console commands and their argument parsers (mgmt/). */
#ifndef ARMHV_COMMANDS_H
#define ARMHV_COMMANDS_H

#include <mgmt/console.h>
#include <arch/types.h>

/* A decimal or 0x-prefixed hexadecimal number, the whole string. */
bool parse_u64(const char *s, uint64_t *out);
/* A decimal size with an optional K, M or G suffix, the whole string. */
bool parse_size(const char *s, uint64_t *out);

/* Command groups in their own files. */
void cmd_vm(int argc, char **argv);	/* mgmt/cmd_vm.c */

#endif
