/* Panic: armhv cannot go on. Self-contained: no allocation, no waiting on
 * a lock that its own CPU may hold. */
#ifndef ARMHV_PANIC_H
#define ARMHV_PANIC_H

#include <arch/types.h>
#include <exc/exception.h>

void __noreturn panic(const char *fmt, ...) __printf(1, 2);
/* Prints a backtrace starting at frame pointer fp. */
void backtrace_print(uint64_t pc, uint64_t fp);

#endif
