/* The default VMs of `armhv run` (without --no-vm): the console lines that
 * create and start them, and what happens to the user's keys while armhv
 * run types those lines. Pure: no I/O. */
#ifndef ARMHV_TOOL_VMSETUP_H
#define ARMHV_TOOL_VMSETUP_H

#include <stdbool.h>
#include <stddef.h>

#include "opts.h"
#include "script.h"

/* The boot modules that carry the VMs' kernel and initrd. */
#define ARMHV_VM_KERNEL_MODULE "vm-kernel"
#define ARMHV_VM_INITRD_MODULE "vm-initrd"
/* The VM the terminal attaches to; the others are linux2, linux3, ... */
#define ARMHV_VM_NAME          "linux"

/* Writes the name of VM i (0-based) into buf. */
void armhv_vm_name(unsigned i, char *buf, size_t size);

/* The console lines, in order: for each VM `vm create NAME --kernel
 * vm-kernel [--initrd vm-initrd] --mem SIZE --vcpus N [--cmdline "..."]`
 * and `vm start NAME`; then, if attach, `vm console linux`. line_no of
 * each is 0 (no script line). Returns 0, -1 with a one-line message in
 * err (a --cmdline armhv's console cannot take: a double quote, a control
 * or non-ASCII character, or a line over 255 characters), or -ENOMEM. */
int armhv_vm_setup(const struct armhv_opts *opts, bool has_initrd, bool attach,
		   struct armhv_script *out, char *err, size_t err_size);

/* While armhv run types those lines, what a byte the user types does:
 * Ctrl-A and the byte after it are QEMU's (its stdio multiplexer: Ctrl-A
 * x quits) and pass at once; Ctrl-C gives up the run (the terminal is raw,
 * so it is a byte, not a signal); anything else waits until the console
 * is the guest's. *after_ctrl_a is the state, false at first. */
enum armhv_setup_key {
	ARMHV_SETUP_KEY_HOLD,
	ARMHV_SETUP_KEY_PASS,
	ARMHV_SETUP_KEY_ABORT,
};
enum armhv_setup_key armhv_setup_key(bool *after_ctrl_a, unsigned char c);

#endif
