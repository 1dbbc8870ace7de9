/* GICv3 driver for test guests (non-secure group 1, affinity routing). */
#include "guest.h"

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_CTLR_RWP		(1U << 31)
#define GICD_CTLR_ARE		(1U << 4)
/* With one security state (DS=1): EnableGrp0, EnableGrp1; seen from the
 * non-secure side of two: EnableGrp1NS, EnableGrp1A. Either way, on. */
#define GICD_CTLR_ENABLE	(3U << 0)

#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_CTLR_RWP		(1U << 3)
#define GICR_TYPER_VLPIS	(1UL << 1)
#define GICR_TYPER_LAST		(1UL << 4)
#define GICR_WAKER_SLEEP	(1U << 1)
#define GICR_WAKER_ASLEEP	(1U << 2)
#define GICR_SGI		0x10000		/* SGI_base - RD_base */
#define GICR_IGROUPR0		(GICR_SGI + 0x0080)
#define GICR_ISENABLER0		(GICR_SGI + 0x0100)
#define GICR_ICENABLER0		(GICR_SGI + 0x0180)
#define GICR_ISPENDR0		(GICR_SGI + 0x0200)
#define GICR_ICPENDR0		(GICR_SGI + 0x0280)
#define GICR_ISACTIVER0		(GICR_SGI + 0x0300)
#define GICR_IPRIORITYR		(GICR_SGI + 0x0400)
#define GICR_ICFGR0		(GICR_SGI + 0x0c00)

#define ICC_SRE_SRE		(1UL << 0)

static volatile uint8_t *const gicd = (volatile uint8_t *)GICD_BASE;
static volatile uint8_t *redist[MAX_CPUS];
static bool ready;
static uint64_t spi_target;

static struct {
	irq_handler_t fn;
	void *arg;
} handlers[1020], lpi_handler;

static inline uint32_t rd32(volatile uint8_t *base, unsigned int off)
{
	return mmio_read32((uintptr_t)base + off);
}

static inline void wr32(volatile uint8_t *base, unsigned int off, uint32_t v)
{
	mmio_write32((uintptr_t)base + off, v);
}

static inline uint64_t rd64(volatile uint8_t *base, unsigned int off)
{
	return mmio_read64((uintptr_t)base + off);
}

static inline void wr64(volatile uint8_t *base, unsigned int off, uint64_t v)
{
	mmio_write64((uintptr_t)base + off, v);
}

static void wait_rwp(volatile uint8_t *base, unsigned int off, uint32_t bit)
{
	CHECK(WAIT_FOR(!(rd32(base, off) & bit), 1000));
}

uint32_t gicd_typer(void)
{
	return rd32(gicd, GICD_TYPER);
}

static unsigned int spi_lines(void)
{
	unsigned int n = 32 * ((gicd_typer() & 0x1f) + 1);
	return n > 1020 ? 1020 : n;
}

static volatile uint8_t *find_redist(uint64_t mpidr)
{
	uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
	volatile uint8_t *rd = (volatile uint8_t *)GICR_BASE;

	for (int i = 0; i < 256; i++) {
		uint64_t typer = rd64(rd, GICR_TYPER);
		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return NULL;
}

void gic_cpu_init(void)
{
	unsigned int cpu = cpu_index();
	volatile uint8_t *rd = find_redist(this_mpidr());

	CHECK_MSG(rd, "no redistributor for MPIDR 0x%lx", this_mpidr());
	redist[cpu] = rd;

	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	CHECK(WAIT_FOR(!(rd32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP), 1000));

	wr32(rd, GICR_ICENABLER0, 0xffffffff);
	wait_rwp(rd, GICR_CTLR, GICR_CTLR_RWP);
	wr32(rd, GICR_ICPENDR0, 0xffffffff);
	wr32(rd, GICR_IGROUPR0, 0xffffffff);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(rd, GICR_IPRIORITYR + i, GIC_PRIO_DEFAULT * 0x01010101U);

	write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_SRE);
	isb();
	CHECK_MSG(read_sysreg(icc_sre_el1) & ICC_SRE_SRE, "the GIC's system register interface is off");
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, 0);		/* EOImode 0 */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

