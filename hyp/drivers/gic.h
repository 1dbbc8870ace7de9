/* The physical GICv3, as armhv uses it: SGIs to wake CPUs and the UART's
 * SPI for the console. Physical LPIs are never enabled (VISION.md: the
 * next image must find the redistributors' LPIs off). */
#ifndef ARMHV_GIC_H
#define ARMHV_GIC_H

#include <dt/machine.h>

#define SGI_WAKE	0	/* "look at your request slot" */
#define INTID_SPURIOUS	1023

int gic_init(const struct machine *m);
int gic_cpu_init(unsigned cpu, uint64_t mpidr);
void gic_cpu_quiesce(void);
void gic_send_sgi(uint64_t target_mpidr, unsigned sgi);
unsigned gic_ack(void);
void gic_eoi(unsigned intid);
void gic_spi_enable(unsigned intid, uint64_t target_mpidr);
void gic_spi_route(unsigned intid, uint64_t target_mpidr);
void gic_spi_disable(unsigned intid);

#endif
