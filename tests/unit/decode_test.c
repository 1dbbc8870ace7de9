/* Host tests for the load/store decoder, against encodings the GNU
 * assembler produced for each form (aarch64-linux-gnu-as). */
#include <vm/decode.h>
#include "check.h"

struct want {
	uint32_t insn;
	const char *text;
	bool ok, load, pair, sext, dest64;
	unsigned size, rt, rt2, rn;
	bool wb, post;
	int64_t off;
};

static const struct want cases[] = {
	{ 0xb8004404, "str w4, [x0], #4", 1, 0, 0, 0, 0, 4, 4, 0, 0, 1, 1, 4 },
	{ 0xf85f8c22, "ldr x2, [x1, #-8]!", 1, 1, 0, 0, 1, 8, 2, 0, 1, 1, 0, -8 },
	{ 0x38401443, "ldrb w3, [x2], #1", 1, 1, 0, 0, 0, 1, 3, 0, 2, 1, 1, 1 },
	{ 0x78c02c20, "ldrsh w0, [x1, #2]!", 1, 1, 0, 1, 0, 2, 0, 0, 1, 1, 0, 2 },
	{ 0x38806420, "ldrsb x0, [x1], #6", 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 6 },
	{ 0xb8804420, "ldrsw x0, [x1], #4", 1, 1, 0, 1, 1, 4, 0, 0, 1, 1, 1, 4 },
	{ 0x7800241f, "strh wzr, [x0], #2", 1, 0, 0, 0, 0, 2, 31, 0, 0, 1, 1, 2 },
	{ 0xa9400c22, "ldp x2, x3, [x1]", 1, 1, 1, 0, 1, 8, 2, 3, 1, 0, 0, 0 },
	{ 0x29010c22, "stp w2, w3, [x1, #8]", 1, 0, 1, 0, 0, 4, 2, 3, 1, 0, 0, 8 },
	{ 0xa8c10c22, "ldp x2, x3, [x1], #16", 1, 1, 1, 0, 1, 8, 2, 3, 1, 1, 1, 16 },
	{ 0xa9bf7bfd, "stp x29, x30, [sp, #-16]!", 1, 0, 1, 0, 1, 8, 29, 30, 31, 1, 0, -16 },
	{ 0x69400c22, "ldpsw x2, x3, [x1]", 1, 1, 1, 1, 1, 4, 2, 3, 1, 0, 0, 0 },
	{ 0xb9400020, "ldr w0, [x1] (ISV always set)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0xf8616802, "ldr x2, [x0, x1] (ISV always set)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0xfc408420, "ldr d0, [x1], #8 (SIMD)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0xad400c22, "ldp q2, q3, [x1] (SIMD)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0xc85f7c20, "ldxr x0, [x1] (exclusive)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0xf8a00c22, "prfm-like unallocated", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];
		struct ls_insn d;
		bool ok = decode_ls(w->insn, &d);

		if (ok != w->ok)
			fprintf(stderr, "  %s: decoded %d, want %d\n", w->text, ok, w->ok);
		CHECK_EQ(ok, w->ok);
		if (!ok || !w->ok)
			continue;
		CHECK_EQ(d.load, w->load);
		CHECK_EQ(d.pair, w->pair);
		CHECK_EQ(d.sign_extend, w->sext);
		CHECK_EQ(d.dest64, w->dest64);
		CHECK_EQ(d.size, w->size);
		CHECK_EQ(d.rt, w->rt);
		if (w->pair)
			CHECK_EQ(d.rt2, w->rt2);
		CHECK_EQ(d.rn, w->rn);
		CHECK_EQ(d.writeback, w->wb);
		CHECK_EQ(d.post_index, w->post);
		CHECK_EQ(d.offset, w->off);
	}
	return check_summary("decode");
}
