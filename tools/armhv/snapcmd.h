/* `armhv snapshot list|inspect|extract`: reads a snapshot store (a disk
 * image or block device that armhv's `vm save` writes) or a standalone
 * snapshot file, with the same library armhv uses (hyp/snapshot,
 * docs/snapshot-format.md). The disk is hostile input: everything shown
 * has been checked by the library first, and a damaged disk gives an exit
 * code and a message, never a crash. Nothing here writes to the disk. */
#ifndef ARMHV_TOOL_SNAPCMD_H
#define ARMHV_TOOL_SNAPCMD_H

#include <stdio.h>

#include <snapshot/format.h>
#include <snapshot/store.h>

/* Exit codes. */
#define SNAPCMD_OK		0
#define SNAPCMD_USAGE		1	/* bad arguments */
#define SNAPCMD_NO_STORE	2	/* cannot read the disk, not a store or
					 * snapshot, or no snapshot of that name */
#define SNAPCMD_INVALID		3	/* the snapshot fails validation */

/* argv[0] "armhv", argv[1] "snapshot", then the subcommand and its words. */
int armhv_snapshot_main(int argc, char **argv, FILE *out, FILE *err);

/* The subcommands on an open store or source (snapcmd.c opens files;
 * tests and the fuzzer pass memory). */
int snapcmd_list(const struct snap_dev *dev, FILE *out, FILE *err);
int snapcmd_inspect_store(const struct snap_dev *dev, const char *name, FILE *out, FILE *err);
int snapcmd_inspect_source(const struct snap_source *src, FILE *out, FILE *err);

/* Inspect's report of a decoded snapshot (snapcmd_inspect.c). */
void snapcmd_print_toc(const struct snap_toc *toc, FILE *out);
void snapcmd_print_vm(const struct snap_vm *vm, FILE *out);

/* A file or block device: a store device (read-only) and a source. */
struct snapcmd_file {
	int fd;
	uint64_t size;
};
/* Opens path; 0, or -1 with a message (no prefix) in msg. */
int snapcmd_file_open(struct snapcmd_file *f, const char *path, char *msg, size_t msg_size);
void snapcmd_file_close(struct snapcmd_file *f);
struct snap_dev snapcmd_file_dev(struct snapcmd_file *f);
struct snap_source snapcmd_file_source(struct snapcmd_file *f);

#endif
