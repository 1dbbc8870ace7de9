/* A command line split into words, the one splitter for the console and
 * the boot-time `vms` file (lib/words.c). */
#ifndef ARMHV_WORDS_H
#define ARMHV_WORDS_H

#include <arch/types.h>

/* Splits line in place: words are separated by spaces and tabs; a word
 * that starts with a double quote runs to the next one and may hold
 * spaces (the quotes are dropped). Puts at most max words in argv, then
 * NULL (argv has room for max + 1). Returns the number of words, or
 * -EINVAL with a reason in err ("unterminated quote", "too many arguments
 * (at most max - 1)"). */
int words_split(char *line, char **argv, int max, char *err, size_t err_size);

#endif
