/*
 * Guest accesses to the GITS_* registers. 64-bit registers take 64-bit
 * accesses and 32-bit accesses to either half; 32-bit registers take
 * 32-bit accesses; GITS_TRANSLATER takes 16- and 32-bit writes.
 */
#include "its_internal.h"

#define GITS_IDREGS 0xffd0u
#define GITS_BASER_END 0x0140u

/* ID registers from PIDR4 (0xffd0) to CIDR3 (0xfffc): an Arm (JEP106
 * 0x43b) GICv3 (PIDR2.ArchRev = 3) component, part 0x0a4. */
static const uint8_t its_idregs[12] = {
	0x44, 0x00, 0x00, 0x00, /* PIDR4..PIDR7 */
	0xa4, 0xb0, 0x3b, 0x00, /* PIDR0..PIDR3 */
	0x0d, 0xf0, 0x05, 0xb1, /* CIDR0..CIDR3 */
};

enum reg_kind { REG_NONE, REG_32, REG_64 };

static enum reg_kind reg_kind_of(uint64_t reg)
{
	switch (reg) {
	case GITS_CTLR:
	case GITS_IIDR:
		return REG_32;
	case GITS_TYPER:
	case GITS_CBASER:
	case GITS_CWRITER:
	case GITS_CREADR:
		return REG_64;
	default:
		if (reg >= GITS_BASER0 && reg < GITS_BASER_END)
			return REG_64;
		if (reg >= GITS_IDREGS && reg < 0x10000u)
			return REG_32;
		return REG_NONE;
	}
}

/*
 * Check an access and find the register: *reg is the register's offset,
 * *shift the bit position of the accessed part within it.
 */
static int decode(uint64_t offset, unsigned size, uint64_t *reg, unsigned *shift)
{
	if (offset >= ITS_FRAME_SIZE)
		return ITS_ERR_INVAL;
	if ((size != 2 && size != 4 && size != 8) || (offset & (size - 1)))
		return ITS_ERR_ACCESS;
	uint64_t r64 = offset & ~7ull;
	if (reg_kind_of(r64) == REG_64) {
		if (size == 2)
			return ITS_ERR_ACCESS;
		*reg = r64;
		*shift = (unsigned)(offset & 4) * 8;
		return ITS_OK;
	}
	*reg = offset;
	*shift = 0;
	if (offset == GITS_TRANSLATER)
		return size == 8 ? ITS_ERR_ACCESS : ITS_OK;
	if (reg_kind_of(offset) == REG_32 && size != 4)
		return ITS_ERR_ACCESS;
	if (size == 2)
		return ITS_ERR_ACCESS;
	return ITS_OK;
}

static uint64_t reg_read(struct its *its, uint64_t reg)
{
	switch (reg) {
	case GITS_CTLR:
		its_process(its);
		return its_ctlr_read(its);
	case GITS_IIDR:
		return ITS_IIDR_VALUE;
	case GITS_TYPER:
		return ITS_TYPER_VALUE;
	case GITS_CBASER:
		return its->cbaser;
	case GITS_CWRITER:
		return its->cwriter;
	case GITS_CREADR:
		/* A polling guest drives the queue forward. */
		its_process(its);
		return its->creadr | (its->stalled ? CREADR_STALLED : 0);
	case GITS_BASER0:
		return its->baser[0];
	case GITS_BASER1:
		return its->baser[1];
	default:
		if (reg >= GITS_IDREGS && reg < 0x10000u)
			return its_idregs[(reg - GITS_IDREGS) / 4];
		return 0;
	}
}

int its_mmio_read(struct its *its, uint64_t offset, unsigned size, uint64_t *val)
{
	uint64_t reg;
	unsigned shift;
	int ret = decode(offset, size, &reg, &shift);
	*val = 0;
	if (ret)
		return ret;
	uint64_t v = reg_read(its, reg) >> shift;
	*val = size == 8 ? v : (v & ((1ull << (size * 8)) - 1));
	return ITS_OK;
}

static void write_ctlr(struct its *its, uint64_t val)
{
	bool enable = val & CTLR_ENABLED;
	if (enable && !its->enabled) {
		/* Enabling without tables is UNPREDICTABLE: stay disabled. */
		if (!(its->cbaser & CBASER_VALID) || !(its->baser[0] & BASER_VALID) ||
		    !(its->baser[1] & BASER_VALID)) {
			its_log(&its->vm->env, ITS_LOG_DEBUG, "its: enable without tables",
				its->cbaser, 0);
			return;
		}
	}
	its->enabled = enable;
	its_process(its);
}

