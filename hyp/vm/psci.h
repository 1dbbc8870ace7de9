/* Guest calls: PSCI, SMCCC and armhv's own (vm/psci.c). */
#ifndef ARMHV_VM_PSCI_H
#define ARMHV_VM_PSCI_H

#include <vm/exit.h>

/* The call in x0-x3 of v (HVC or trapped SMC, already stepped over). */
enum exit_action guest_call(struct vcpu *v);

#endif
