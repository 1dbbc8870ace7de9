/* Host tests for armhv's own vsnprintf (lib/format.c): every case is
 * compared with the C library's snprintf, the reference. format.c is
 * built with its functions renamed, so both exist here. */
#include "check.h"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

int armhv_snprintf(char *buf, size_t size, const char *fmt, ...);

static unsigned long long rng = 1;

static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define SAME(size, ...) do {						\
	char a[96], b[96];						\
	int na, nb;							\
	memset(a, 'A', sizeof(a));					\
	memset(b, 'A', sizeof(b));					\
	na = armhv_snprintf(a, size, __VA_ARGS__);			\
	nb = snprintf(b, size, __VA_ARGS__);				\
	CHECK_EQ(na, nb);						\
	CHECK(memcmp(a, b, sizeof(a)) == 0);				\
	if (memcmp(a, b, sizeof(a)) != 0)				\
		fprintf(stderr, "  got '%.40s' want '%.40s'\n", a, b);	\
} while (0)

int main(void)
{
	static const char *const fmts_u[] = { "%u", "%5u", "%-5u|", "%05u", "%x", "%08x", "%X", "%o" };
	static const char *const fmts_ull[] = { "%llu", "%llx", "%016llx", "%07llx", "%-20llx|", "%llX" };
	static const char *const fmts_d[] = { "%d", "%5d", "%-5d|", "%05d", "%i" };

	SAME(64, "plain text");
	SAME(64, "%s and %s", "one", "two");
	SAME(64, "[%8s][%-8s]", "ab", "cd");
	SAME(64, "%c%c%%", 'x', 'y');
	SAME(64, "%ld %lu %zu", -5L, 7UL, (size_t)42);
	SAME(64, "%02x", 0xa);
	SAME(64, "%-2u|", 7u);
	SAME(64, "%d %d", INT32_MIN, INT32_MAX);
	SAME(64, "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	SAME(64, "%p", (void *)0x1234);
	SAME(64, "[%.3s][%.*s][%.0s]", "abcdef", 2, "xyz", "gone");
	SAME(64, "[%*s][%-*s][%.*s]", 6, "ab", 4, "cd", -1, "all");
	SAME(64, "[%.10s]", "short");
	/* Truncation: the return value counts what did not fit. */
	SAME(1, "hello");
	SAME(5, "hello %u", 123456u);
	SAME(0, "abc");
	for (unsigned i = 0; i < 20000; i++) {
		/* Arguments are evaluated once per call: draw them first. */
		unsigned long long v = next();
		unsigned size = (unsigned)(next() % 40);
		unsigned long long v64 = v >> (next() % 64);
		int v32 = (int)v >> (next() % 32);

		switch (i % 3) {
		case 0:
			SAME(size, fmts_u[i % 8], (unsigned)v);
			break;
		case 1:
			SAME(size, fmts_ull[i % 6], v64);
			break;
		default:
			SAME(size, fmts_d[i % 5], v32);
			break;
		}
	}
	return check_summary("format");
}
