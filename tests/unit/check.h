/* The assertion harness of every host unit test (tests/unit, the ITS tests
 * in tests/unit/its included): every CHECK counts, a failure prints where
 * and why and the test goes on, and main returns check_summary(), non-zero
 * if any check failed.
 *
 *   CHECK(cond)        cond is true
 *   CHECK_EQ(a, b)     a == b, as 64-bit integers (both printed in decimal
 *                      and hex on failure)
 *   CHECK_STR(a, b)    two strings are equal (NULL equals nothing)
 *   RUN(fn)            runs the test function fn(), naming it in failures,
 *                      and prints `ok   fn` or `FAIL fn`
 *
 * check_test names what runs (RUN sets it; a test may set it too). */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long checks_run __attribute__((unused));
static unsigned long checks_failed __attribute__((unused));
static const char *check_test __attribute__((unused)) = "";

static inline void __attribute__((format(printf, 3, 4)))
check_report(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	checks_failed++;
	fprintf(stderr, "%s:%d: %s%sCHECK failed: ", file, line, check_test,
		*check_test ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define CHECK(cond) do {						\
	checks_run++;							\
	if (!(cond))							\
		check_report(__FILE__, __LINE__, "%s", #cond);		\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long check_a_ = (unsigned long long)(a);		\
	unsigned long long check_b_ = (unsigned long long)(b);		\
	checks_run++;							\
	if (check_a_ != check_b_)					\
		check_report(__FILE__, __LINE__,			\
			     "%s == %s (%lld != %lld, %#llx != %#llx)",	\
			     #a, #b, (long long)check_a_, (long long)check_b_, \
			     check_a_, check_b_);			\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *check_sa_ = (a), *check_sb_ = (b);			\
	checks_run++;							\
	if (!check_sa_ || !check_sb_ || strcmp(check_sa_, check_sb_) != 0) \
		check_report(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", \
			     #a, #b, check_sa_ ? check_sa_ : "(null)",	\
			     check_sb_ ? check_sb_ : "(null)");		\
} while (0)

#define RUN(fn) do {							\
	unsigned long check_before_ = checks_failed;			\
	check_test = #fn;						\
	fn();								\
	check_test = "";						\
	printf("%s %s\n", checks_failed == check_before_ ? "ok  " : "FAIL", #fn); \
} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %lu checks, %lu failed\n", name, checks_run, checks_failed);
	return checks_failed ? 1 : 0;
}

#endif
