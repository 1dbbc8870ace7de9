/* Guest calls: PSCI, SMCCC and armhv's own (vm/psci.c). */
#ifndef ARMHV_VM_PSCI_H
#define ARMHV_VM_PSCI_H

#include <vm/exit.h>

/* What a guest's PSCI_VERSION and SMCCC_VERSION answer: 1.1. The exit
 * vector answers these two itself (vm/switch.S, guest_sync_fast). */
#define GUEST_PSCI_VERSION	0x10001
#define GUEST_SMCCC_VERSION	0x10001

/* The call in x0-x3 of v (HVC or trapped SMC, already stepped over). */
enum exit_action guest_call(struct vcpu *v);

#endif
