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
 * retired) into *s, RAM by its bitmap of blocks ever touched (the blocks
 * themselves are read by the encoder, vm_snap_ram_in). 0, or -EINVAL
 * with one line in err when armhv cannot save this VM's state (its ITS
 * in use: not supported yet). */
int vm_capture(struct vm *vm, struct snap_vm *s, char *err, size_t err_size);
/* The encoder's view of a captured VM's RAM. */
void vm_snap_ram_in(struct vm *vm, struct snap_ram_in *in);

/* Checks that this machine can restore *s (a decoded, valid snapshot):
 * counter frequency, GIC priority bits, no ITS state. 0, or -EINVAL with
 * one line in err. Changes nothing. */
int vm_snap_restorable(const struct snap_vm *s, char *err, size_t err_size);
/* Into a VM built with the snapshot's configuration and its RAM filled
 * (not started): vCPUs, vGIC, UART, timers; its virtual counter goes on
 * from the count at the save. */
void vm_apply(struct vm *vm, const struct snap_vm *s);

#endif
