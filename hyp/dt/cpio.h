/* armhv's boot bundle: the initrd it is booted with, an uncompressed cpio
 * archive (newc, "070701", or its "070702" variant, checksum not checked)
 * whose regular files are boot modules, named by their file names
 * (docs/boot-protocol.md). Pure: runs at EL2 and in host tests; the
 * archive is untrusted. */
#ifndef ARMHV_CPIO_H
#define ARMHV_CPIO_H

#include <dt/machine.h>

#define CPIO_HEADER_SIZE	110
#define CPIO_MAX_ENTRIES	4096	/* directories included */

#define CPIO_MODE_TYPE		0170000
#define CPIO_MODE_DIR		0040000
#define CPIO_MODE_REG		0100000

/* One entry of the archive, pointing into it. */
struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t name_len;
	uint32_t mode;
	const uint8_t *data;	/* 4-byte aligned relative to the archive */
	uint64_t size;
	size_t offset;		/* of its header, for messages */
};

/* Reads the entry at *pos of the size bytes at buf. Returns 1 with it in
 * *e and *pos moved past it, 0 at the TRAILER!!! entry, or -EINVAL with a
 * one-line reason in err (the archive is then not to be used). Never reads
 * outside [buf, buf + size). */
int cpio_next(const void *buf, size_t size, size_t *pos, struct cpio_entry *e,
	      char *err, size_t err_size);

/* Adds the archive's regular files to m as modules (from the initrd,
 * pointing into the archive at pa, which lies at buf), after the
 * device tree's. All or nothing: an archive that is not well formed up to
 * its trailer adds no module and returns -EINVAL with a one-line reason in
 * err (a compressed one says how to make it right). A file armhv cannot
 * use as a module goes into m->modules_ignored with why: a name that is
 * not [A-Za-z0-9_.-]{1,31} (a leading "./" is dropped), an empty file,
 * not a regular file, a name the device tree or an earlier file already
 * gave a module, more than MACHINE_MAX_MODULES in all. Directories and "."
 * are skipped. Returns the number of modules added. */
int cpio_add_modules(struct machine *m, const void *buf, size_t size, paddr_t pa,
		     char *err, size_t err_size);

#endif
