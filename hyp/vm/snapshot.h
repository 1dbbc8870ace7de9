/* A VM's state to and from the snapshot format's own view of a VM
 * (vm/snapshot.c; the format is hyp/snapshot, docs/snapshot-format.md),
 * field by field, so that neither changes with the other. */
#ifndef ARMHV_VM_SNAPSHOT_H
#define ARMHV_VM_SNAPSHOT_H

#include <arch/types.h>
#include <snapshot/format.h>

struct vm;

/* The ICH_VTR_EL2 figures a snapshot records and a restore needs. */
void vm_snap_gic_bits(uint8_t *nr_lrs, uint8_t *pri_bits, uint8_t *pre_bits);

/* Everything of a paused VM (its vCPUs off every CPU, its list registers
 * retired) into *s: first the ITS's and the pending tables into guest
 * RAM (if the guest set its ITS or LPIs up), then RAM by its bitmap of
 * blocks ever touched and not all zero (the blocks themselves are read
 * by the encoder, vm_snap_ram_in). 0, or -EINVAL with one line in err
 * when the ITS's state cannot be written into guest RAM. */
int vm_capture(struct vm *vm, struct snap_vm *s, char *err, size_t err_size);
/* The encoder's view of a captured VM's RAM. */
void vm_snap_ram_in(struct vm *vm, struct snap_ram_in *in);

/* Checks that this machine can restore *s (a decoded, valid snapshot):
 * counter frequency, GIC priority bits, the ITS's place, limits and
 * registers. 0, or -EINVAL with one line in err. Changes nothing. */
int vm_snap_restorable(const struct snap_vm *s, char *err, size_t err_size);
/* Into a VM built with the snapshot's configuration and its RAM filled
 * (not started): vCPUs, vGIC, UART, timers, then the LPIs and the ITS
 * from their tables in RAM; its virtual counter goes on from the count
 * at the save. 0, or -EINVAL with one line in err when the ITS's tables
 * in RAM do not check (the caller discards the VM). */
int vm_apply(struct vm *vm, const struct snap_vm *s, char *err, size_t err_size);

#endif