void gic_init(void)
{
	unsigned int lines;

	wr32(gicd, GICD_CTLR, 0);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	lines = spi_lines();
	for (unsigned int i = 32; i < lines; i += 32) {
		wr32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICPENDR + i / 8, 0xffffffff);
		wr32(gicd, GICD_IGROUPR + i / 8, 0xffffffff);
	}
	for (unsigned int i = 32; i < lines; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT * 0x01010101U);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	CHECK_MSG(rd32(gicd, GICD_CTLR) & GICD_CTLR_ARE, "GICD_CTLR=0x%x: no affinity routing",
		  rd32(gicd, GICD_CTLR));
	spi_target = this_mpidr();

	gic_cpu_init();
	dsb(ish);
	WRITE_ONCE(ready, true);
}

bool gic_ready(void)
{
	return READ_ONCE(ready);
}

volatile void *gic_redist(unsigned int idx)
{
	return idx < MAX_CPUS ? redist[idx] : NULL;
}

static volatile uint8_t *my_redist(void)
{
	volatile uint8_t *rd = redist[cpu_index()];
	CHECK_MSG(rd, "cpu%u has not set up its GIC (gic_init/gic_cpu_init)", cpu_index());
	return rd;
}

static void bit_write(unsigned int intid, unsigned int ppi_reg, unsigned int spi_reg)
{
	uint32_t bit = 1U << (intid % 32);
	if (intid < 32) {
		volatile uint8_t *rd = my_redist();
		wr32(rd, ppi_reg, bit);
	} else {
		wr32(gicd, spi_reg + 4 * (intid / 32), bit);
	}
}

static bool bit_read(unsigned int intid, unsigned int ppi_reg, unsigned int spi_reg)
{
	uint32_t bit = 1U << (intid % 32);
	if (intid < 32)
		return rd32(my_redist(), ppi_reg) & bit;
	return rd32(gicd, spi_reg + 4 * (intid / 32)) & bit;
}

void gic_enable_irq(unsigned int intid)
{
	if (intid >= 32)
		gic_route_spi(intid, spi_target);
	bit_write(intid, GICR_ISENABLER0, GICD_ISENABLER);
}

void gic_disable_irq(unsigned int intid)
{
	bit_write(intid, GICR_ICENABLER0, GICD_ICENABLER);
	if (intid < 32)
		wait_rwp(my_redist(), GICR_CTLR, GICR_CTLR_RWP);
	else
		wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
}

bool gic_irq_enabled(unsigned int intid)
{
	return bit_read(intid, GICR_ISENABLER0, GICD_ISENABLER);
}

bool gic_irq_pending(unsigned int intid)
{
	return bit_read(intid, GICR_ISPENDR0, GICD_ISPENDR);
}

bool gic_irq_active(unsigned int intid)
{
	return bit_read(intid, GICR_ISACTIVER0, GICD_ISACTIVER);
}

void gic_clear_pending(unsigned int intid)
{
	bit_write(intid, GICR_ICPENDR0, GICD_ICPENDR);
}

void gic_set_priority(unsigned int intid, uint8_t prio)
{
	volatile uint8_t *base = intid < 32 ? my_redist() : gicd;
	unsigned int off = (intid < 32 ? GICR_IPRIORITYR : GICD_IPRIORITYR) + (intid & ~3U);
	unsigned int shift = 8 * (intid % 4);
	uint32_t v = rd32(base, off);
	wr32(base, off, (v & ~(0xffU << shift)) | (uint32_t)prio << shift);
}

void gic_set_edge(unsigned int intid, bool edge)
{
	volatile uint8_t *base = intid < 32 ? my_redist() : gicd;
	unsigned int off = (intid < 32 ? GICR_ICFGR0 : GICD_ICFGR) + 4 * (intid / 16);
	uint32_t bit = 2U << (2 * (intid % 16)), v = rd32(base, off);
	wr32(base, off, edge ? v | bit : v & ~bit);
}

