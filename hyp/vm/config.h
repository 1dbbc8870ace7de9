/* A VM's configuration and the one parser of its text form, `NAME
 * --kernel MODULE [--initrd MODULE] [--mem SIZE] [--vcpus N] [--cmdline
 * "STRING"] [--cpus LIST]`, which `vm create` (mgmt/cmd_vm.c) and the
 * boot-time `vms` file (vm/boot.c) both use. Pure: runs at EL2 and in
 * host tests (unit-vmconfig, unit-vms-fuzz). */
#ifndef ARMHV_VM_CONFIG_H
#define ARMHV_VM_CONFIG_H

#include <arch/types.h>
#include <dt/machine.h>		/* MODULE_NAME_MAX */

#define VM_NAME_MAX		16
#define VM_MAX_VCPUS		8
#define VM_CMDLINE_MAX		256
#define VM_DEFAULT_MEM		(UL(128) << 20)
#define VM_MEM_ALIGN		(UL(2) << 20)
#define VM_ARGS_MAX		16	/* words of one line, NAME first */
#define VMS_LINE_MAX		512	/* a line of the vms file, with its NUL */

struct vm_config {
	char name[VM_NAME_MAX];
	uint64_t mem_size;
	unsigned vcpus;
	char kernel[MODULE_NAME_MAX];	/* module names, copied: a restart */
	char initrd[MODULE_NAME_MAX];	/* loads them again; "": none */
	char cmdline[VM_CMDLINE_MAX];
	uint64_t cpu_mask;	/* physical CPUs its vCPUs may run on; 0: any */
};

/* argv[0] is NAME, then option and value pairs. ncpus: --cpus names CPUs
 * below it. Returns 0 with cfg filled (defaults where no option says), or
 * -EINVAL with a one-line reason in err. */
int vm_config_parse(int argc, char *const *argv, unsigned ncpus, struct vm_config *cfg,
		    char *err, size_t err_size);

/* The vms file, a line at a time. */
struct vms_reader {
	const char *text;
	size_t size, pos;
	unsigned line;		/* of the line last returned, from 1 */
};

/* Copies the next line (without its \n, or \r\n) into buf, NUL-terminated.
 * Returns 1, 0 at the end of the text, or -EINVAL with a reason in err
 * when the line is longer than VMS_LINE_MAX - 1 or holds a byte that is
 * not printable text (a NUL, a control character other than a tab);
 * r->line is that line's number either way, and the next call reads the
 * line after it. */
int vms_next_line(struct vms_reader *r, char buf[VMS_LINE_MAX], char *err, size_t err_size);

/* One line of the vms file, in place: 1 if blank or a comment (first
 * non-blank character #), 0 with cfg, or -EINVAL with a reason in err. */
int vms_parse_line(char *line, unsigned ncpus, struct vm_config *cfg, char *err,
		   size_t err_size);

#endif
