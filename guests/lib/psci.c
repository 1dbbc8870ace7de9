/* PSCI over HVC (or SMC, as the device tree says). */
#include "guest.h"

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC before 1.2 lets the callee change x4-x17. */
	if (plat.psci_smc)
		__asm__ volatile("smc #0"
			: "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			: : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			    "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
			: "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			: : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			    "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

int32_t psci_features(uint32_t fn)
{
	return (int32_t)psci_call(PSCI_FEATURES, fn, 0, 0);
}

int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int32_t)psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

int32_t psci_cpu_off(void)
{
	return (int32_t)psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

int32_t psci_affinity_info(uint64_t mpidr)
{
	return (int32_t)psci_call(PSCI_AFFINITY_INFO_64, mpidr, 0, 0);
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void psci_system_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}

const char *psci_strerror(int32_t err)
{
	switch (err) {
	case PSCI_SUCCESS: return "SUCCESS";
	case PSCI_NOT_SUPPORTED: return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
	case PSCI_DENIED: return "DENIED";
	case PSCI_ALREADY_ON: return "ALREADY_ON";
	case PSCI_ON_PENDING: return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT: return "NOT_PRESENT";
	case PSCI_DISABLED: return "DISABLED";
	case PSCI_INVALID_ADDRESS: return "INVALID_ADDRESS";
	default: return "unknown PSCI error";
	}
}
