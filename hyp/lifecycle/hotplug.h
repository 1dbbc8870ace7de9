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

/* Layers above that keep work on a CPU (VMs: the vCPUs of its run
 * queue) move it elsewhere before the CPU goes off; a refusal (negative,
 * with its reason logged) keeps the CPU on. Registered once at boot. */
typedef int (*cpu_evacuate_fn)(unsigned cpu);
void hotplug_set_evacuate(cpu_evacuate_fn fn);
/* `cpu off`: moves the CPU's work away, then takes it off (the calling
 * CPU included, which then does not return). -EPERM if its work could
 * not move, else as cpu_request_off / cpu_power_off_self. */
int cpu_take_offline(unsigned cpu);

#endif
