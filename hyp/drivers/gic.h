/* The physical GICv3, as armhv uses it: SGIs to wake CPUs and the UART's
 * SPI for the console. Physical LPIs are never enabled (the next image
 * must find the redistributors' LPIs off); gic_init() turns off those a
 * previous image left on, and every enabled ITS. */
#ifndef ARMHV_GIC_H
#define ARMHV_GIC_H

#include <dt/machine.h>
#include <arch/sysreg.h>

#define SGI_WAKE	0	/* "look at your request slot" */
/* "Look at what you run": no request, no change of CPU state; what it
 * means is the layers' above (a vCPU of that CPU has news, vm/sched.h),
 * so that taking it costs no look at the request slot. */
#define SGI_NUDGE	1
#define INTID_SPURIOUS	1023
#define PPI_VGIC_MAINT	25	/* the virtual CPU interface's maintenance interrupt */
#define PPI_HYP_TIMER	26	/* the EL2 physical timer (CNTHP) */
#define PPI_VTIMER	27	/* the EL1 virtual timer (CNTV) */
#define INTID_SPI_BASE	32	/* SPI n is INTID 32 + n */
#define INTID_SPI_END	1020	/* INTIDs 1020-1023 are special */
/* Priorities (lower is more urgent): the wake-up SGI above the console's
 * UART, both above PMR's 0xff. */
#define GIC_PRIO_SGI	0x80
#define GIC_PRIO_SPI	0xa0

int gic_init(const struct machine *m);
/* Wakes the calling CPU's redistributor (found by its MPIDR) and sets up
 * its CPU interface; *gicr_va is the redistributor, for quiesce. */
int gic_cpu_init(uint64_t mpidr, vaddr_t *gicr_va);
/* Before a CPU leaves armhv: stop its CPU interface, mark its
 * redistributor asleep. */
void gic_cpu_quiesce(vaddr_t gicr_va);
/* SGIs: the ICC_SGI1R_EL1 value that sends SGI sgi to the CPU of
 * target_mpidr (kept per CPU: cpu_kick), and sending it (inline: every
 * IPI between vCPUs on different CPUs sends one). */
#define ICC_SGI1R_EL1		"S3_0_C12_C11_5"
uint64_t gic_sgi1r_for(uint64_t target_mpidr, unsigned sgi);
static inline void gic_send_sgi1r(uint64_t sgi1r)
{
	dsb(ishst);	/* the request is visible before the interrupt */
	write_sysreg_s(ICC_SGI1R_EL1, sgi1r);
	isb();
}
/* Enables or disables PPI intid at this CPU's redistributor. */
void gic_ppi_enable(vaddr_t gicr_va, unsigned intid, bool on);
/* The three of every interrupt armhv takes, inline: they are on the
 * guest-exit path. */
#define ICC_IAR1_EL1		"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1		"S3_0_C12_C12_1"
#define ICC_DIR_EL1		"S3_0_C12_C11_1"

static inline unsigned gic_ack(void)
{
	unsigned intid = (unsigned)read_sysreg_s(ICC_IAR1_EL1) & 0xffffff;

	dsb(sy);	/* GIC state read before acting on it */
	return intid;
}

/* Done with an acknowledged interrupt: priority drop and deactivation. */
static inline void gic_eoi(unsigned intid)
{
	write_sysreg_s(ICC_EOIR1_EL1, intid);
	write_sysreg_s(ICC_DIR_EL1, intid);
	isb();
}

/* The priority drop alone: the interrupt stays active, so it is not
 * signalled again until deactivated (by a guest, through a list register
 * with the HW bit, or by gic_ppi_set_active). */
static inline void gic_drop_priority(unsigned intid)
{
	write_sysreg_s(ICC_EOIR1_EL1, intid);
	isb();
}

/* Sets or clears PPI intid's active state at this CPU's redistributor. */
void gic_ppi_set_active(vaddr_t gicr_va, unsigned intid, bool active);
void gic_spi_enable(unsigned intid, uint64_t target_mpidr);
void gic_spi_route(unsigned intid, uint64_t target_mpidr);
void gic_spi_disable(unsigned intid);

#endif
