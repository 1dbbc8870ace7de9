/*
 * PSCI calls, on the conduit the device tree names (HVC on QEMU's virt at
 * EL1 and in armhv VMs; SMC if /psci says method = "smc").
 */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <stdint.h>

#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_SUSPEND_64	0xc4000001U
#define PSCI_CPU_OFF		0x84000002U
#define PSCI_CPU_ON_64		0xc4000003U
#define PSCI_AFFINITY_INFO_64	0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE	0x84000006U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_SYSTEM_RESET	0x84000009U
#define PSCI_FEATURES		0x8400000aU

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_NOT_PRESENT	(-7)
#define PSCI_DISABLED		(-8)
#define PSCI_INVALID_ADDRESS	(-9)

/* AFFINITY_INFO results. */
#define PSCI_AFF_ON		0
#define PSCI_AFF_OFF		1
#define PSCI_AFF_ON_PENDING	2

/* A raw SMCCC call on the PSCI conduit: x0..x3 in, x0 out. */
int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

uint32_t psci_version(void);		/* major << 16 | minor */
int32_t psci_features(uint32_t fn);
/* entry: physical address, started at EL1 with the MMU off, x0 = context.
 * Test guests normally use cpu_start() (smp.h) instead. */
int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
int32_t psci_cpu_off(void);		/* returns only on failure */
int32_t psci_affinity_info(uint64_t mpidr);
_Noreturn void psci_system_off(void);	/* loops if the call returns */
_Noreturn void psci_system_reset(void);
const char *psci_strerror(int32_t err);

#endif
