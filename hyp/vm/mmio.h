/* A VM's MMIO bus (vm/mmio.c). */
#ifndef ARMHV_MMIO_H
#define ARMHV_MMIO_H

#include <vm/exit.h>

struct vm;

/* One access by vCPU vcpu to the device that holds ipa. Returns 0, -ENOENT (no
 * device there) or the device's refusal. */
int mmio_access(struct vm *vm, unsigned vcpu, ipaddr_t ipa, unsigned size, bool write,
		uint64_t *val);
/* A stage-2 data abort (EC 0x24): an MMIO access, or inside the guest's
 * RAM the first touch of a block (vm_ram_fault). */
enum exit_action mmio_handle_abort(struct vcpu *v, uint64_t esr);
/* A stage-2 instruction abort (EC 0x20): a first touch of RAM, or an
 * external abort (a fetch is never MMIO). */
enum exit_action mmio_handle_iabt(struct vcpu *v, uint64_t esr);

#endif
