/* The physical GICv3, as armhv uses it: SGIs to wake CPUs and the UART's
 * SPI for the console. Physical LPIs are never enabled (the next image
 * must find the redistributors' LPIs off); gic_init() turns off those a
 * previous image left on, and every enabled ITS. */
#ifndef ARMHV_GIC_H
#define ARMHV_GIC_H

#include <dt/machine.h>

#define SGI_WAKE	0	/* "look at your request slot" */
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
void gic_send_sgi(uint64_t target_mpidr, unsigned sgi);
/* Enables or disables PPI intid at this CPU's redistributor. */
void gic_ppi_enable(vaddr_t gicr_va, unsigned intid, bool on);
unsigned gic_ack(void);
/* Done with an acknowledged interrupt: priority drop and deactivation. */
void gic_eoi(unsigned intid);
/* The priority drop alone: the interrupt stays active, so it is not
 * signalled again until deactivated (by a guest, through a list register
 * with the HW bit, or by gic_ppi_set_active). */
void gic_drop_priority(unsigned intid);
/* Sets or clears PPI intid's active state at this CPU's redistributor. */
void gic_ppi_set_active(vaddr_t gicr_va, unsigned intid, bool active);
void gic_spi_enable(unsigned intid, uint64_t target_mpidr);
void gic_spi_route(unsigned intid, uint64_t target_mpidr);
void gic_spi_disable(unsigned intid);

#endif
