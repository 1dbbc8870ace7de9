/*
 * A GICv3 ITS driver for the its guest, from the architecture (Arm IHI
 * 0069) and the device tree only: where the ITS is, its tables' types,
 * entry sizes and page sizes, and how RDbase is written are all read from
 * the device tree and the ITS's registers.
 */
#include "its.h"

#define GITS_CTLR		0x0000
#define GITS_IIDR		0x0004
#define GITS_TYPER		0x0008
#define GITS_CBASER		0x0080
#define GITS_CWRITER		0x0088
#define GITS_CREADR		0x0090
#define GITS_BASER(n)		(0x0100 + 8 * (n))
#define GITS_TRANSLATER		0x10040		/* in the second 64 KiB frame */

#define CTLR_ENABLED		(1U << 0)
#define CTLR_QUIESCENT		(1U << 31)

#define TYPER_PHYSICAL		(1UL << 0)
#define TYPER_ITT_ENTRY(t)	((unsigned int)((t) >> 4 & 0xf) + 1)
#define TYPER_ID_BITS(t)	((unsigned int)((t) >> 8 & 0x1f) + 1)
#define TYPER_DEVBITS(t)	((unsigned int)((t) >> 13 & 0x1f) + 1)
#define TYPER_PTA		(1UL << 19)
#define TYPER_HCC(t)		((unsigned int)((t) >> 24 & 0xff))
#define TYPER_CIDBITS(t)	((unsigned int)((t) >> 32 & 0xf) + 1)
#define TYPER_CIL		(1UL << 36)

/* GITS_BASER<n>; GITS_CBASER shares Valid, InnerCache, OuterCache,
 * the address and Shareability. */
#define BASER_VALID		(1UL << 63)
#define BASER_INDIRECT		(1UL << 62)
#define BASER_INNER(c)		((uint64_t)(c) << 59)
#define BASER_INNER_OF(v)	((v) >> 59 & 7)
#define BASER_TYPE(v)		((unsigned int)((v) >> 56 & 7))
#define BASER_ESIZE(v)		((unsigned int)((v) >> 48 & 0x1f) + 1)
#define BASER_ADDR_MASK		0x0000fffffffff000UL	/* [47:12] */
#define BASER_SH(s)		((uint64_t)(s) << 10)
#define BASER_SH_OF(v)		((v) >> 10 & 3)
#define BASER_PSZ(c)		((uint64_t)(c) << 8)
#define BASER_PSZ_OF(v)		((unsigned int)((v) >> 8 & 3))
#define BASER_SIZE_OF(v)	((unsigned int)((v) & 0xff))
#define BASER_TYPE_DEVICE	1
#define BASER_TYPE_COLLECTION	4

#define CREADR_STALLED		(1UL << 0)
#define CQ_OFFSET_MASK		0xfffe0UL	/* CREADR/CWRITER [19:5] */
#define CQ_SIZE			4096		/* one page: 128 commands */
#define CMD_SIZE		32

#define GICR_TYPER		0x0008
#define GICR_TYPER_PROCNUM(t)	((t) >> 8 & 0xffff)

struct its_info its;

static uint64_t *cq;			/* the command queue */
static uint64_t cq_wr;			/* our CWRITER offset */
static uint64_t cq_rd;			/* CREADR's offset when last read */

static const char *const type_names[8] = {
	"unimplemented", "Device", "vPE", "type 3", "Collection", "type 5", "type 6", "type 7",
};

/* Whether node is a child of the root (translation through the GIC's
 * ranges then gives a CPU physical address). */
static bool at_root(const void *fdt, int node)
{
	int root = fdt_root(fdt);
	for (int n = fdt_first_child(fdt, root); n >= 0; n = fdt_next_sibling(fdt, n))
		if (n == node)
			return true;
	return false;
}

/* A child address of the GIC node as a CPU physical address, through the
 * GIC node's ranges (empty: the same address space). */
