/* Fixtures shared by the unit tests of the armhv command's pure logic
 * (tests/unit/armhv_cmd_*_test.c, make unit-armhv_cmd): size units and
 * parse(), which runs armhv_parse_args on a list of words. */
#ifndef TESTS_ARMHV_CMD_H
#define TESTS_ARMHV_CMD_H

#include <stdarg.h>
#include <stdint.h>

#include "check.h"
#include "opts.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* Parses a NULL-terminated list of words after "armhv". */
static inline int parse(struct armhv_opts *o, char *err, const char *first, ...)
{
	static char *argv[64];
	const char *w;
	va_list ap;
	int argc = 0;

	argv[argc++] = "armhv";
	va_start(ap, first);
	for (w = first; w; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return armhv_parse_args(argc, argv, o, err, 256);
}

#endif
