/* GICv3 distributor, redistributors and CPU interface at EL2. */
#include <drivers/gic.h>
#include <mm/mmu.h>
#include <lib/log.h>
#include <arch/mmio.h>
#include <arch/sysreg.h>

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR(n)		(0x0080 + 4 * (n))
#define GICD_ISENABLER(n)	(0x0100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x0180 + 4 * (n))
#define GICD_IPRIORITYR(n)	(0x0400 + (n))
#define GICD_ICFGR(n)		(0x0c00 + 4 * (n))
#define GICD_IROUTER(n)		(0x6000 + 8 * (n))
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_ARE		(1u << 4)
#define GICD_CTLR_GRP1		(1u << 1)

#define GICR_FRAME_SIZE		0x20000
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_CTLR_ENABLE_LPIS	(1u << 0)
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_TYPER_VLPIS	(1u << 1)
#define GICR_WAKER_SLEEP	(1u << 1)
#define GICR_WAKER_ASLEEP	(1u << 2)
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		(GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		(GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		(GICR_SGI_BASE + 0x0180)
#define GICR_ISACTIVER0		(GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0		(GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR(n)	(GICR_SGI_BASE + 0x0400 + (n))

#define GITS_CTLR		0x0000
#define GITS_CTLR_ENABLED	(1u << 0)
#define GITS_CTLR_QUIESCENT	(1u << 31)

#define ICC_SRE_EL2		"S3_4_C12_C9_5"
#define ICC_PMR_EL1		"S3_0_C4_C6_0"
#define ICC_BPR1_EL1		"S3_0_C12_C12_3"
#define ICC_CTLR_EL1		"S3_0_C12_C12_4"
#define ICC_CTLR_EOIMODE	(1u << 1)	/* EOI drops priority, DIR deactivates */
#define ICC_IGRPEN1_EL1		"S3_0_C12_C12_7"

static const unsigned guest_ppis[] = { PPI_VGIC_MAINT, PPI_HYP_TIMER, PPI_VTIMER };

static vaddr_t gicd;
static struct {
	vaddr_t va;
	uint64_t size;
} gicr_regions[MACHINE_MAX_GICR];
static unsigned gicr_region_count;

static int wait_clear(vaddr_t base, uint64_t reg, uint32_t bits)
{
	for (unsigned i = 0; i < 1000000; i++) {
		if (!(mmio_read32(base, reg) & bits))
			return 0;
		cpu_relax();
	}
	return -ETIMEDOUT;
}

static uint64_t mpidr_to_affinity(uint64_t mpidr)
{
	return mpidr & MPIDR_AFF_MASK;
}

/*
 * armhv never uses physical LPIs, and the next image must find them off
 * (gic.h). A previous image may have left them on: Linux does, when its
 * own kexec starts armhv, with its LPI tables and the ITS's tables in RAM
 * armhv now owns. Turn off every ITS (stopping it from reading those
 * tables) and every redistributor's LPIs, the way Linux does when it
 * finds them on (GICR_CTLR.EnableLPIs may be cleared on QEMU's GIC; where
 * it stays set, armhv says so and goes on).
 */
static void lpis_off(const struct machine *m)
{
	unsigned its_off = 0, rd_off = 0, rd_stuck = 0;

	for (unsigned i = 0; i < m->its_count; i++) {
		vaddr_t its = mmio_map(m->its[i].base, 0x10000, false);

		if (!va_addr(its) || !(mmio_read32(its, GITS_CTLR) & GITS_CTLR_ENABLED))
			continue;
		mmio_write32(its, GITS_CTLR, mmio_read32(its, GITS_CTLR) & ~GITS_CTLR_ENABLED);
		for (unsigned n = 0; n < 1000000 && !(mmio_read32(its, GITS_CTLR) & GITS_CTLR_QUIESCENT); n++)
			cpu_relax();
		its_off++;
	}
	for (unsigned r = 0; r < gicr_region_count; r++) {
		for (uint64_t off = 0; off + GICR_FRAME_SIZE <= gicr_regions[r].size;) {
			vaddr_t f = va_add(gicr_regions[r].va, off);
			uint64_t typer = mmio_read64(f, GICR_TYPER);
			uint32_t ctlr = mmio_read32(f, GICR_CTLR);

			if (ctlr & GICR_CTLR_ENABLE_LPIS) {
				mmio_write32(f, GICR_CTLR, ctlr & ~GICR_CTLR_ENABLE_LPIS);
				dsb(sy);
				wait_clear(f, GICR_CTLR, GICR_CTLR_RWP);
				if (mmio_read32(f, GICR_CTLR) & GICR_CTLR_ENABLE_LPIS)
					rd_stuck++;
				else
					rd_off++;
			}
			if (typer & GICR_TYPER_LAST)
				break;
			off += GICR_FRAME_SIZE * ((typer & GICR_TYPER_VLPIS) ? 2u : 1u);
		}
	}
	if (its_off || rd_off)
		log_info("GIC: the previous image left LPIs on: %u ITS and LPIs at %u redistributors turned off",
			 its_off, rd_off);
	if (rd_stuck)
		log_warn("GIC: LPIs stay on at %u redistributors (EnableLPIs cannot be cleared here): the next image finds them on",
			 rd_stuck);
}

int gic_init(const struct machine *m)
{
	gicd = mmio_map(m->gicd.base, 0x10000, false);
	if (!va_addr(gicd))
		return -ENOMEM;
	for (unsigned i = 0; i < m->gicr_count; i++) {
		gicr_regions[i].va = mmio_map(m->gicr[i].base, m->gicr[i].size, false);
		gicr_regions[i].size = m->gicr[i].size;
		if (!va_addr(gicr_regions[i].va))
			return -ENOMEM;
	}
	gicr_region_count = m->gicr_count;
	lpis_off(m);
	/* Affinity routing, group 1 (non-secure, or the only group when the
	 * GIC has a single security state). */
	mmio_write32(gicd, GICD_CTLR, 0);
	if (wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -ETIMEDOUT;
	mmio_write32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	return wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP);
}

static vaddr_t find_redistributor(uint64_t mpidr)
{
	uint64_t aff = mpidr_to_affinity(mpidr);
	uint32_t want = (uint32_t)((aff & 0xffffff) | ((aff >> 32) << 24));

	for (unsigned r = 0; r < gicr_region_count; r++) {
		for (uint64_t off = 0; off + GICR_FRAME_SIZE <= gicr_regions[r].size;) {
			vaddr_t f = va_add(gicr_regions[r].va, off);
			uint64_t typer = mmio_read64(f, GICR_TYPER);

			if ((uint32_t)(typer >> 32) == want)
				return f;
			if (typer & GICR_TYPER_LAST)
				break;
			off += GICR_FRAME_SIZE * ((typer & GICR_TYPER_VLPIS) ? 2u : 1u);
		}
	}
	return va_init(0);
}

int gic_cpu_init(uint64_t mpidr, vaddr_t *gicr_va)
{
	vaddr_t r = find_redistributor(mpidr);

	if (!va_addr(r))
		return -ENODEV;
	*gicr_va = r;
	mmio_write32(r, GICR_WAKER, mmio_read32(r, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (wait_clear(r, GICR_WAKER, GICR_WAKER_ASLEEP))
		return -ETIMEDOUT;
	mmio_write32(r, GICR_ICENABLER0, 0xffffffff);
	/* Nothing left active by a previous image (a crash while a guest
	 * held its virtual timer's PPI, say) keeps an interrupt away. */
	mmio_write32(r, GICR_ICACTIVER0, 0xffffffff);
	mmio_write32(r, GICR_IGROUPR0, 0xffffffff);
	mmio_write8(r, GICR_IPRIORITYR(SGI_WAKE), GIC_PRIO_SGI);
	mmio_write8(r, GICR_IPRIORITYR(SGI_NUDGE), GIC_PRIO_SGI);
	mmio_write32(r, GICR_ISENABLER0, (1u << SGI_WAKE) | (1u << SGI_NUDGE));
	/* The PPIs guests need armhv to see: the vGIC's maintenance
	 * interrupt, the EL2 timer (vCPU wake-ups, time slices) and the
	 * virtual timer while a guest runs. They fire only then. */
	for (unsigned i = 0; i < ARRAY_SIZE(guest_ppis); i++) {
		mmio_write8(r, GICR_IPRIORITYR(guest_ppis[i]), GIC_PRIO_SGI);
		mmio_write32(r, GICR_ISENABLER0, 1u << guest_ppis[i]);
	}

	write_sysreg_s(ICC_SRE_EL2, read_sysreg_s(ICC_SRE_EL2) | 0x9); /* SRE, Enable */
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_BPR1_EL1, 0);
	/* Priority drop and deactivation apart, so that an interrupt can
	 * stay active after armhv is done with it: the virtual timer's PPI,
	 * which the guest deactivates through a list register (vm/timer.c). */
	write_sysreg_s(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
	return 0;
}

/* Before a CPU leaves armhv: stop taking interrupts at the CPU interface
 * and mark the redistributor asleep, as a CPU powering down should. */
void gic_cpu_quiesce(vaddr_t gicr_va)
{
	write_sysreg_s(ICC_IGRPEN1_EL1, 0);
	isb();
	if (va_addr(gicr_va)) {
		mmio_write32(gicr_va, GICR_ICENABLER0, 0xffffffff);
		mmio_write32(gicr_va, GICR_WAKER, mmio_read32(gicr_va, GICR_WAKER) | GICR_WAKER_SLEEP);
	}
}

void gic_ppi_enable(vaddr_t gicr_va, unsigned intid, bool on)
{
	mmio_write32(gicr_va, on ? GICR_ISENABLER0 : GICR_ICENABLER0, 1u << intid);
}

uint64_t gic_sgi1r_for(uint64_t mpidr, unsigned sgi)
{
	/* Target list bit Aff0 % 16, range selector Aff0 / 16. */
	return (1ULL << (mpidr & 0xf)) |
	       (((mpidr >> 8) & 0xff) << 16) |
	       ((uint64_t)sgi << 24) |
	       (((mpidr >> 16) & 0xff) << 32) |
	       (((mpidr >> 4) & 0xf) << 44) |
	       (((mpidr >> 32) & 0xff) << 48);
}

void gic_ppi_set_active(vaddr_t gicr_va, unsigned intid, bool active)
{
	mmio_write32(gicr_va, active ? GICR_ISACTIVER0 : GICR_ICACTIVER0, 1u << intid);
}

void gic_spi_route(unsigned intid, uint64_t mpidr)
{
	mmio_write64(gicd, GICD_IROUTER(intid), mpidr_to_affinity(mpidr));
}

void gic_spi_enable(unsigned intid, uint64_t mpidr)
{
	uint64_t igroupr = GICD_IGROUPR(intid / 32);

	mmio_write32(gicd, igroupr, mmio_read32(gicd, igroupr) | (1u << (intid % 32)));
	mmio_write8(gicd, GICD_IPRIORITYR(intid), GIC_PRIO_SPI);
	gic_spi_route(intid, mpidr);
	mmio_write32(gicd, GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

void gic_spi_disable(unsigned intid)
{
	mmio_write32(gicd, GICD_ICENABLER(intid / 32), 1u << (intid % 32));
	wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP);
}