static uint64_t gic_to_cpu(const void *fdt, int gic, uint64_t addr)
{
	int len, ca = fdt_address_cells(fdt, gic), cs = fdt_size_cells(fdt, gic);
	int pa = fdt_address_cells(fdt, fdt_root(fdt));
	const uint8_t *r = fdt_prop(fdt, gic, "ranges", &len);
	int entry = 4 * (ca + pa + cs);

	CHECK_MSG(r, "the GIC node has no ranges: its ITS's reg is not a CPU address");
	if (!len)
		return addr;
	CHECK_MSG(ca <= 2 && pa <= 2 && cs <= 2, "GIC ranges with %d/%d/%d cells", ca, pa, cs);
	for (int off = 0; off + entry <= len; off += entry) {
		uint64_t child = fdt_cells(r + off, ca), parent = fdt_cells(r + off + 4 * ca, pa);
		uint64_t size = fdt_cells(r + off + 4 * (ca + pa), cs);
		if (addr >= child && addr - child < size)
			return parent + (addr - child);
	}
	guest_fail(__FILE__, __LINE__, "the ITS's reg 0x%lx is outside the GIC node's ranges", addr);
}

void its_probe(void)
{
	const void *fdt = plat.fdt;
	int gic, node = -1;
	uint64_t base, size;
	uint64_t t;

	CHECK_MSG(fdt, "no device tree");
	gic = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	CHECK_MSG(gic >= 0, "no arm,gic-v3 node in the device tree");
	for (int n = fdt_first_child(fdt, gic); n >= 0; n = fdt_next_sibling(fdt, n)) {
		if (fdt_prop_has(fdt, n, "compatible", "arm,gic-v3-its")) {
			node = n;
			break;
		}
	}
	CHECK_MSG(node >= 0, "no ITS in the device tree (no arm,gic-v3-its node under %s)",
		  fdt_name(fdt, gic));
	CHECK_MSG(at_root(fdt, gic), "the GIC node %s is not at the root: not translating its ranges",
		  fdt_name(fdt, gic));
	CHECK_MSG(fdt_reg(fdt, gic, node, 0, &base, &size), "the ITS node %s has no reg", fdt_name(fdt, node));
	its.base = gic_to_cpu(fdt, gic, base);
	CHECK_MSG(size >= 0x20000, "the ITS node's reg is 0x%lx bytes, not the 128 KiB of two frames", size);
	CHECK_MSG(!(its.base & 0xffff), "the ITS at 0x%lx is not 64 KiB aligned", its.base);
	printf("its: ITS %s at 0x%lx (0x%lx bytes)%s\n", fdt_name(fdt, node), its.base, size,
	       fdt_prop(fdt, node, "msi-controller", NULL) ? ", msi-controller" : "");

	its.iidr = mmio_read32(its.base + GITS_IIDR);
	t = its.typer = mmio_read64(its.base + GITS_TYPER);
	its.itt_entry = TYPER_ITT_ENTRY(t);
	its.event_bits = TYPER_ID_BITS(t);
	its.dev_bits = TYPER_DEVBITS(t);
	its.icid_bits = (t & TYPER_CIL) ? TYPER_CIDBITS(t) : 16;
	its.hcc = TYPER_HCC(t);
	its.pta = t & TYPER_PTA;
	printf("its: GITS_IIDR 0x%x, GITS_TYPER 0x%lx: ITT entries of %u bytes, %u EventID bits, "
	       "%u DeviceID bits, %u collection ID bits%s, %u hardware collections, PTA %u (RDbase is %s)\n",
	       its.iidr, t, its.itt_entry, its.event_bits, its.dev_bits, its.icid_bits,
	       (t & TYPER_CIL) ? " (CIL)" : "", its.hcc, its.pta,
	       its.pta ? "the redistributor's address" : "the processor number");
	CHECK_MSG(t & TYPER_PHYSICAL, "GITS_TYPER 0x%lx: no physical LPIs", t);
	CHECK_MSG(its.itt_entry >= 2, "GITS_TYPER 0x%lx: ITT entries of %u bytes", t, its.itt_entry);
}