void gic_route_spi(unsigned int intid, uint64_t mpidr)
{
	wr64(gicd, GICD_IROUTER + 8 * intid, mpidr & MPIDR_AFF_MASK);
}

uint32_t gic_ack(void)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & 0xffffff;
	dsb(sy);
	return intid;
}

void gic_eoi(uint32_t intid)
{
	write_sysreg(icc_eoir1_el1, intid);
	isb();
}

uint8_t gic_running_priority(void)
{
	return (uint8_t)read_sysreg(icc_rpr_el1);
}

uint32_t gic_highest_pending(void)
{
	return (uint32_t)read_sysreg(icc_hppir1_el1) & 0xffffff;
}

static uint64_t sgi1r(unsigned int intid, uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xff;
	return ((mpidr >> 32) & 0xff) << 48 |		/* Aff3 */
	       (aff0 >> 4) << 44 |			/* RS */
	       ((mpidr >> 16) & 0xff) << 32 |		/* Aff2 */
	       (uint64_t)(intid & 15) << 24 |
	       ((mpidr >> 8) & 0xff) << 16 |		/* Aff1 */
	       1UL << (aff0 & 15);			/* target list */
}

void gic_send_sgi(unsigned int intid, uint64_t mpidr)
{
	dsb(ish);		/* what the receiver will read is visible first */
	write_sysreg(icc_sgi1r_el1, sgi1r(intid, mpidr));
	isb();
}

void gic_send_sgi_others(unsigned int intid)
{
	dsb(ish);
	write_sysreg(icc_sgi1r_el1, (uint64_t)(intid & 15) << 24 | 1UL << 40);
	isb();
}

void gic_send_sgi_group0_others(unsigned int intid, bool alias)
{
	uint64_t v = (uint64_t)(intid & 15) << 24 | 1UL << 40;

	dsb(ish);
	if (alias)
		write_sysreg(icc_asgi1r_el1, v);
	else
		write_sysreg(icc_sgi0r_el1, v);
	isb();
}

void irq_set_handler(unsigned int intid, irq_handler_t fn, void *arg)
{
	CHECK(intid < ARRAY_SIZE(handlers));
	handlers[intid].arg = arg;
	dsb(ish);
	WRITE_ONCE(handlers[intid].fn, fn);
}

void irq_set_lpi_handler(irq_handler_t fn, void *arg)
{
	lpi_handler.arg = arg;
	dsb(ish);
	WRITE_ONCE(lpi_handler.fn, fn);
}

/* Calls intid's handler, then EOIs it. */
static void dispatch(uint32_t intid)
{
	irq_handler_t fn = NULL;
	void *arg = NULL;

	if (intid >= GIC_LPI_BASE) {
		fn = READ_ONCE(lpi_handler.fn);
		arg = lpi_handler.arg;
	} else if (intid < ARRAY_SIZE(handlers)) {
		fn = READ_ONCE(handlers[intid].fn);
		arg = handlers[intid].arg;
	}
	if (!fn)
		guest_fail_raw("cpu%u: interrupt %u without a handler", cpu_index(), intid);
	fn(intid, arg);
	gic_eoi(intid);
}

void gic_handle_irq(void)
{
	for (;;) {
		uint32_t intid = gic_ack();

		if (intid >= 1020 && intid <= GIC_SPURIOUS)
			return;		/* spurious: nothing (more) pending */
		dispatch(intid);
	}
}

bool gic_take(uint32_t want, unsigned int ms)
{
	uint64_t deadline = deadline_ms(ms);

	CHECK_MSG(irqs_masked(), "gic_take(%u) with IRQs unmasked", want);
	while (!deadline_passed(deadline)) {
		uint32_t intid = gic_ack();

		if (intid == want)
			return true;
		if (intid >= 1020 && intid <= GIC_SPURIOUS)
			cpu_relax();
		else
			dispatch(intid);
	}
	return false;
}
