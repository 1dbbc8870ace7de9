/* Virtualization, enabled on every CPU only while VMs exist (seeds 01 and
 * 02; lifecycle/virt.c, docs/lifecycle.md). One usage count: the first
 * VM enables it on every online CPU, the last one gone disables it; a CPU
 * that comes online meanwhile is enabled as it joins. Each CPU is checked
 * for what VMs rely on before it is enabled. */
#ifndef ARMHV_VIRT_USAGE_H
#define ARMHV_VIRT_USAGE_H

#include <arch/types.h>

/* Takes a reference (a VM is being created). On the first, enables every
 * online CPU; if one cannot be (err says why), undoes what it did and
 * returns an error. */
int virt_get(char *err, size_t err_size);
/* Drops a reference; the last disables every online CPU. */
void virt_put(void);
/* A CPU joining: enabled if VMs exist. False if it cannot run vCPUs
 * (its reason logged): it must not be used for them. */
bool virt_cpu_join(void);
/* A CPU leaving armhv: nothing of a guest stays in its EL2 registers. */
void virt_cpu_leave(void);
/* Whether CPU cpu's virtualization is on. */
bool virt_cpu_enabled(unsigned cpu);
unsigned virt_users(void);

#endif