static unsigned int page_size(unsigned int code)
{
	static const unsigned int sizes[4] = { 4096, 16384, 65536, 0 };
	return sizes[code];
}

/*
 * One table: flat (Indirect written 0), entries for 0..max_id, inner
 * shareable write-back unless the ITS turns that down (Shareability reads
 * back 0), then non-cacheable and cleaned, as the architecture has it.
 */
static void setup_table(unsigned int n, uint32_t max_id)
{
	uint64_t reg = its.base + GITS_BASER(n);
	uint64_t v = mmio_read64(reg), attrs = BASER_INNER(GIC_CACHE_WB) | BASER_SH(GIC_SH_INNER);
	unsigned int type = BASER_TYPE(v), esize = BASER_ESIZE(v), psz, pages;
	size_t bytes;
	bool nc = false;
	void *table;

	/* The page size: 4 KiB if the ITS takes it, else what it keeps. */
	mmio_write64(reg, attrs | BASER_PSZ(0));
	v = mmio_read64(reg);
	psz = page_size(BASER_PSZ_OF(v));
	CHECK_MSG(psz, "GITS_BASER%u 0x%lx: reserved Page_Size", n, v);
	CHECK_MSG(!(v & BASER_INDIRECT), "GITS_BASER%u 0x%lx: Indirect set after writing 0", n, v);
	if (BASER_SH_OF(v) == GIC_SH_NONE || BASER_INNER_OF(v) <= GIC_CACHE_NC) {
		attrs = BASER_INNER(GIC_CACHE_NC) | BASER_SH(GIC_SH_NONE);
		nc = true;
	}
	bytes = ALIGN_UP((size_t)(max_id + 1) * esize, psz);
	pages = bytes / psz;
	CHECK_MSG(pages <= 256, "GITS_BASER%u: %u pages for ID %u", n, pages, max_id);
	table = mem_alloc(bytes, psz);
	if (nc) {
		dcache_clean(table, bytes);
		its.tables_nc = true;
	}
	v = BASER_VALID | attrs | BASER_PSZ(BASER_PSZ_OF(v)) | (uint64_t)(uintptr_t)table | (pages - 1);
	mmio_write64(reg, v);
	v = mmio_read64(reg);
	CHECK_MSG((v & BASER_VALID) && (v & BASER_ADDR_MASK) == (uintptr_t)table &&
		  BASER_SIZE_OF(v) == pages - 1 && page_size(BASER_PSZ_OF(v)) == psz,
		  "GITS_BASER%u reads 0x%lx after writing a valid %s table of %u %u-byte pages at %p", n, v,
		  type_names[type], pages, psz, table);
	printf("its: GITS_BASER%u 0x%lx: %s table, %u-byte entries, %u page(s) of %u KiB at %p, flat, %s\n", n,
	       v, type_names[type], esize, pages, psz / 1024, table,
	       nc ? "non-cacheable (cleaned)" : "inner shareable write-back");
}

static void setup_cmdq(void)
{
	uint64_t v, attrs = BASER_INNER(GIC_CACHE_WB) | BASER_SH(GIC_SH_INNER);

	cq = mem_alloc(CQ_SIZE, 65536);
	v = BASER_VALID | attrs | (uintptr_t)cq | (CQ_SIZE / 4096 - 1);
	mmio_write64(its.base + GITS_CBASER, v);
	v = mmio_read64(its.base + GITS_CBASER);
	if (BASER_SH_OF(v) == GIC_SH_NONE || BASER_INNER_OF(v) <= GIC_CACHE_NC) {
		/* Read without the caches: every command is cleaned. */
		its.cmdq_nc = true;
		v = BASER_VALID | BASER_INNER(GIC_CACHE_NC) | (uintptr_t)cq | (CQ_SIZE / 4096 - 1);
		mmio_write64(its.base + GITS_CBASER, v);
		v = mmio_read64(its.base + GITS_CBASER);
	}
	CHECK_MSG((v & BASER_VALID) && (v & BASER_ADDR_MASK) == (uintptr_t)cq,
		  "GITS_CBASER reads 0x%lx after writing a valid queue at %p", v, (void *)cq);
	mmio_write64(its.base + GITS_CWRITER, 0);
	cq_wr = cq_rd = 0;
	CHECK_EQ(mmio_read64(its.base + GITS_CREADR), 0);
	printf("its: GITS_CBASER 0x%lx: %u-command queue at %p, %s\n", v, CQ_SIZE / CMD_SIZE, (void *)cq,
	       its.cmdq_nc ? "non-cacheable (each command cleaned)" : "inner shareable write-back");
}

