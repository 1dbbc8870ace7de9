/* CPU hotplug (cpu/hotplug.c, docs/lifecycle.md). */
#ifndef ARMHV_HOTPLUG_H
#define ARMHV_HOTPLUG_H

#include <arch/types.h>

/* Starts CPU i (state off) through PSCI CPU_ON and waits until it is
 * online. fault_stage != 0 makes it fault on purpose in that stage
 * (selftest). Returns 0, -EIO or -ETIMEDOUT. */
int cpu_power_on(unsigned i, unsigned fault_stage);
int cpus_start_secondaries(void);
/* Asks another online or dead CPU to leave armhv and power off; waits
 * until PSCI says it is off. */
int cpu_request_off(unsigned i);
/* The calling CPU leaves (never returns unless refused: -EBUSY when it is
 * the last online CPU). */
int cpu_power_off_self(void);
bool cpu_wait_off(unsigned i);

#endif
