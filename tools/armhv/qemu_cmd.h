/* Building the QEMU command line and placing boot modules in guest RAM. */
#ifndef ARMHV_TOOL_QEMU_CMD_H
#define ARMHV_TOOL_QEMU_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opts.h"

#define ARMHV_QEMU_DEFAULT "qemu-system-aarch64"

/* QEMU virt: RAM starts at 1 GiB. */
#define ARMHV_RAM_BASE_PA         0x40000000ull
/* Modules live from RAM base + 128 MiB up to RAM top - 16 MiB, each start
 * 2 MiB aligned, in the order given. QEMU itself puts the device tree (a
 * 1 MiB blob) at RAM base + 128 MiB when it boots a Linux Image in 256 MiB
 * of RAM or more, and a guest-loader image at that same address crashes
 * QEMU 7.2 (and would overwrite the DTB), so the first 2 MiB of the area
 * are left to the DTB. */
#define ARMHV_MODULE_AREA_PA      (ARMHV_RAM_BASE_PA + (128ull << 20))
#define ARMHV_MODULE_DTB_SIZE     (2ull << 20)
#define ARMHV_MODULE_ALIGN_SIZE   (2ull << 20)
#define ARMHV_MODULE_TOP_GAP_SIZE (16ull << 20)

/* --snapshot-disk: the drive's QEMU id, and the transport it is plugged
 * into: the virtio-mmio bus of the lowest address (0x0a000000), the one
 * armhv uses when there are several disks (without bus=, QEMU fills the
 * highest first). virtio-mmio in QEMU 7.2 is legacy unless told not to
 * be, and armhv drives only modern (virtio 1.x) devices. */
#define ARMHV_SNAPSHOT_DRIVE_ID   "armhv-snapshot"
#define ARMHV_SNAPSHOT_BUS        "virtio-mmio-bus.0"

/* A growable NULL-terminated argv. */
struct armhv_argv {
	char **v;
	size_t count;
	size_t cap;
};

void armhv_argv_init(struct armhv_argv *a);
void armhv_argv_free(struct armhv_argv *a);
/* Appends a copy of the string; 0 or -ENOMEM. */
int armhv_argv_push(struct armhv_argv *a, const char *s);
int armhv_argv_pushf(struct armhv_argv *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets modules[i].addr_pa from their sizes (which must be set). Returns 0,
 * or -1 with a one-line message in err when they do not fit. */
int armhv_place_modules(struct armhv_module *modules, unsigned count,
			uint64_t mem_size, char *err, size_t err_size);

/* Builds the full QEMU argv (argv[0] = qemu). scripted: console on plain
 * stdio pipes; otherwise -nographic for a terminal. The image path and the
 * module addresses must be final. 0 or -ENOMEM. */
int armhv_qemu_argv(const struct armhv_opts *opts, const char *qemu,
		    const char *image_path, bool scripted,
		    struct armhv_argv *out);

/* One line a POSIX shell reads back as the same argv: words made only of
 * safe characters stay bare, others are single-quoted. malloc'd; NULL on
 * allocation failure. */
char *armhv_shell_join(char *const *argv, size_t count);

/* QEMU's -m argument for a size in whole MiB: "1G", "1536M". */
void armhv_mem_arg(uint64_t mem_size, char *buf, size_t buf_size);

#endif
