/* Host tests of lib/bulk.c: bulk_copy and bulk_zero give what memcpy and
 * memset give, for every start of source and destination within a word
 * and sizes around the 64-byte loop's edges, and touch nothing around the
 * destination. Built with ASan/UBSan as unit-bulk. */
#include <lib/bulk.h>
#include "check.h"

#include <stdint.h>

enum { GUARD = 16, MAX = 4 * 64 + 40 };

static uint8_t src[MAX + 2 * GUARD], want[MAX + 2 * GUARD];
static uint8_t dst[MAX + 2 * GUARD] __attribute__((aligned(16)));

/* Every size in [0, MAX), and a long run (1 MiB + 13) once. */
static void test_copy(void)
{
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 3);
	for (unsigned doff = 0; doff < 8; doff++)
		for (unsigned soff = 0; soff < 8; soff++)
			for (size_t n = 0; n < MAX; n++) {
				memset(dst, 0xa5, sizeof(dst));
				memset(want, 0xa5, sizeof(want));
				memcpy(want + GUARD + doff, src + GUARD + soff, n);
				bulk_copy(dst + GUARD + doff, src + GUARD + soff, n);
				CHECK(memcmp(dst, want, sizeof(dst)) == 0);
			}
}

static void test_copy_long(void)
{
	size_t n = (1u << 20) + 13;
	uint8_t *a = malloc(n + 8), *b = malloc(n + 8);

	for (size_t i = 0; i < n + 8; i++)
		a[i] = (uint8_t)(i ^ (i >> 8));
	memset(b, 0, n + 8);
	bulk_copy(b + 3, a + 5, n);
	CHECK(memcmp(b + 3, a + 5, n) == 0);
	CHECK(b[0] == 0 && b[1] == 0 && b[2] == 0);
	for (size_t i = n + 3; i < n + 8; i++)
		CHECK_EQ(b[i], 0);
	free(a);
	free(b);
}

/* bulk_zero's destination is 8-byte aligned (bulk.h). */
static void test_zero(void)
{
	for (size_t n = 0; n < MAX; n++) {
		memset(dst, 0xa5, sizeof(dst));
		memset(want, 0xa5, sizeof(want));
		memset(want + GUARD, 0, n);
		bulk_zero(dst + GUARD, n);
		CHECK(memcmp(dst, want, sizeof(dst)) == 0);
	}
}

int main(void)
{
	RUN(test_copy);
	RUN(test_copy_long);
	RUN(test_zero);
	return check_summary("bulk");
}
