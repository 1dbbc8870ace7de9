/* A VM's RAM (vm/ram.c, docs/vm.md "Guest RAM"). Taken whole from the
 * page allocator at create (contiguous, 2 MiB aligned: a shortage shows
 * there; a restore takes it just before, to fill it), but each 2 MiB
 * block is zeroed, cleaned to the point of coherency and mapped in stage
 * 2 only at its first use: the guest's first access to it (a stage-2
 * translation fault) or armhv's own (vm_ram_ptr); a block a restore
 * filled whole is mapped as it is. Until then the guest cannot reach it
 * and armhv does not look at it, so nothing a previous owner left there
 * can leak. */
#ifndef ARMHV_VM_RAM_H
#define ARMHV_VM_RAM_H

#include <arch/types.h>
#include <lib/spinlock.h>
#include <vm/exit.h>

#define VM_RAM_BLOCK		(UL(2) << 20)

struct vm;

struct vm_ram {
	paddr_t pa;		/* contiguous, VM_RAM_BLOCK aligned */
	uint64_t size;		/* a multiple of VM_RAM_BLOCK */
	uint64_t *ready;	/* a bit per block: zeroed, cleaned, mapped */
	paddr_t ready_pa;	/* the bitmap's pages, from the page allocator */
	unsigned ready_pages;
	unsigned touched;	/* blocks ready */
	/* Taken to make a block ready or to unmap them all; so it also
	 * serialises every change to the VM's stage-2 table while the VM
	 * lives. */
	spinlock_t lock;
};

/* RAM for a VM that does not exist yet (a restore fills and checks it
 * first): size bytes, contiguous, VM_RAM_BLOCK aligned, from the page
 * allocator; 0 and why in err if there is not that much. Given to
 * vm_ram_create, or back with vm_ram_free. */
paddr_t vm_ram_alloc(uint64_t size, char *err, size_t err_size);
void vm_ram_free(paddr_t pa, uint64_t size);
/* At create, once the VM's stage-2 table exists: the RAM (ram, from
 * vm_ram_alloc, which is the VM's from then on, also if this fails; or
 * 0: taken here), its bitmap, and the stage-2 tables for its whole range
 * (pt_s2_reserve), so that making a block ready never allocates and
 * cannot fail for want of memory. No block is ready yet. 0, or -ENOMEM
 * and why in err. */
int vm_ram_create(struct vm *vm, uint64_t size, paddr_t ram, char *err, size_t err_size);
/* Gives the RAM and its bitmap back (the tables go with the stage-2
 * table, mmu_s2_destroy). */
void vm_ram_destroy(struct vm *vm);
/* For a restart (its vCPUs off the CPUs): every block unmapped from
 * stage 2, the TLB entries for each invalidated (by the VMID), and none
 * ready: the guest finds zeroed RAM again, as after create. */
void vm_ram_reset(struct vm *vm);
/* True iff [ipa, ipa + size) is inside the VM's RAM. */
bool vm_ram_contains(const struct vm *vm, ipaddr_t ipa, uint64_t size);
/* Where armhv reaches [ipa, ipa + size) of guest RAM, each block it
 * covers made ready first (zeroed if it was not yet): every EL2 access
 * to guest RAM goes through here. NULL if the range is not all RAM. */
void *vm_ram_ptr(struct vm *vm, ipaddr_t ipa, uint64_t size);
/* Block b, which its creator wrote whole (every byte: nothing of a
 * previous owner left) and cleaned to the point of coherency before the
 * VM ran: made ready and mapped as it is, not zeroed. 0; -EINVAL past the
 * RAM, -EBUSY if it was ready already, -EIO if stage 2 refused it. */
int vm_ram_block_filled(struct vm *vm, uint64_t b);
/* Block b (of VM_RAM_BLOCK bytes from the RAM's start) for a snapshot:
 * its address if it is ready, NULL if it was never touched (it reads as
 * zero; looking does not make it ready). */
void *vm_ram_block_if_ready(struct vm *vm, uint64_t b);
/* Bytes of RAM made ready since create or the last restart. */
uint64_t vm_ram_touched(const struct vm *vm);
/* A stage-2 abort at ipa, inside the VM's RAM (mmio_handle_abort sends
 * these here): a translation fault is the first touch of a block, made
 * ready; the guest runs the same instruction again. */
enum exit_action vm_ram_fault(struct vcpu *v, uint64_t esr, ipaddr_t ipa);

#endif
