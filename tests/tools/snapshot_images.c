/* Writes snapshot images with the snapshot library, for tests that have
 * no armhv to save a VM (built as build/tests/snapshot_images):
 *
 *   snapshot_images disk DIR    DIR/disk.img: a store with snapshots web
 *                               (2 vCPUs, 64 MiB, some RAM blocks) and db
 *                               (1 vCPU, 16 MiB), a save that never
 *                               finished and a damaged slot; DIR/web.snap
 *                               and DIR/db.snap, the same snapshots alone
 *                               (what `armhv snapshot extract` must write)
 *   snapshot_images seeds DIR   the snapshot fuzzer's seeds (committed in
 *                               tests/fuzz/snapshot-seeds; small, no RAM)
 *
 * Everything comes from fixed seeds: the same files every time. */
#include "snapshot_fixture.h"

#include <snapshot/internal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void save(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void standalone(const char *dir, const char *name, const struct snap_vm *vm,
		       uint8_t **ram)
{
	struct membuf b = { 0 };

	encode_vm(vm, ram, &b);
	save(dir, name, b.p, b.len);
	mb_free(&b);
}

/* A store of `slots` slots over sectors, the VMs added in order. */
static void store(struct memdisk *d, uint64_t sectors, uint32_t slots)
{
	struct snap_dev dev;
	char err[256];

	d->sectors = sectors;
	d->p = calloc(sectors, SNAP_SECTOR);
	dev = memdisk_dev(d);
	if (!d->p || snap_store_format(&dev, slots, err, sizeof(err))) {
		fprintf(stderr, "format: %s\n", err);
		exit(1);
	}
}

static void disk(const char *dir)
{
	static struct snap_vm web, db;
	static struct snap_store st;
	struct vm_shape ws = { .vcpus = 2, .blocks = 32, .max_present = 5, .its = 1 };
	struct vm_shape ds = { .vcpus = 1, .blocks = 8, .max_present = 1, .its = 0 };
	struct snap_store_txn txn;
	struct memdisk d;
	struct snap_dev dev;
	uint8_t *wram, *dram;
	char err[256];

	random_vm(&web, &wram, 101, &ws);
	random_vm(&db, &dram, 102, &ds);
	snprintf(web.config.name, sizeof(web.config.name), "web");
	snprintf(db.config.name, sizeof(db.config.name), "db");
	store(&d, 40960, 8);	/* 20 MiB */
	dev = memdisk_dev(&d);
	if (snap_store_open(&st, &dev, err, sizeof(err)))
		exit(1);
	store_add(&st, "web", &web, &wram);
	store_add(&st, "db", &db, &dram);
	if (snap_store_begin(&st, "late", "web", 1 << 20, 0, &txn, err, sizeof(err)))
		exit(1);
	d.p[SNAP_SECTOR * 6 + 100] ^= 0x40;	/* slot 5: damaged */
	save(dir, "disk.img", d.p, (size_t)d.sectors * SNAP_SECTOR);
	standalone(dir, "web.snap", &web, &wram);
	standalone(dir, "db.snap", &db, &dram);
	free(d.p);
	free(wram);
	free(dram);
}

static void seeds(const char *dir)
{
	static struct snap_vm vm;
	static struct snap_store st;
	struct vm_shape shapes[] = {
		{ .vcpus = 1, .blocks = 1, .its = 0 },
		{ .vcpus = 2, .blocks = 4, .its = 2 },
		{ .vcpus = 8, .blocks = 64, .its = 4 },
	};
	struct part parts[MAX_PARTS];
	uint8_t *ram, extra[40] = { 7 };
	struct membuf b = { 0 };
	struct memdisk d;
	struct snap_dev dev;
	struct snap_store_txn txn;
	char name[32], err[256];
	unsigned n;

	for (unsigned i = 0; i < 3; i++) {
		random_vm(&vm, &ram, 200 + i, &shapes[i]);
		snprintf(name, sizeof(name), "snap-%uvcpu-%uits", shapes[i].vcpus,
			 (unsigned)shapes[i].its);
		standalone(dir, name, &vm, &ram);
		free(ram);
	}
	/* A newer minor version: a longer config, an optional section. */
	random_vm(&vm, &ram, 210, &shapes[1]);
	encode_vm(&vm, &ram, &b);
	n = split(&b, parts);
	parts[0].len += 8;
	parts[n] = (struct part){ .type = 42, .flags = SNAP_SECTION_OPTIONAL,
				  .len = sizeof(extra), .data = extra };
	build(parts, n + 1, 1, 3, &b);
	save(dir, "snap-minor3-optional", b.p, b.len);
	parts_free(parts, n);
	free(ram);
	/* Stores: one snapshot; and one with an interrupted save and a
	 * damaged slot beside it. */
	random_vm(&vm, &ram, 220, &shapes[0]);
	store(&d, 32, 2);
	dev = memdisk_dev(&d);
	if (snap_store_open(&st, &dev, err, sizeof(err)))
		exit(1);
	store_add(&st, "one", &vm, &ram);
	save(dir, "store-one", d.p, (size_t)d.sectors * SNAP_SECTOR);
	free(d.p);
	store(&d, 48, 3);
	dev = memdisk_dev(&d);
	if (snap_store_open(&st, &dev, err, sizeof(err)))
		exit(1);
	store_add(&st, "one", &vm, &ram);
	if (snap_store_begin(&st, "two", "vm", 1024, 0, &txn, err, sizeof(err)))
		exit(1);
	d.p[SNAP_SECTOR * 3 + 30] ^= 1;
	save(dir, "store-crashed", d.p, (size_t)d.sectors * SNAP_SECTOR);
	free(d.p);
	free(ram);
	mb_free(&b);
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "disk") && strcmp(argv[1], "seeds"))) {
		fprintf(stderr, "usage: snapshot_images disk|seeds DIR\n");
		return 1;
	}
	if (!strcmp(argv[1], "disk"))
		disk(argv[2]);
	else
		seeds(argv[2]);
	return 0;
}