void its_setup(uint32_t max_dev, uint32_t max_icid)
{
	uint32_t ctlr = mmio_read32(its.base + GITS_CTLR);
	bool dev = false, coll = false;

	CHECK_MSG(!(ctlr & CTLR_ENABLED), "GITS_CTLR 0x%x: enabled before the guest set it up", ctlr);
	CHECK_MSG(WAIT_FOR(mmio_read32(its.base + GITS_CTLR) & CTLR_QUIESCENT, 1000),
		  "GITS_CTLR 0x%x: disabled but never quiescent", mmio_read32(its.base + GITS_CTLR));
	CHECK_MSG(max_dev >> its.dev_bits == 0, "DeviceID 0x%x needs more than %u bits", max_dev, its.dev_bits);
	CHECK_MSG(max_icid >> its.icid_bits == 0, "ICID %u needs more than %u bits", max_icid, its.icid_bits);
	for (unsigned int n = 0; n < 8; n++) {
		uint64_t v = mmio_read64(its.base + GITS_BASER(n));
		unsigned int type = BASER_TYPE(v);

		if (type == BASER_TYPE_DEVICE && !dev) {
			setup_table(n, max_dev);
			dev = true;
		} else if (type == BASER_TYPE_COLLECTION && !coll) {
			setup_table(n, max_icid);
			coll = true;
		} else if (type) {
			printf("its: GITS_BASER%u 0x%lx: %s table, left invalid\n", n, v, type_names[type]);
		}
	}
	CHECK_MSG(dev, "no GITS_BASER<n> of the Device type");
	/* Without a collection table, only the hardware collections exist. */
	CHECK_MSG(coll || max_icid < its.hcc, "no Collection table and %u hardware collections for ICID %u",
		  its.hcc, max_icid);
	setup_cmdq();

	mmio_write32(its.base + GITS_CTLR, ctlr | CTLR_ENABLED);
	ctlr = mmio_read32(its.base + GITS_CTLR);
	CHECK_MSG(ctlr & CTLR_ENABLED, "GITS_CTLR reads 0x%x after setting Enabled", ctlr);
	printf("its: GITS_CTLR 0x%x: enabled\n", ctlr);
}

void *its_itt_alloc(unsigned int bits)
{
	size_t bytes = ALIGN_UP(((size_t)1 << bits) * its.itt_entry, 256);
	void *itt = mem_alloc(bytes, 256);

	if (its.tables_nc)
		dcache_clean(itt, bytes);
	return itt;
}

uint64_t its_rdbase(unsigned int cpu)
{
	volatile void *rd = gic_redist(cpu);

	CHECK_MSG(rd, "cpu%u has no redistributor yet", cpu);
	if (its.pta)
		return (uintptr_t)rd & 0x0007ffffffff0000UL;	/* [50:16] */
	return GICR_TYPER_PROCNUM(mmio_read64((uintptr_t)rd + GICR_TYPER)) << 16;
}

static uint64_t creadr(void)
{
	return mmio_read64(its.base + GITS_CREADR);
}

