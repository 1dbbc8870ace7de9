/* `armhv snapshot list|inspect|extract` (snapcmd.h): the words, the
 * store's listing, and extracting a snapshot into a file of its own. */
#include "snapcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
"usage: armhv snapshot list DISK\n"
"       armhv snapshot inspect DISK NAME\n"
"       armhv snapshot inspect FILE\n"
"       armhv snapshot extract DISK NAME FILE\n"
"\n"
"Reads a snapshot store (a disk image or block device armhv's `vm save`\n"
"writes; docs/snapshot-format.md) without changing it. list: its\n"
"snapshots, interrupted saves and damaged entries. inspect: one snapshot's\n"
"header, sections, configuration, vCPUs and RAM blocks, and whether all of\n"
"it (RAM checksums too) is valid; FILE: a snapshot that extract wrote.\n"
"extract: checks the snapshot, then writes it to FILE on its own.\n"
"\n"
"Exit codes: 0 ok; 1 usage error; 2 the disk cannot be read, is no store,\n"
"or has no snapshot of that name; 3 the snapshot is not valid.\n";

static int usage(FILE *err, const char *msg)
{
	fprintf(err, "armhv snapshot: %s (armhv snapshot --help for usage)\n", msg);
	return SNAPCMD_USAGE;
}

/* "2.0 MiB" */
static void mib(char *buf, size_t size, uint64_t bytes)
{
	uint64_t tenths = (bytes * 10 + (1u << 19)) >> 20;

	snprintf(buf, size, "%" PRIu64 ".%" PRIu64 " MiB", tenths / 10, tenths % 10);
}

