/* Bulk copy and zeroing (see lib/bulk.h). */
#include <lib/bulk.h>
#include <string.h>

/* A 64-bit word at any address (the compiler emits plain loads). */
typedef uint64_t __attribute__((aligned(1), may_alias)) u64_any;

void bulk_copy(void *dst, const void *src, size_t size)
{
	/* Bytes up to dst's next 8-byte boundary first: the loop's stores
	 * are aligned, its loads need not be. */
	size_t head = (size_t)(-(uintptr_t)dst & 7);
	uint64_t *d;
	const u64_any *s;
	size_t words;

	if (head) {
		head = head < size ? head : size;
		memcpy(dst, src, head);
		dst = (uint8_t *)dst + head;
		src = (const uint8_t *)src + head;
		size -= head;
	}
	d = dst;
	s = src;
	words = size / 64 * 8;

	for (size_t i = 0; i < words; i += 8) {
		uint64_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
		uint64_t f = s[i + 4], g = s[i + 5], h = s[i + 6], k = s[i + 7];

		d[i] = a; d[i + 1] = b; d[i + 2] = c; d[i + 3] = e;
		d[i + 4] = f; d[i + 5] = g; d[i + 6] = h; d[i + 7] = k;
	}
	memcpy((uint8_t *)dst + words * 8, (const uint8_t *)src + words * 8, size - words * 8);
}

void bulk_zero(void *dst, size_t size)
{
	uint64_t *d = dst, z = 0;
	size_t words = size / 64 * 8;

	/* A zero the compiler cannot see, or it makes the loop a memset. */
	__asm__("" : "+r"(z));
	for (size_t i = 0; i < words; i += 8) {
		d[i] = z; d[i + 1] = z; d[i + 2] = z; d[i + 3] = z;
		d[i + 4] = z; d[i + 5] = z; d[i + 6] = z; d[i + 7] = z;
	}
	memset((uint8_t *)dst + words * 8, 0, size - words * 8);
}
