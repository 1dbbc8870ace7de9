/* PSCI results in words. */
#include <drivers/psci.h>

const char *psci_strerror(int64_t ret)
{
	switch (ret) {
	case PSCI_SUCCESS: return "success";
	case PSCI_E_NOT_SUPPORTED: return "not supported";
	case PSCI_E_INVALID_PARAMS: return "invalid parameters";
	case PSCI_E_DENIED: return "denied";
	case PSCI_E_ALREADY_ON: return "already on";
	case PSCI_E_ON_PENDING: return "on pending";
	case PSCI_E_INTERNAL: return "internal failure";
	default: return "unknown error";
	}
}