int snapcmd_list(const struct snap_dev *dev, FILE *out, FILE *err)
{
	struct snap_store *st = malloc(sizeof(*st));
	char msg[512], size[32], free_s[32], run[32];
	uint64_t largest, free_sectors;
	unsigned valid = 0;

	if (!st || snap_store_open(st, dev, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s\n", st ? msg : "out of memory");
		free(st);
		return SNAPCMD_NO_STORE;
	}
	for (uint32_t i = 0; i < st->entries; i++)
		valid += st->e[i].state == SNAP_ENTRY_VALID && !st->e[i].superseded;
	free_sectors = snap_store_free(st, &largest);
	mib(size, sizeof(size), st->sectors * SNAP_SECTOR);
	mib(free_s, sizeof(free_s), free_sectors * SNAP_SECTOR);
	mib(run, sizeof(run), largest * SNAP_SECTOR);
	fprintf(out, "store: format 1.%u, %u snapshot%s in %" PRIu32 " slots, %s, %s free "
		"(largest run %s)\n", st->minor, valid, valid == 1 ? "" : "s", st->entries, size,
		free_s, run);
	fprintf(out, "%-5s %-7s %-12s %-10s %-16s %s\n", "SLOT", "SEQ", "STATE", "SIZE", "VM",
		"NAME");
	for (uint32_t i = 0; i < st->entries; i++) {
		const struct snap_entry *e = &st->e[i];

		if (e->state == SNAP_ENTRY_FREE)
			continue;
		if (e->state == SNAP_ENTRY_DAMAGED) {
			fprintf(out, "%-5" PRIu32 " %-7s %-12s %s\n", i, "-", "damaged", e->damage);
			continue;
		}
		mib(size, sizeof(size), e->bytes);
		fprintf(out, "%-5" PRIu32 " %-7" PRIu64 " %-12s %-10s %-16s %s\n", i, e->seq,
			e->state == SNAP_ENTRY_WRITING ? "incomplete" :
			e->superseded ? "superseded" : "valid", size, e->vm_name, e->name);
	}
	free(st);
	return SNAPCMD_OK;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The snapshot checked, copied to FILE.part, checked there, renamed. */
static int extract(const struct snap_dev *dev, const char *name, const char *path, FILE *out,
		   FILE *err)
{
	struct snap_store *st = malloc(sizeof(*st));
	struct snap_vm *vm = malloc(sizeof(*vm));
	struct snap_toc *toc = malloc(sizeof(*toc));
	uint8_t *buf = malloc(1u << 20);
	char *tmp = malloc(strlen(path) + 8), msg[512];
	const struct snap_entry *e = NULL;
	struct snap_store_reader rd;
	struct snapcmd_file f = { .fd = -1 };
	struct snap_source src;
	int rc = SNAPCMD_NO_STORE, fd = -1;
	bool created = false;

	if (!st || !vm || !toc || !buf || !tmp) {
		fprintf(err, "armhv snapshot: out of memory\n");
		goto out;
	}
	sprintf(tmp, "%s.part", path);
	if (snap_store_open(st, dev, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s\n", msg);
		goto out;
	}
	if (!(e = snap_store_find(st, name))) {
		fprintf(err, "armhv snapshot: no snapshot named '%s'\n", name);
		goto out;
	}
	rc = SNAPCMD_INVALID;
	if (snap_store_decode(st, e, &rd, &src, vm, toc, msg, sizeof(msg)) ||
	    snap_ram_verify(&src, vm, buf, 1u << 20, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s: invalid: %s\n", e->name, msg);
		goto out;
	}
	rc = SNAPCMD_NO_STORE;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(err, "armhv snapshot: '%s': %s\n", tmp, strerror(errno));
		goto out;
	}
	created = true;
	for (uint64_t off = 0; off < e->bytes;) {
		size_t n = e->bytes - off < (1u << 20) ? (size_t)(e->bytes - off) : 1u << 20;

		if (src.read(src.ctx, off, buf, n)) {
			fprintf(err, "armhv snapshot: read error on the disk\n");
			goto out;
		}
		if (write_all(fd, buf, n)) {
			fprintf(err, "armhv snapshot: '%s': %s\n", tmp, strerror(errno));
			goto out;
		}
		off += n;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		fprintf(err, "armhv snapshot: '%s': %s\n", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	/* What was written is read back and checked like any snapshot. */
	rc = SNAPCMD_INVALID;
	if (snapcmd_file_open(&f, tmp, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s\n", msg);
		goto out;
	}
	src = snapcmd_file_source(&f);
	if (snap_decode(&src, vm, toc, msg, sizeof(msg)) ||
	    snap_ram_verify(&src, vm, buf, 1u << 20, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: '%s' as written: invalid: %s\n", tmp, msg);
		goto out;
	}
	if (rename(tmp, path)) {
		fprintf(err, "armhv snapshot: '%s': %s\n", path, strerror(errno));
		goto out;
	}
	created = false;
	fprintf(out, "extracted %s: %" PRIu64 " bytes to %s\n", e->name, e->bytes, path);
	rc = SNAPCMD_OK;
out:
	if (fd >= 0)
		close(fd);
	snapcmd_file_close(&f);
	if (created)
		unlink(tmp);
	free(st);
	free(vm);
	free(toc);
	free(buf);
	free(tmp);
	return rc;
}

/* A standalone snapshot file starts with the snapshot magic. */
static bool is_snapshot_file(struct snapcmd_file *f)
{
	uint8_t magic[8];
	struct snap_source src = snapcmd_file_source(f);

	return f->size >= 8 && !src.read(src.ctx, 0, magic, 8) && !memcmp(magic, "ARMHVSNP", 8);
}

int armhv_snapshot_main(int argc, char **argv, FILE *out, FILE *err)
{
	static const struct { const char *name; int words; } cmds[] = {
		{ "list", 1 }, { "inspect", 2 }, { "extract", 3 },
	};
	struct snapcmd_file f = { .fd = -1 };
	const char *cmd = argc > 2 ? argv[2] : "";
	char msg[512];
	int words = argc - 3, rc;
	unsigned k;
	struct snap_dev dev;

	if (argc > 2 && (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))) {
		fputs(usage_text, out);
		return SNAPCMD_OK;
	}
	for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(cmd, cmds[k].name))
			break;
	if (k == sizeof(cmds) / sizeof(cmds[0])) {
		snprintf(msg, sizeof(msg), argc > 2 ? "unknown command '%s': expected list, "
			 "inspect or extract" : "missing command: list, inspect or extract%s", cmd);
		return usage(err, msg);
	}
	if (words > cmds[k].words || words < (k == 1 ? 1 : cmds[k].words)) {
		snprintf(msg, sizeof(msg), "%s takes %s", cmd, k == 0 ? "DISK" :
			 k == 1 ? "DISK NAME, or FILE" : "DISK NAME FILE");
		return usage(err, msg);
	}
	if (snapcmd_file_open(&f, argv[3], msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s\n", msg);
		return SNAPCMD_NO_STORE;
	}
	dev = snapcmd_file_dev(&f);
	if (k == 0) {
		rc = snapcmd_list(&dev, out, err);
	} else if (k == 1 && words == 1) {
		struct snap_source src = snapcmd_file_source(&f);

		rc = is_snapshot_file(&f) ? snapcmd_inspect_source(&src, out, err) :
		     usage(err, "inspect FILE: not a snapshot file (a store needs DISK NAME)");
	} else if (k == 1) {
		rc = is_snapshot_file(&f) ?
		     usage(err, "inspect: a snapshot file takes no NAME") :
		     snapcmd_inspect_store(&dev, argv[4], out, err);
	} else {
		rc = extract(&dev, argv[4], argv[5], out, err);
	}
	snapcmd_file_close(&f);
	return rc;
}
