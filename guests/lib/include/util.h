/* String and memory functions, small helpers, and waiting with a timeout. */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

/*
 * WAIT_FOR(cond, ms): evaluates cond until it holds or ms milliseconds (of
 * the virtual counter) have passed; true if it held. Use as
 * CHECK(WAIT_FOR(flag == 1, 1000)) so that a hang is a FAIL with a line.
 */
#define WAIT_FOR(cond, ms) ({						\
	uint64_t __deadline = deadline_ms(ms);				\
	int __ok;							\
	while (!(__ok = !!(cond)) && !deadline_passed(__deadline))	\
		cpu_relax();						\
	__ok;								\
})

#endif
