/*
 * Formatted output. printf() holds the console lock (IRQs masked) for the
 * whole call, so lines printed by several CPUs never mix: print whole
 * lines per call. Conversions: %d %i %u %x %X %o %c %s %p %%, the
 * modifiers l, ll, z, h, hh, flags '-' '0' ' ' '+' '#', a width and, for
 * %s, a precision (also as '*').
 */
#ifndef GUEST_PRINT_H
#define GUEST_PRINT_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);	/* s and a newline */
/* Like C's: at most size - 1 characters and a NUL; returns the length the
 * whole output would have had. */
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* The formatter itself: out(c, ctx) for each character; returns the
 * number of characters produced. */
int vformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);

/* The console lock, for a caller that prints several lines as one block.
 * console_lock() masks IRQs; it returns the flags console_unlock() needs. */
unsigned long console_lock(void);
void console_unlock(unsigned long flags);
/* Printing while this CPU already holds the lock (exception reports). */
int printf_locked(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* For the exception reporter: takes the lock unless this CPU holds it
 * already (an exception while printing); returns whether it took it. */
int console_lock_reentrant(unsigned long *flags);
void console_release_if_mine(void);

#endif
