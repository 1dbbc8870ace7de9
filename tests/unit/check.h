/* A minimal assertion harness for host unit tests: every CHECK counts,
 * a failure prints where and why, and main returns non-zero. */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int checks_run, checks_failed;

#define CHECK(cond) do {						\
	checks_run++;							\
	if (!(cond)) {							\
		checks_failed++;					\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	checks_run++;							\
	if (__a != __b) {						\
		checks_failed++;					\
		fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, __a, __b);		\
	}								\
} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, checks_run, checks_failed);
	return checks_failed ? 1 : 0;
}

#endif
