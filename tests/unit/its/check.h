/* Minimal assertion helpers for the ITS host tests. */
#ifndef ITS_CHECK_H
#define ITS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static unsigned long check_count, check_failures;
static const char *check_test = "";

#define CHECK(cond)                                                              \
	do {                                                                     \
		check_count++;                                                   \
		if (!(cond)) {                                                   \
			check_failures++;                                        \
			fprintf(stderr, "FAIL %s: %s:%d: %s\n", check_test, __FILE__, \
				__LINE__, #cond);                                \
		}                                                                \
	} while (0)

#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		unsigned long long check_a_ = (unsigned long long)(a);           \
		unsigned long long check_b_ = (unsigned long long)(b);           \
		check_count++;                                                   \
		if (check_a_ != check_b_) {                                      \
			check_failures++;                                        \
			fprintf(stderr, "FAIL %s: %s:%d: %s == %s (%#llx != %#llx)\n", \
				check_test, __FILE__, __LINE__, #a, #b, check_a_,  \
				check_b_);                                       \
		}                                                                \
	} while (0)

#define RUN(fn)                                                                  \
	do {                                                                     \
		unsigned long before_ = check_failures;                          \
		check_test = #fn;                                                \
		fn();                                                            \
		printf("%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #fn); \
	} while (0)

static inline int check_summary(const char *suite)
{
	printf("%s: %lu checks, %lu failures\n", suite, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
