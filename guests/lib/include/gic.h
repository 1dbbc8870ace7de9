/*
 * A minimal GICv3 driver: the distributor (affinity routing, everything
 * group 1 non-secure), this CPU's redistributor (found by walking
 * GICR_TYPER from GICR_BASE), the CPU interface through the ICC system
 * registers, SGIs through ICC_SGI1R_EL1, and a per-INTID handler table.
 *
 * gic_init() on the boot CPU sets up the distributor and the boot CPU;
 * CPUs started afterwards with cpu_start() set up their own redistributor
 * and CPU interface before running their function. Nothing touches the
 * GIC unless the guest calls gic_init().
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_SPURIOUS	1023
#define GIC_LPI_BASE	8192		/* the first LPI INTID */
#define GIC_PRIO_DEFAULT 0xa0

void gic_init(void);
void gic_cpu_init(void);		/* this CPU (done for secondaries) */
bool gic_ready(void);

void gic_enable_irq(unsigned int intid);	/* SGI/PPI: this CPU's */
void gic_disable_irq(unsigned int intid);
bool gic_irq_enabled(unsigned int intid);
bool gic_irq_pending(unsigned int intid);
bool gic_irq_active(unsigned int intid);	/* GICR_ISACTIVER0 / GICD_ISACTIVER */
void gic_clear_pending(unsigned int intid);
void gic_set_priority(unsigned int intid, uint8_t prio);
void gic_set_edge(unsigned int intid, bool edge);	/* PPI/SPI: edge or level */
void gic_route_spi(unsigned int intid, uint64_t mpidr);	/* default: gic_init()'s CPU */

uint32_t gic_ack(void);			/* ICC_IAR1_EL1: the INTID, or 1020-1023 */
void gic_eoi(uint32_t intid);		/* ICC_EOIR1_EL1 (EOImode 0: also deactivates) */
uint8_t gic_running_priority(void);	/* ICC_RPR_EL1: 0xff when nothing is active */
uint32_t gic_highest_pending(void);	/* ICC_HPPIR1_EL1: the INTID, or 1023 */
/* With IRQs masked: acknowledges interrupts (any other than want goes to
 * its handler and is EOId, as gic_handle_irq does) until want comes, and
 * returns true leaving it active, not EOId: the caller EOIs it later.
 * False if want did not come within ms. */
bool gic_take(uint32_t want, unsigned int ms);

/* SGI intid (0-15) to one CPU, or to every CPU but this one (IRM). */
void gic_send_sgi(unsigned int intid, uint64_t mpidr);
void gic_send_sgi_others(unsigned int intid);
/* SGI intid to all other CPUs through ICC_SGI0R_EL1 (or, alias,
 * ICC_ASGI1R_EL1): with one Security state both raise it only where it
 * is configured Group 0. */
void gic_send_sgi_group0_others(unsigned int intid, bool alias);

/* RD_base of CPU idx's redistributor (after it ran gic_cpu_init()). */
volatile void *gic_redist(unsigned int idx);
uint32_t gicd_typer(void);

typedef void (*irq_handler_t)(unsigned int intid, void *arg);
/* Called with IRQs masked, between acknowledge and EOI, on whichever CPU
 * took the interrupt. An interrupt without a handler fails the test. */
void irq_set_handler(unsigned int intid, irq_handler_t fn, void *arg);
/* One handler for every LPI (INTID >= GIC_LPI_BASE), called like the others
 * (LPIs have no active state, but the EOI is still written). */
void irq_set_lpi_handler(irq_handler_t fn, void *arg);
void gic_handle_irq(void);		/* from the IRQ vector */

#endif
