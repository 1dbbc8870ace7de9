/*
 * The test-guest library: include this one header.
 *
 * A guest is one folder guests/NAME/ with its C (and assembly) files; it
 * says GUEST_NAME("NAME") once and defines guest_main(), which runs on the
 * boot CPU at EL1 with the MMU on, IRQs masked, the UART ready. Returning
 * from guest_main() passes the test; a failed CHECK anywhere, on any CPU,
 * fails it. Either way the result line is printed once and the machine is
 * powered off (PSCI SYSTEM_OFF). See docs/guests.md.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "platform.h"
#include "lock.h"
#include "util.h"
#include "print.h"
#include "uart.h"
#include "psci.h"
#include "fdt.h"
#include "mmu.h"
#include "exc.h"
#include "timer.h"
#include "gic.h"
#include "smp.h"

#define GUEST_NAME(n)	const char guest_name[] = n
extern const char guest_name[];
void guest_main(void);

/* The result line and power-off (test.c). */
_Noreturn void guest_pass(void);
_Noreturn void guest_fail(const char *file, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);
_Noreturn void guest_fail_raw(const char *fmt, ...) PRINTF_LIKE(1, 2);
bool guest_finished(void);	/* a result line has been given */

/* The command line (/chosen/bootargs: QEMU's -append), "" if none. */
const char *guest_cmdline(void);
/* Whether the word KEY or KEY=VALUE is on it; VALUE (or "") into val. */
bool guest_arg(const char *key, char *val, size_t size);
/* KEY=N's N (below 1,000,000; anything else fails the test), dflt if KEY
 * is not there. */
unsigned int guest_arg_uint(const char *key, unsigned int dflt);

/* GUEST-TEST <name>: FAIL <file>:<line> <expr> */
#define CHECK(e) do {							\
	if (!(e))							\
		guest_fail(__FILE__, __LINE__, "%s", #e);		\
} while (0)

/* ... FAIL <file>:<line> <expr>: <message> */
#define CHECK_MSG(e, fmt, ...) do {					\
	if (!(e))							\
		guest_fail(__FILE__, __LINE__, "%s: " fmt, #e, ##__VA_ARGS__); \
} while (0)

/* ... FAIL <file>:<line> <a> == <b> (<a's value> != <b's value>) */
#define CHECK_EQ(a, b) do {						\
	uint64_t __a = (uint64_t)(a), __b = (uint64_t)(b);		\
	if (__a != __b)							\
		guest_fail(__FILE__, __LINE__, "%s == %s (0x%lx != 0x%lx, %ld != %ld)", \
			   #a, #b, __a, __b, (long)__a, (long)__b);	\
} while (0)

#endif
