/* The armhv command's options: what `armhv run` and `armhv qemu-cmdline`
 * accept, parsed without touching the file system (main.c checks files). */
#ifndef ARMHV_TOOL_OPTS_H
#define ARMHV_TOOL_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARMHV_SMP_MIN_COUNT       1u
#define ARMHV_SMP_MAX_COUNT       8u
#define ARMHV_SMP_DEFAULT_COUNT   4u
#define ARMHV_MEM_MIN_SIZE        (128ull << 20)
#define ARMHV_MEM_MAX_SIZE        (8ull << 30)
#define ARMHV_MEM_DEFAULT_SIZE    (1ull << 30)
#define ARMHV_TIMEOUT_MAX_S       86400l
#define ARMHV_SCRIPT_TIMEOUT_S    120l
#define ARMHV_MODULE_MAX_COUNT    16u
#define ARMHV_MODULE_NAME_MAX_LEN 31u
/* The default VMs (without --no-vm): Linux guests named linux, linux2... */
#define ARMHV_VM_COUNT_MAX        8u    /* VM_MAX in hyp/vm/vm.h */
#define ARMHV_VM_VCPUS_MAX        8u    /* VM_MAX_VCPUS */
#define ARMHV_VM_DEFAULT_VCPUS    2u
#define ARMHV_VM_MEM_MIN_SIZE     (16ull << 20)
#define ARMHV_VM_MEM_MAX_SIZE     (4ull << 30)
#define ARMHV_VM_DEFAULT_MEM_SIZE (256ull << 20)
#define ARMHV_VM_DEFAULT_CMDLINE  "console=ttyAMA0"
/* --snapshot-disk FILE: created this large (sparse) if it does not exist. */
#define ARMHV_SNAPSHOT_DISK_SIZE  (1ull << 30)

/* armhv's RAM beyond the VMs' by default: armhv, the modules, the kdump
 * reservation. */
#define ARMHV_VM_HOST_MEM_SIZE    (512ull << 20)

enum armhv_cmd {
	ARMHV_CMD_HELP,
	ARMHV_CMD_RUN,
	ARMHV_CMD_QEMU_CMDLINE,
};

struct armhv_module {
	char name[ARMHV_MODULE_NAME_MAX_LEN + 1];
	const char *path;       /* points into argv */
	uint64_t size;          /* file size, filled in by main.c */
	uint64_t addr_pa;       /* guest-loader address, see qemu_cmd.h */
};

struct armhv_opts {
	enum armhv_cmd cmd;
	unsigned smp_count;
	uint64_t mem_size;
	const char *script_path;        /* NULL: interactive */
	long timeout_s;                 /* 0: none */
	bool timeout_given;
	struct armhv_module modules[ARMHV_MODULE_MAX_COUNT];
	unsigned module_count;
	bool smp_given, mem_given;
	bool no_vm;                     /* no default VM: the bare console */
	bool no_reboot;
	/* The default VMs (ignored with no_vm). Paths NULL: Debian's kernel
	 * and initramfs from .deps/guests (main.c finds them). */
	unsigned vm_count;
	unsigned vm_vcpus;
	uint64_t vm_mem_size;
	const char *vm_kernel;
	const char *vm_initrd;
	const char *vm_cmdline;
	const char *image_path;         /* NULL: next to the armhv executable */
	const char *snapshot_disk;      /* NULL: none; armhv's disk (docs/disk.md) */
	char **extra_args;              /* after `--`, passed to QEMU last */
	int extra_count;
};

/* Parses argv (argv[0] is the program, argv[1] the subcommand). Returns 0,
 * or -1 with a one-line message (no prefix, no newline) in err. */
int armhv_parse_args(int argc, char **argv, struct armhv_opts *opts,
		     char *err, size_t err_size);

/* "512M", "1G", "65536K", "2048" (no suffix: MiB, as QEMU's -m). Suffixes
 * K/M/G in either case, optionally followed by "B" or "iB". Returns 0 or -1
 * on syntax error or overflow. */
int armhv_parse_size(const char *text, uint64_t *size);

/* NAME of --module NAME=PATH: [A-Za-z0-9_.-]{1,31}. */
bool armhv_module_name_valid(const char *name, size_t len);

/* The name of the subcommand for messages: "run", "qemu-cmdline". */
const char *armhv_cmd_name(enum armhv_cmd cmd);

#endif
