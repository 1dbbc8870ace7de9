/* Trapped system-register accesses (vm/sysreg.c). */
#ifndef ARMHV_VM_SYSREG_H
#define ARMHV_VM_SYSREG_H

#include <vm/exit.h>

enum exit_action sysreg_handle(struct vcpu *v, uint64_t esr);

#endif