static void write_cbaser(struct its *its, uint64_t val)
{
	if (its->enabled)
		return; /* read-only while enabled */
	its->cbaser = val & CBASER_WRITABLE;
	its->creadr = 0;
	its->cwriter = 0;
	its->stalled = false;
}

static void write_cwriter(struct its *its, uint64_t val)
{
	uint64_t off = val & QUEUE_OFFSET_MASK;
	if (off >= CBASER_QUEUE_SIZE(its->cbaser)) {
		its->stats.errors++;
		its->stats.last_error = ITS_CMDERR_CWRITER_OOR;
		its_log(&its->vm->env, ITS_LOG_DEBUG, "its: CWRITER out of range", off, 0);
		return;
	}
	its->cwriter = off;
	if (val & CWRITER_RETRY)
		its->stalled = false;
	its_process(its);
}

static void write_baser(struct its *its, unsigned n, uint64_t val)
{
	uint64_t old = its->baser[n];
	if (its->enabled)
		return; /* UNPREDICTABLE while enabled: ignored */
	uint64_t v = (val & BASER_WRITABLE) | (old & BASER_RO);
	if (n == 1)
		v &= ~BASER_INDIRECT; /* flat collection table only */
	if (BASER_PSZ(v) == 3)
		v = (v & ~MASK64(9, 8)) | ((uint64_t)2 << 8); /* 64 KiB */
	if (BASER_PSZ(v) == 1)
		v &= ~MASK64(13, 12); /* 16 KiB pages: RES0 */
	/*
	 * The ITS keeps its tables in the memory given here. Memory that is
	 * not guest RAM cannot hold them: such a table is not made valid
	 * (the architecture leaves this UNPREDICTABLE), so no mapping, and
	 * no saved image, ever refers to one.
	 */
	const struct its_env *env = &its->vm->env;
	its->baser_written[n] = v;
	if ((v & BASER_VALID) && !(n == 0 ? its_dev_table_in_ram(env, v)
					  : its_coll_table_in_ram(env, v))) {
		v &= ~BASER_VALID;
		its_log(env, ITS_LOG_DEBUG, "its: table not in guest RAM", n, v);
	}
	/*
	 * A table given a new place has lost its contents: the ITS kept them
	 * in the old memory.
	 */
	if ((v ^ old) & BASER_LOCATION) {
		if (n == 0)
			its_drop_devices(its);
		else
			its_drop_collections(its);
	}
	its->baser[n] = v;
}

static void reg_write(struct its *its, uint64_t reg, uint64_t val)
{
	switch (reg) {
	case GITS_CTLR:
		write_ctlr(its, val);
		break;
	case GITS_CBASER:
		write_cbaser(its, val);
		break;
	case GITS_CWRITER:
		write_cwriter(its, val);
		break;
	case GITS_BASER0:
		write_baser(its, 0, val);
		break;
	case GITS_BASER1:
		write_baser(its, 1, val);
		break;
	default:
		break; /* read-only or reserved: ignored */
	}
}

int its_mmio_write(struct its *its, uint64_t offset, unsigned size, uint64_t val)
{
	uint64_t reg;
	unsigned shift;
	/* An MSI first, before the register decoding: it is the write a
	 * running guest makes most (decode() gives it the same verdict). */
	if (offset == GITS_TRANSLATER && (size == 4 || size == 2))
		return its_translater_write(its, size, val);
	int ret = decode(offset, size, &reg, &shift);
	if (ret)
		return ret;
	if (reg_kind_of(reg) == REG_64 && size == 4) {
		/* Merge the written half into the current value. */
		uint64_t cur;
		switch (reg) {
		case GITS_CBASER:
			cur = its->cbaser;
			break;
		case GITS_CWRITER:
			cur = its->cwriter;
			break;
		case GITS_BASER0:
			cur = its->baser_written[0];
			break;
		case GITS_BASER1:
			cur = its->baser_written[1];
			break;
		default:
			cur = 0;
			break;
		}
		uint64_t mask = 0xffffffffull << shift;
		val = (cur & ~mask) | ((val << shift) & mask);
	}
	reg_write(its, reg, val);
	return ITS_OK;
}