/* Hands everything queued to the ITS; waits until it has read it all. */
void its_flush(void)
{
	uint64_t r = 0;
	bool done;

	if (its.cmdq_nc)
		dsb(sy);	/* the cleans are complete */
	else
		dsb(ish);	/* the commands are visible to the ITS */
	mmio_write64(its.base + GITS_CWRITER, cq_wr);
	done = WAIT_FOR(((r = creadr()) & CREADR_STALLED) || (r & CQ_OFFSET_MASK) == cq_wr, 2000);
	CHECK_MSG(!(r & CREADR_STALLED), "the command queue stalled: CREADR 0x%lx, CWRITER 0x%lx, command 0x%lx",
		  r, cq_wr, cq[(r & CQ_OFFSET_MASK) / 8]);
	CHECK_MSG(done, "the ITS did not read its commands within 2 s: CREADR 0x%lx, CWRITER 0x%lx", r, cq_wr);
	cq_rd = cq_wr;
}

static void queue(uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
	uint64_t next = (cq_wr + CMD_SIZE) % CQ_SIZE;
	uint64_t *slot;

	/* Full when the next CWRITER would equal CREADR. CREADR only moves
	 * on towards CWRITER, so a queue not full by the CREADR last read is
	 * not full now: it is read again only when that one says full. */
	if (next == cq_rd)
		cq_rd = creadr() & CQ_OFFSET_MASK;
	if (next == cq_rd)
		its_flush();
	slot = cq + cq_wr / 8;
	slot[0] = dw0;
	slot[1] = dw1;
	slot[2] = dw2;
	slot[3] = dw3;
	if (its.cmdq_nc)
		dcache_clean(slot, CMD_SIZE);
	cq_wr = next;
	its.commands++;
	if (!next)
		its.wraps++;
}

#define CMD_MOVI	0x01
#define CMD_INT		0x03
#define CMD_CLEAR	0x04
#define CMD_SYNC	0x05
#define CMD_MAPD	0x08
#define CMD_MAPC	0x09
#define CMD_MAPTI	0x0a
#define CMD_MAPI	0x0b
#define CMD_INV		0x0c
#define CMD_INVALL	0x0d
#define CMD_DISCARD	0x0f
#define CMD_VALID	(1UL << 63)

static uint64_t dev_op(uint32_t dev, unsigned int op)
{
	return (uint64_t)dev << 32 | op;
}

void its_mapd(uint32_t dev, const void *itt, unsigned int bits, bool valid)
{
	CHECK(bits >= 1 && bits <= its.event_bits);
	CHECK(!((uintptr_t)itt & 0xff));
	queue(dev_op(dev, CMD_MAPD), bits - 1,
	      (valid ? CMD_VALID : 0) | ((uintptr_t)itt & 0x000fffffffffff00UL), 0);
}

void its_mapc(uint32_t icid, unsigned int cpu, bool valid)
{
	queue(CMD_MAPC, 0, (valid ? CMD_VALID : 0) | its_rdbase(cpu) | icid, 0);
}

void its_mapti(uint32_t dev, uint32_t event, uint32_t lpi, uint32_t icid)
{
	queue(dev_op(dev, CMD_MAPTI), (uint64_t)lpi << 32 | event, icid, 0);
}

void its_mapi(uint32_t dev, uint32_t event, uint32_t icid)
{
	queue(dev_op(dev, CMD_MAPI), event, icid, 0);
}

void its_movi(uint32_t dev, uint32_t event, uint32_t icid)
{
	queue(dev_op(dev, CMD_MOVI), event, icid, 0);
}

void its_int(uint32_t dev, uint32_t event)
{
	queue(dev_op(dev, CMD_INT), event, 0, 0);
}

void its_clear(uint32_t dev, uint32_t event)
{
	queue(dev_op(dev, CMD_CLEAR), event, 0, 0);
}

void its_discard(uint32_t dev, uint32_t event)
{
	queue(dev_op(dev, CMD_DISCARD), event, 0, 0);
}

void its_inv(uint32_t dev, uint32_t event)
{
	queue(dev_op(dev, CMD_INV), event, 0, 0);
}

void its_invall(uint32_t icid)
{
	queue(CMD_INVALL, 0, icid, 0);
}

void its_sync(unsigned int cpu)
{
	queue(CMD_SYNC, 0, its_rdbase(cpu), 0);
}

void its_msi(uint32_t event)
{
	mmio_write32(its.base + GITS_TRANSLATER, event);
}
