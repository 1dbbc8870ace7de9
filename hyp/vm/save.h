/* `vm save` and `vm restore`: a VM to and from a snapshot in the store on
 * armhv's disk (vm/save.c, docs/vm.md, docs/snapshot-format.md). */
#ifndef ARMHV_VM_SAVE_H
#define ARMHV_VM_SAVE_H

#include <arch/types.h>
#include <snapshot/store.h>

struct vm;

struct vm_save_result {
	uint64_t bytes;		/* the snapshot's size */
	uint32_t blocks;	/* RAM blocks in it */
	uint64_t total_us;	/* the whole save */
	uint64_t pause_us;	/* the guest did not run (to the end if paused) */
	uint64_t disk_us;	/* of total_us, waiting for the disk's answers */
	bool paused;		/* left paused */
};

struct vm_restore_result {
	uint32_t blocks;	/* RAM blocks filled from the snapshot */
	uint64_t total_us;	/* the whole restore, to the VM started */
	uint64_t disk_us;	/* of total_us, waiting for the disk's answers */
};

/* Pauses vm (if running), captures it and writes snapshot `name` into the
 * disk's store, replacing one of that name only once the new one is
 * complete; then resumes it if keep_running, else leaves it paused. 0,
 * or negative with one line in err (the VM is resumed if this paused
 * it). */
int vm_save(struct vm *vm, const char *name, bool keep_running, struct vm_save_result *res,
	    char *err, size_t err_size);
/* Reads snapshot `name` from the store, checks all of it (every byte,
 * every RAM block's checksum, this machine's fit) before it changes
 * anything, then builds the VM (named new_name, or as saved), fills its
 * RAM and state, and starts it. The VM (and res filled), or NULL with one
 * line in err and no VM created. */
struct vm *vm_restore(const char *name, const char *new_name, struct vm_restore_result *res,
		      char *err, size_t err_size);

/* The disk's store, for listing: fn(e, ctx) for each entry in use. */
int vm_store_list(void (*fn)(const struct snap_entry *e, void *ctx), void *ctx,
		  uint64_t *free_sectors, char *err, size_t err_size);
/* Frees every snapshot of that name in the store; -ENOENT if none. */
int vm_store_delete(const char *name, char *err, size_t err_size);
/* An empty store of `entries` slots on the disk; -EEXIST if the disk has
 * one (or anything looking like one) unless force. */
int vm_store_format(uint32_t entries, bool force, char *err, size_t err_size);

#endif
