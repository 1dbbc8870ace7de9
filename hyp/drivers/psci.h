/* PSCI calls armhv makes to the firmware (conduit: SMC, see hyp-abi.md). */
#ifndef ARMHV_PSCI_H
#define ARMHV_PSCI_H

#define PSCI_VERSION		0x84000000
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_AFFINITY_INFO_64	0xc4000004
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a

#define PSCI_SUCCESS		0
#define PSCI_E_NOT_SUPPORTED	-1
#define PSCI_E_INVALID_PARAMS	-2
#define PSCI_E_DENIED		-3
#define PSCI_E_ALREADY_ON	-4
#define PSCI_E_ON_PENDING	-5
#define PSCI_E_INTERNAL		-6
#define PSCI_E_INVALID_ADDRESS	-9

#define PSCI_AFF_ON		0
#define PSCI_AFF_OFF		1
#define PSCI_AFF_ON_PENDING	2

#ifndef __ASSEMBLY__
#include <arch/types.h>

uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
const char *psci_strerror(int64_t ret);

#endif

#endif
