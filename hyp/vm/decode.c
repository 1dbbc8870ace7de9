/* A64 load/store decoding for MMIO without a syndrome (vm/decode.h). */
#include <vm/decode.h>

static int64_t sext(uint64_t v, unsigned bits)
{
	uint64_t m = 1ULL << (bits - 1);

	return (int64_t)((v ^ m) - m);
}

/* Single register, immediate pre- or post-index: size 111 0 00 opc 0
 * imm9 p1 Rn Rt (bits 11:10 = 01 post, 11 pre). */
static bool single(uint32_t insn, struct ls_insn *d)
{
	unsigned size = insn >> 30, opc = (insn >> 22) & 3, idx = (insn >> 10) & 3;

	if ((insn & 0x3f200000u) != 0x38000000u || (idx != 1 && idx != 3))
		return false;
	*d = (struct ls_insn){ .size = 1u << size, .rt = insn & 31, .rn = (insn >> 5) & 31,
			       .writeback = true, .post_index = idx == 1,
			       .offset = sext((insn >> 12) & 0x1ff, 9) };
	switch (opc) {
	case 0:			/* STR */
		d->dest64 = size == 3;
		return true;
	case 1:			/* LDR */
		d->load = true;
		d->dest64 = size == 3;
		return true;
	case 2:			/* LDRS to X (not for size 3: PRFM) */
		if (size == 3)
			return false;
		d->load = d->sign_extend = d->dest64 = true;
		return true;
	default:		/* LDRS to W (size 2, 3: unallocated) */
		if (size >= 2)
			return false;
		d->load = d->sign_extend = true;
		return true;
	}
}

/* Pair: opc 101 0 idx L imm7 Rt2 Rn Rt, idx 01 post, 11 pre, 10 offset. */
static bool pair(uint32_t insn, struct ls_insn *d)
{
	unsigned opc = insn >> 30, idx = (insn >> 23) & 3, load = (insn >> 22) & 1;

	if ((insn & 0x3c000000u) != 0x28000000u || (insn & (1u << 26)) || idx == 0)
		return false;
	if (opc == 3 || (opc == 1 && !load))
		return false;	/* unallocated, or STGP (MTE) */
	*d = (struct ls_insn){ .pair = true, .load = load, .size = opc == 2 ? 8 : 4,
			       .sign_extend = opc == 1, .dest64 = opc != 0,
			       .rt = insn & 31, .rt2 = (insn >> 10) & 31,
			       .rn = (insn >> 5) & 31, .writeback = idx != 2,
			       .post_index = idx == 1 };
	d->offset = sext((insn >> 15) & 0x7f, 7) * (int64_t)d->size;
	return true;
}

bool decode_ls(uint32_t insn, struct ls_insn *d)
{
	return single(insn, d) || pair(insn, d);
}
