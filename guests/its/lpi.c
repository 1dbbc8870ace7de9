/*
 * LPIs at the redistributors: one LPI configuration (property) table that
 * every redistributor shares (GICR_PROPBASER must be the same for all),
 * and a pending table per CPU (GICR_PENDBASER, 64 KiB aligned, zeroed).
 * Both are offered inner shareable write-back; a redistributor that reads
 * back non-shareable reads them non-cacheable, so they are cleaned.
 */
#include "its.h"

#define GICD_TYPER_LPIS		(1U << 17)
#define GICD_TYPER_IDBITS(t)	((((t) >> 19) & 0x1f) + 1)

#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_CTLR_ENABLE_LPIS	(1U << 0)
#define GICR_TYPER_PLPIS	(1UL << 0)

/* GICR_PROPBASER and GICR_PENDBASER */
#define BASER_INNER(c)		((uint64_t)(c) << 7)
#define BASER_INNER_OF(v)	((v) >> 7 & 7)
#define BASER_SH(s)		((uint64_t)(s) << 10)
#define BASER_SH_OF(v)		((v) >> 10 & 3)
#define PENDBASER_PTZ		(1UL << 62)
#define PROP_ADDR_MASK		0x000ffffffffff000UL	/* [51:12] */
#define PEND_ADDR_MASK		0x000fffffffff0000UL	/* [51:16] */

/* LPI configuration byte: priority [7:2], bit 1 RES1, Enable [0]. */
#define LPI_CFG_RES1		(1U << 1)
#define LPI_CFG_ENABLE		(1U << 0)

#define NR_INTIDS		(1U << LPI_ID_BITS)
#define PROP_SIZE		(NR_INTIDS - GIC_LPI_BASE)
#define PEND_SIZE		(NR_INTIDS / 8)

static uint8_t *prop;
static void *pend[MAX_CPUS];
static bool prop_nc;

void lpi_init(void)
{
	uint32_t t = gicd_typer();

	CHECK_MSG(t & GICD_TYPER_LPIS, "GICD_TYPER 0x%x: no LPIs", t);
	CHECK_MSG(GICD_TYPER_IDBITS(t) >= LPI_ID_BITS, "GICD_TYPER 0x%x: %u INTID bits, %u wanted", t,
		  GICD_TYPER_IDBITS(t), LPI_ID_BITS);
	prop = mem_alloc(PROP_SIZE, 4096);
	for (unsigned int i = 0; i < ncpus(); i++)
		pend[i] = mem_alloc(PEND_SIZE, 65536);
	printf("its: GICD_TYPER 0x%x: LPIs, %u INTID bits; using %u: a %u KiB property table, %u-byte pending tables\n",
	       t, GICD_TYPER_IDBITS(t), LPI_ID_BITS, PROP_SIZE / 1024, PEND_SIZE);
}

void lpi_config(uint32_t intid, bool enable)
{
	uint8_t *cfg;

	CHECK(intid >= GIC_LPI_BASE && intid < NR_INTIDS);
	cfg = &prop[intid - GIC_LPI_BASE];
	WRITE_ONCE(*cfg, LPI_PRIO | LPI_CFG_RES1 | (enable ? LPI_CFG_ENABLE : 0));
	if (READ_ONCE(prop_nc))
		dcache_clean(cfg, 1);
	else
		dsb(ish);
}

/* Writes a PROPBASER/PENDBASER-style register write-back inner shareable;
 * if the redistributor keeps it non-shareable or non-cacheable, writes it
 * non-cacheable instead. Returns whether it is non-cacheable. */
static bool write_baser(uintptr_t reg, uint64_t v, uint64_t *readback)
{
	uint64_t r;

	mmio_write64(reg, v | BASER_INNER(GIC_CACHE_WB) | BASER_SH(GIC_SH_INNER));
	r = mmio_read64(reg);
	if (BASER_SH_OF(r) != GIC_SH_NONE && BASER_INNER_OF(r) > GIC_CACHE_NC) {
		*readback = r;
		return false;
	}
	mmio_write64(reg, v | BASER_INNER(GIC_CACHE_NC) | BASER_SH(GIC_SH_NONE));
	*readback = mmio_read64(reg);
	return true;
}

void lpi_cpu_enable(void)
{
	unsigned int me = cpu_index();
	uintptr_t rd = (uintptr_t)gic_redist(me);
	uint64_t typer, propbaser, pendbaser;
	uint32_t ctlr;
	bool nc;

	CHECK_MSG(rd, "cpu%u: no redistributor", me);
	typer = mmio_read64(rd + GICR_TYPER);
	CHECK_MSG(typer & GICR_TYPER_PLPIS, "cpu%u: GICR_TYPER 0x%lx: no physical LPIs", me, typer);
	ctlr = mmio_read32(rd + GICR_CTLR);
	CHECK_MSG(!(ctlr & GICR_CTLR_ENABLE_LPIS), "cpu%u: GICR_CTLR 0x%x: LPIs enabled before the guest set them up",
		  me, ctlr);

	/* IDbits is the number of INTID bits minus one. */
	nc = write_baser(rd + GICR_PROPBASER, (uintptr_t)prop | (LPI_ID_BITS - 1), &propbaser);
	CHECK_MSG((propbaser & PROP_ADDR_MASK) == (uintptr_t)prop && (propbaser & 0x1f) == LPI_ID_BITS - 1,
		  "cpu%u: GICR_PROPBASER reads 0x%lx after writing %p, IDbits %u", me, propbaser, prop,
		  LPI_ID_BITS - 1);
	if (nc) {
		WRITE_ONCE(prop_nc, true);
		dcache_clean(prop, PROP_SIZE);
	}

	nc = write_baser(rd + GICR_PENDBASER, (uintptr_t)pend[me] | PENDBASER_PTZ, &pendbaser);
	CHECK_MSG((pendbaser & PEND_ADDR_MASK) == (uintptr_t)pend[me], "cpu%u: GICR_PENDBASER reads 0x%lx after writing %p",
		  me, pendbaser, pend[me]);
	if (nc)
		dcache_clean(pend[me], PEND_SIZE);
	dsb(sy);

	mmio_write32(rd + GICR_CTLR, ctlr | GICR_CTLR_ENABLE_LPIS);
	ctlr = mmio_read32(rd + GICR_CTLR);
	CHECK_MSG(ctlr & GICR_CTLR_ENABLE_LPIS, "cpu%u: GICR_CTLR reads 0x%x after setting EnableLPIs", me, ctlr);
	printf("its: cpu%u: redistributor 0x%lx (processor %lu): GICR_PROPBASER 0x%lx, GICR_PENDBASER 0x%lx, LPIs enabled\n",
	       me, (unsigned long)rd, (typer >> 8) & 0xffff, propbaser, pendbaser);
}
