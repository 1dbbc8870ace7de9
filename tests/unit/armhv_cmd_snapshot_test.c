/* Unit test of `armhv snapshot` (tools/armhv/snapcmd*.c) on disk images
 * this test writes with the snapshot library: list, inspect, extract, the
 * usage errors, and damaged disks (exit codes 2 and 3, one line on
 * stderr). Built with ASan/UBSan (make unit-armhv_cmd_snapshot). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "snapcmd.h"
#include "snapshot_fixture.h"

#define DISK_SECTORS 24576	/* 12 MiB */

static char dir[] = "/tmp/armhv-snapcmd-XXXXXX", disk[64], disk2[64], file[64];
static char *out_text, *err_text;
static struct snap_vm vm_a, vm_b;
static uint8_t *ram_a, *ram_b;
static struct memdisk md;

/* armhv snapshot WORDS...: the exit code; stdout and stderr kept. */
static int run(const char *first, ...)
{
	char *argv[16] = { "armhv", "snapshot" };
	size_t out_len, err_len;
	FILE *out, *err;
	va_list ap;
	int argc = 2, rc;

	va_start(ap, first);
	for (const char *w = first; w; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	free(out_text);
	free(err_text);
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	rc = armhv_snapshot_main(argc, argv, out, err);
	fclose(out);
	fclose(err);
	return rc;
}

static bool one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && nl[1] == 0;
}

static void save(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	CHECK(f && fwrite(p, 1, n, f) == n);
	if (f)
		fclose(f);
}

/* A store with snapshots a and b, a save that never finished and a
 * damaged slot. */
