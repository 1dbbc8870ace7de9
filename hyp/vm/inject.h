/* Exceptions armhv gives a guest: an external abort for an access to
 * nothing, UNDEFINED for an instruction armhv does not emulate. The
 * vCPU's EL1 registers are live on this CPU (it is running). */
#ifndef ARMHV_INJECT_H
#define ARMHV_INJECT_H

#include <vm/vcpu.h>

/* A synchronous external abort on the data access (a write if write) or
 * instruction fetch (ifetch) at virtual address va. */
void inject_external_abort(struct vcpu *v, bool ifetch, bool write, uint64_t va);
/* UNDEFINED at the trapped instruction. */
void inject_undef(struct vcpu *v);

#endif