static void make_disk(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 3, .max_present = 2, .its = 1 };
	struct snap_dev dev;
	struct snap_store_txn txn;
	static struct snap_store st;
	char err[256];

	md.sectors = DISK_SECTORS;
	md.p = calloc(DISK_SECTORS, SNAP_SECTOR);
	dev = memdisk_dev(&md);
	random_vm(&vm_a, &ram_a, 31, &shape);
	shape.vcpus = 1;
	shape.max_present = 0;
	random_vm(&vm_b, &ram_b, 32, &shape);
	CHECK_EQ(snap_store_format(&dev, 6, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	store_add(&st, "a", &vm_a, &ram_a);
	store_add(&st, "b", &vm_b, &ram_b);
	CHECK_EQ(snap_store_begin(&st, "c", "crashed", 4096, 0, &txn, err, sizeof(err)), 0);
	md.p[SNAP_SECTOR * 5 + 40] ^= 1;	/* slot 4 */
	save(disk, md.p, DISK_SECTORS * (size_t)SNAP_SECTOR);
}

static void list(void)
{
	char line[128];

	CHECK_EQ(run("list", disk, NULL), 0);
	CHECK(strstr(out_text, "store: format 1.0, 2 snapshots in 6 slots, 12.0 MiB"));
	CHECK(strstr(out_text, "SLOT  SEQ     STATE        SIZE       VM               NAME\n"));
	snprintf(line, sizeof(line), "\n0     1       valid        %u.0 MiB    vm31             a\n",
		 2 * vm_a.ram.present);
	CHECK(strstr(out_text, line));
	CHECK(strstr(out_text, "\n1     2       valid        0.0 MiB    vm32             b\n"));
	CHECK(strstr(out_text, "\n2     3       incomplete   0.0 MiB    crashed          c\n"));
	CHECK(strstr(out_text, "\n4     -       damaged      checksum mismatch\n"));
	CHECK(!strstr(out_text, "\n3 "));	/* free */
	CHECK_STR(err_text, "");
}

static void inspect(void)
{
	char line[256];

	CHECK_EQ(run("inspect", disk, "a", NULL), 0);
	CHECK(strstr(out_text, "snapshot a: slot 0, seq 1, "));
	CHECK(strstr(out_text, "\nheader: format 1.0, armhv test-31, saved at counter 0x"));
	CHECK(strstr(out_text, "\n  vcpu 1                 offset 0x"));
	CHECK(strstr(out_text, "\n  ram                    offset 0x"));
	snprintf(line, sizeof(line), "\nvcpu 0: %s, pc 0x%llx, pstate 0x%llx",
		 vm_a.vcpu[0].power == SNAP_POWER_ON ? "on" :
		 vm_a.vcpu[0].power ? "on-pending" : "off",
		 (unsigned long long)vm_a.vcpu[0].pc, (unsigned long long)vm_a.vcpu[0].pstate);
	CHECK(strstr(out_text, line));
	CHECK(strstr(out_text, "\nconfig: vm vm31, 2 vCPUs, 6 MiB of RAM at 0x40000000, kernel "
			       "vm-kernel"));
	snprintf(line, sizeof(line), "\nram: 3 blocks of 2 MiB, %u present: ", vm_a.ram.present);
	CHECK(strstr(out_text, line));
	CHECK(strstr(out_text, "\nvalidation: ok: header, 10 sections and "));
	CHECK_STR(err_text, "");
	CHECK_EQ(run("inspect", disk, "b", NULL), 0);
	CHECK(strstr(out_text, "ram: 3 blocks of 2 MiB, 0 present: none\n"));
	/* Not there; an interrupted save is not a snapshot. */
	CHECK_EQ(run("inspect", disk, "zz", NULL), SNAPCMD_NO_STORE);
	CHECK(strstr(err_text, "no snapshot named 'zz'") && one_line(err_text));
	CHECK_EQ(run("inspect", disk, "c", NULL), SNAPCMD_NO_STORE);
}

static void extract(void)
{
	struct membuf want = { 0 };
	FILE *f;
	uint8_t *got;
	long n;

	CHECK_EQ(run("extract", disk, "a", file, NULL), 0);
	CHECK(strstr(out_text, "extracted a: ") && strstr(out_text, file));
	encode_vm(&vm_a, &ram_a, &want);
	f = fopen(file, "rb");
	CHECK(f != NULL);
	if (f) {
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		got = malloc((size_t)n);
		CHECK(fread(got, 1, (size_t)n, f) == (size_t)n);
		fclose(f);
		CHECK_EQ(n, want.len);	/* the snapshot, byte for byte */
		CHECK(n == (long)want.len && !memcmp(got, want.p, want.len));
		free(got);
	}
	CHECK_EQ(run("inspect", file, NULL), 0);
	CHECK(strstr(out_text, "validation: ok"));
	CHECK_EQ(run("inspect", file, "a", NULL), SNAPCMD_USAGE);
	mb_free(&want);
}

static void usage(void)
{
	static const char *const bad[][5] = {
		{ NULL }, { "frob", NULL }, { "list", NULL }, { "list", "x", "y", NULL },
		{ "inspect", NULL }, { "inspect", "x", "y", "z", NULL }, { "extract", "x", "y", NULL },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(run(bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL), SNAPCMD_USAGE);
		CHECK(one_line(err_text) && !strncmp(err_text, "armhv snapshot: ", 16));
		CHECK_STR(out_text, "");
	}
	CHECK_EQ(run("--help", NULL), 0);
	CHECK(strstr(out_text, "usage: armhv snapshot list DISK"));
	CHECK_EQ(run("list", "/nonexistent", NULL), SNAPCMD_NO_STORE);
	CHECK(strstr(err_text, "'/nonexistent': No such file") && one_line(err_text));
	CHECK_EQ(run("list", dir, NULL), SNAPCMD_NO_STORE);
	CHECK(strstr(err_text, "not a regular file or block device"));
	CHECK_EQ(run("inspect", dir, NULL), SNAPCMD_NO_STORE);
}

/* Damaged disks: the store's superblock, a section, a RAM block. */
static void damaged(void)
{
	struct snap_store st;
	struct snap_dev dev = memdisk_dev(&md);
	char err[256], part[80];
	uint64_t a_start;

	snprintf(part, sizeof(part), "%s.part", file);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	a_start = snap_store_find(&st, "a")->start * SNAP_SECTOR;
	md.p[3] ^= 1;
	save(disk2, md.p, DISK_SECTORS * (size_t)SNAP_SECTOR);
	md.p[3] ^= 1;
	CHECK_EQ(run("list", disk2, NULL), SNAPCMD_NO_STORE);
	CHECK(strstr(err_text, "no store magic") && one_line(err_text));
	CHECK_EQ(run("inspect", disk2, "a", NULL), SNAPCMD_NO_STORE);
	md.p[a_start + 0x400] ^= 1;	/* in vcpu 0 */
	save(disk2, md.p, DISK_SECTORS * (size_t)SNAP_SECTOR);
	md.p[a_start + 0x400] ^= 1;
	CHECK_EQ(run("inspect", disk2, "a", NULL), SNAPCMD_INVALID);
	CHECK(strstr(out_text, "\n  vcpu 0 "));	/* the table still shown */
	CHECK(strstr(out_text, "validation: FAILED: vcpu 0: checksum"));
	CHECK(strstr(err_text, "armhv snapshot: a: invalid: vcpu 0: checksum") && one_line(err_text));
	CHECK_EQ(run("extract", disk2, "a", file, NULL), SNAPCMD_INVALID);
	CHECK(access(file, F_OK) == 0);		/* the earlier one is left alone */
	CHECK(access(part, F_OK) != 0);
	md.p[a_start + 0x3000 + 12345] ^= 1;	/* in the first RAM block */
	save(disk2, md.p, DISK_SECTORS * (size_t)SNAP_SECTOR);
	md.p[a_start + 0x3000 + 12345] ^= 1;
	CHECK_EQ(run("inspect", disk2, "a", NULL), SNAPCMD_INVALID);
	CHECK(strstr(out_text, "\nvcpu 1: "));	/* all but RAM was valid */
	CHECK(strstr(out_text, "validation: FAILED: ram: block "));
	unlink(file);
	CHECK_EQ(run("extract", disk2, "a", file, NULL), SNAPCMD_INVALID);
	CHECK(access(file, F_OK) != 0 && access(part, F_OK) != 0);	/* nothing written */
	/* A disk cut short. */
	save(disk2, md.p, 4096);
	CHECK_EQ(run("list", disk2, NULL), SNAPCMD_NO_STORE);
	CHECK(strstr(err_text, "truncated"));
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(disk, sizeof(disk), "%s/disk.img", dir);
	snprintf(disk2, sizeof(disk2), "%s/disk2.img", dir);
	snprintf(file, sizeof(file), "%s/a.snap", dir);
	make_disk();
	RUN(list);
	RUN(inspect);
	RUN(extract);
	RUN(usage);
	RUN(damaged);
	unlink(disk);
	unlink(disk2);
	unlink(file);
	rmdir(dir);
	free(md.p);
	free(ram_a);
	free(ram_b);
	free(out_text);
	free(err_text);
	return check_summary("armhv_cmd_snapshot");
}
