/* Unit test of the snapshot store on a block device (hyp/snapshot/store.c):
 * add, list, find, replace, delete, running out of room; a hostile
 * superblock and directory; and a power cut at every write of a save, a
 * replacement and a delete, with the writes not yet flushed landing in
 * any subset (whole, not at all, or torn): the store must then open, and
 * every entry that says valid must be a complete snapshot, the old one or
 * the new one. Built with ASan/UBSan (make unit-snapshot_store). */
#include "check.h"
#include "snapshot_fixture.h"

#include <snapshot/internal.h>

#include <stdlib.h>
#include <string.h>

#define SEC SNAP_SECTOR

static struct snap_vm vm_a1, vm_a2, vm_b, vm_c, out;
static uint8_t *ram_a1, *ram_a2, *ram_b, *ram_c;
static struct snap_store st;
static struct snap_toc toc_out;
static char err[512];

static void make_vms(uint32_t max_present)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 2, .max_present = max_present, .its = 1 };

	free(ram_a1);
	free(ram_a2);
	free(ram_b);
	free(ram_c);
	random_vm(&vm_a1, &ram_a1, 21, &shape);
	random_vm(&vm_a2, &ram_a2, 22, &shape);
	random_vm(&vm_b, &ram_b, 23, &shape);
	random_vm(&vm_c, &ram_c, 24, &shape);
}

static struct memdisk new_disk(uint64_t sectors)
{
	struct memdisk d = { .p = calloc(sectors, SEC), .sectors = sectors };

	return d;
}

/* Entry e decodes, its RAM checks, and it is *want. */
static bool holds(const struct snap_store *s, const struct snap_entry *e, const struct snap_vm *want)
{
	struct snap_store_reader rd;
	struct snap_source src;
	static struct snap_vm w;
	uint8_t scratch[4096];

	if (snap_store_decode(s, e, &rd, &src, &out, &toc_out, err, sizeof(err)) ||
	    snap_ram_verify(&src, &out, scratch, sizeof(scratch), err, sizeof(err)))
		return false;
	w = *want;
	w.ram.map_offset = out.ram.map_offset;
	w.ram.data_offset = out.ram.data_offset;
	return memcmp(&w, &out, sizeof(w)) == 0;
}

static unsigned count_state(const struct snap_store *s, uint32_t state)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < s->entries; i++)
		n += s->e[i].state == state;
	return n;
}

static void basics(void)
{
	struct memdisk d = new_disk(32768);	/* 16 MiB */
	struct snap_dev dev = memdisk_dev(&d);
	const struct snap_entry *a, *b;
	uint64_t largest, total;

	make_vms(1);
	CHECK_EQ(snap_store_format(&dev, 8, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	CHECK_EQ(st.entries, 8);
	CHECK_EQ(st.data_start, 16);
	CHECK_EQ(count_state(&st, SNAP_ENTRY_FREE), 8);
	CHECK_EQ(snap_store_free(&st, &largest), 32768 - 16);
	store_add(&st, "a", &vm_a1, &ram_a1);
	store_add(&st, "b.2", &vm_b, &ram_b);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);	/* as read back */
	a = snap_store_find(&st, "a");
	b = snap_store_find(&st, "b.2");
	CHECK(a && b && holds(&st, a, &vm_a1) && holds(&st, b, &vm_b));
	CHECK(a && b && a->seq < b->seq && !strcmp(a->vm_name, vm_a1.config.name));
	CHECK(a && a->created == vm_a1.meta.created && a->start % 8 == 0);
	CHECK(!snap_store_find(&st, "c") && !snap_store_find(&st, "b"));
	total = snap_store_free(&st, &largest);
	CHECK(a && b && total == 32768 - 16 - SNAP_ALIGN_UP(a->sectors, 8) -
				    SNAP_ALIGN_UP(b->sectors, 8));
	/* Replace a: the new one found, the old slot freed. */
	store_add(&st, "a", &vm_a2, &ram_a2);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	a = snap_store_find(&st, "a");
	CHECK(a && holds(&st, a, &vm_a2));
	CHECK_EQ(count_state(&st, SNAP_ENTRY_VALID), 2);
	/* Delete. */
	CHECK_EQ(snap_store_delete(&st, "b.2", err, sizeof(err)), 0);
	CHECK_EQ(snap_store_delete(&st, "b.2", err, sizeof(err)), SNAP_ENOENT);
	CHECK(strstr(err, "no snapshot named b.2"));
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	CHECK(!snap_store_find(&st, "b.2") && snap_store_find(&st, "a"));
	CHECK(st.next_seq == 4);	/* sequence numbers survive deletes */
	free(d.p);
}

static void errors(void)
{
	struct memdisk d = new_disk(8 + 4128 + 4000), small = new_disk(16);
	struct snap_dev dev = memdisk_dev(&d), sdev = memdisk_dev(&small);
	struct snap_store_txn txn;
	uint64_t size = snap_encoded_size(&vm_a1);

	CHECK_EQ(snap_store_format(&dev, 0, err, sizeof(err)), SNAP_EINVAL);
	CHECK_EQ(snap_store_format(&dev, 65, err, sizeof(err)), SNAP_EINVAL);
	CHECK_EQ(snap_store_format(&sdev, 8, err, sizeof(err)), SNAP_ENOSPC);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), SNAP_EFORMAT);	/* zeros */
	CHECK(strstr(err, "no store magic"));
	CHECK_EQ(snap_store_format(&dev, 2, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_begin(&st, "a b", "vm", size, 0, &txn, err, sizeof(err)), SNAP_EINVAL);
	CHECK_EQ(snap_store_begin(&st, "", "vm", size, 0, &txn, err, sizeof(err)), SNAP_EINVAL);
	CHECK_EQ(snap_store_begin(&st, "a", "v.m", size, 0, &txn, err, sizeof(err)), SNAP_EINVAL);
	CHECK_EQ(snap_store_begin(&st, "a", "vm", 100, 0, &txn, err, sizeof(err)), SNAP_EINVAL);
	/* Room for one 2 MiB snapshot, not two; two slots, not three. */
	store_add(&st, "a", &vm_a1, &ram_a1);
	CHECK_EQ(snap_store_begin(&st, "b", "vm", size, 0, &txn, err, sizeof(err)), SNAP_ENOSPC);
	CHECK(strstr(err, "no room for 3 MiB"));
	CHECK_EQ(snap_store_begin(&st, "b", "vm", 4096, 0, &txn, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_abort(&txn), 0);
	CHECK_EQ(count_state(&st, SNAP_ENTRY_FREE), 1);
	CHECK_EQ(snap_store_begin(&st, "b", "vm", 4096, 0, &txn, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_begin(&st, "c", "vm", 4096, 0, &txn, err, sizeof(err)), SNAP_ENOSPC);
	CHECK(strstr(err, "directory is full (2 snapshots)"));
	/* The sink stays inside the snapshot. */
	{
		struct snap_sink sink;
		uint8_t b[8] = { 0 };

		snap_store_sink(&txn, &sink);
		CHECK(sink.write(sink.ctx, 4090, b, 6) == 0);
		CHECK(sink.write(sink.ctx, 4090, b, 7) != 0);
		CHECK(sink.write(sink.ctx, ~0ull, b, 1) != 0);
	}
	/* Superblock: damaged, another major version, a device cut short. */
	d.p[100] ^= 1;
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), SNAP_ECRC);
	d.p[100] ^= 1;
	snap_put16(d.p + 8, 2);
	snap_put32(d.p + 508, snap_crc32c(0, d.p, 508));
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), SNAP_EVERSION);
	CHECK(strstr(err, "format 2.0"));
	snap_put16(d.p + 8, 1);
	snap_put32(d.p + 508, snap_crc32c(0, d.p, 508));
	dev.sectors--;
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), SNAP_EFORMAT);
	CHECK(strstr(err, "truncated"));
	dev.sectors++;
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	free(d.p);
	free(small.p);
}

/* Every byte of the superblock and of a valid entry flipped: the store
 * refuses to open, or the entry is damaged and nothing else changes. */
static void hostile_directory(void)
{
	struct memdisk d = new_disk(16384);
	struct snap_dev dev = memdisk_dev(&d);
	uint8_t *slot0 = d.p + SEC, saved[SEC];
	const struct snap_entry *a;

	make_vms(0);
	CHECK_EQ(snap_store_format(&dev, 4, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	store_add(&st, "a", &vm_a1, &ram_a1);
	store_add(&st, "b", &vm_b, &ram_b);
	for (unsigned i = 0; i < SEC; i++) {
		d.p[i] ^= 0x10;
		CHECK(snap_store_open(&st, &dev, err, sizeof(err)) < 0);
		d.p[i] ^= 0x10;
		slot0[i] ^= 0x10;
		CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
		CHECK_EQ(st.e[0].state, SNAP_ENTRY_DAMAGED);
		CHECK(!snap_store_find(&st, "a"));
		CHECK(snap_store_find(&st, "b") && holds(&st, snap_store_find(&st, "b"), &vm_b));
		slot0[i] ^= 0x10;
	}
	/* Sealed again, but wrong: each is damaged, with its reason. */
	memcpy(saved, slot0, SEC);
#define RESEALED(off, val, width, why) do {					\
		memcpy(slot0, saved, SEC);					\
		if (width == 4) snap_put32(slot0 + (off), (uint32_t)(val));	\
		else snap_put64(slot0 + (off), (val));				\
		snap_put32(slot0 + 508, snap_crc32c(0, slot0, 508));		\
		CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);	\
		CHECK_EQ(st.e[0].state, SNAP_ENTRY_DAMAGED);			\
		CHECK_STR(st.e[0].damage, why);					\
	} while (0)
	RESEALED(8, 1, 4, "written for another slot");
	RESEALED(12, 3, 4, "unknown state");
	RESEALED(16, 1ull << 62, 8, "sequence number out of range");
	RESEALED(84, 1, 4, "reserved bytes not zero");
	RESEALED(200, 1, 4, "reserved bytes not zero");
	RESEALED(24, 0x2f, 4, "bad snapshot name");
	RESEALED(30, 0x41, 4, "bad snapshot name");	/* after its NUL */
	RESEALED(96, 0, 4, "bad VM name");
	RESEALED(56, 3, 8, "extent outside the data area");
	RESEALED(56, 16384 - 2, 8, "extent outside the data area");
	RESEALED(56, ~0ull - 2, 8, "extent outside the data area");
	RESEALED(72, 100, 8, "size does not match the extent");
	RESEALED(64, 1, 8, "size does not match the extent");
	RESEALED(12, 0, 4, "free, but not cleared");
	memcpy(slot0, saved, SEC);
	/* Entry 1 copied over entry 2 with an older sequence number: the
	 * same extent twice, the older copy is not trusted. */
	memcpy(d.p + 3 * SEC, d.p + 2 * SEC, SEC);
	snap_put32(d.p + 3 * SEC + 8, 2);
	snap_put64(d.p + 3 * SEC + 16, 0);
	snap_put32(d.p + 3 * SEC + 508, snap_crc32c(0, d.p + 3 * SEC, 508));
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	CHECK_STR(st.e[2].damage, "overlaps a newer snapshot");
	CHECK_EQ(st.e[1].state, SNAP_ENTRY_VALID);
	/* An entry whose data is another snapshot's. */
	a = snap_store_find(&st, "a");
	CHECK(a != NULL);
	snap_put32(slot0 + 80, a ? a->header_crc ^ 1 : 0);
	snap_put32(slot0 + 508, snap_crc32c(0, slot0, 508));
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	CHECK(!holds(&st, snap_store_find(&st, "a"), &vm_a1));
	CHECK(strstr(err, "is not the snapshot its entry names"));
	free(d.p);
}

/* ---- power cuts ------------------------------------------------------------------------ */

/* A device with a volatile write cache: writes are seen by reads at once
 * but are durable only after a flush; at the cut every later operation
 * fails, and the unflushed writes land in a random subset, some torn. */
struct pending {
	uint64_t sector;
	uint32_t count;
	uint8_t *data;
};
struct cutdev {
	uint8_t *durable, *view;
	uint64_t sectors;
	struct pending pend[8192];
	unsigned npend, ops, cut_at;
	bool dead;
};

static bool cut_now(struct cutdev *c)
{
	if (!c->dead && c->ops++ == c->cut_at)
		c->dead = true;
	return c->dead;
}

static int cd_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct cutdev *c = ctx;

	if (c->dead || sector + count > c->sectors)
		return -1;
	memcpy(buf, c->view + sector * SEC, (size_t)count * SEC);
	return 0;
}

static int cd_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct cutdev *c = ctx;
	struct pending *p;

	if (cut_now(c) || sector + count > c->sectors || c->npend == 8192)
		return -1;
	p = &c->pend[c->npend++];
	*p = (struct pending){ sector, count, malloc((size_t)count * SEC) };
	memcpy(p->data, buf, (size_t)count * SEC);
	memcpy(c->view + sector * SEC, buf, (size_t)count * SEC);
	return 0;
}

static void drop_pending(struct cutdev *c)
{
	for (unsigned i = 0; i < c->npend; i++)
		free(c->pend[i].data);
	c->npend = 0;
}

static int cd_flush(void *ctx)
{
	struct cutdev *c = ctx;

	if (cut_now(c))
		return -1;
	for (unsigned i = 0; i < c->npend; i++)
		memcpy(c->durable + c->pend[i].sector * SEC, c->pend[i].data,
		       (size_t)c->pend[i].count * SEC);
	drop_pending(c);
	return 0;
}

/* What the disk holds after the cut. */
static void land(struct cutdev *c, uint64_t seed)
{
	for (unsigned i = 0; i < c->npend; i++) {
		struct pending *p = &c->pend[i];
		uint64_t r = rng_next(&seed);
		size_t bytes = (size_t)p->count * SEC;

		if (r % 4 == 2)	/* torn: a prefix, maybe ending inside a sector */
			bytes = (size_t)((r >> 8) % bytes);
		if (r % 4 != 0)
			memcpy(c->durable + p->sector * SEC, p->data, bytes);
	}
	drop_pending(c);
}

static int try_add(struct snap_store *s, const char *name, const struct snap_vm *vm,
		   uint8_t **ram)
{
	struct snap_store_txn txn;
	struct snap_sink sink;
	struct snap_ram_in in = ram_in(ram);
	uint64_t size;
	uint32_t crc;
	int rc = snap_store_begin(s, name, vm->config.name, snap_encoded_size(vm),
				  vm->meta.created, &txn, err, sizeof(err));

	if (rc)
		return rc;
	snap_store_sink(&txn, &sink);
	rc = snap_encode(vm, &in, &sink, &size, &crc, err, sizeof(err));
	if (!rc)
		return snap_store_commit(&txn, crc, err, sizeof(err));
	snap_store_abort(&txn);
	return rc;
}

enum op { OP_ADD, OP_REPLACE, OP_DELETE };

static int run_op(enum op op, struct snap_store *s)
{
	switch (op) {
	case OP_ADD: return try_add(s, "c", &vm_c, &ram_c);
	case OP_REPLACE: return try_add(s, "a", &vm_a2, &ram_a2);
	default: return snap_store_delete(s, "b", err, sizeof(err));
	}
}

/* After a cut during op (which returned rc), the disk in durable. */
static void check_after(enum op op, int rc, uint8_t *image, uint64_t sectors, bool add_after)
{
	struct memdisk d = { image, sectors };
	struct snap_dev dev = memdisk_dev(&d);
	const struct snap_entry *a, *b, *c;

	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	for (uint32_t i = 0; i < st.entries; i++) {
		const struct snap_entry *e = &st.e[i];
		const struct snap_vm *want = !strcmp(e->name, "b") ? &vm_b :
					     !strcmp(e->name, "c") ? &vm_c :
					     e->seq > 2 ? &vm_a2 : &vm_a1;

		if (e->state == SNAP_ENTRY_VALID)
			CHECK(holds(&st, e, want));	/* never a broken valid one */
	}
	a = snap_store_find(&st, "a");
	b = snap_store_find(&st, "b");
	c = snap_store_find(&st, "c");
	CHECK(a != NULL);
	if (op == OP_REPLACE && !rc)
		CHECK(a && a->seq > 2);
	CHECK(op == OP_DELETE || b);
	if (op == OP_DELETE && !rc)
		CHECK(!b);
	if (op == OP_ADD && !rc)
		CHECK(c != NULL);
	CHECK(op == OP_ADD || !c);
	if (add_after) {	/* the store is usable: a crashed save's slot is reused */
		uint8_t *ram = NULL;
		struct snap_vm small = vm_c;

		small.ram.present = 0;
		memset(small.ram.bitmap, 0, sizeof(small.ram.bitmap));
		CHECK_EQ(try_add(&st, "d", &small, &ram), 0);
		CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
		CHECK(snap_store_find(&st, "d") && snap_store_find(&st, "a"));
	}
}

static void power_cuts_with(uint32_t max_present, uint64_t sectors, unsigned seeds)
{
	struct memdisk base = new_disk(sectors);
	struct snap_dev dev = memdisk_dev(&base);
	struct cutdev *c = calloc(1, sizeof(*c));
	struct snap_dev cdev = { .ctx = c, .sectors = sectors, .read = cd_read,
				 .write = cd_write, .flush = cd_flush };
	size_t bytes = (size_t)sectors * SEC;

	make_vms(max_present);
	CHECK_EQ(snap_store_format(&dev, 4, err, sizeof(err)), 0);
	CHECK_EQ(snap_store_open(&st, &dev, err, sizeof(err)), 0);
	store_add(&st, "a", &vm_a1, &ram_a1);
	store_add(&st, "b", &vm_b, &ram_b);
	c->durable = malloc(bytes);
	c->view = malloc(bytes);
	c->sectors = sectors;
	for (enum op op = OP_ADD; op <= OP_DELETE; op++) {
		unsigned total;

		memcpy(c->durable, base.p, bytes);
		memcpy(c->view, base.p, bytes);
		c->ops = 0;
		c->cut_at = ~0u;
		c->dead = false;
		CHECK_EQ(snap_store_open(&st, &cdev, err, sizeof(err)), 0);
		CHECK_EQ(run_op(op, &st), 0);
		total = c->ops;
		drop_pending(c);
		CHECK(total >= (op == OP_DELETE ? 2u : 10u));
		for (unsigned k = 0; k <= total; k++) {
			for (unsigned seed = 0; seed < seeds; seed++) {
				int rc;

				memcpy(c->durable, base.p, bytes);
				memcpy(c->view, base.p, bytes);
				c->ops = 0;
				c->dead = false;
				CHECK_EQ(snap_store_open(&st, &cdev, err, sizeof(err)), 0);
				c->cut_at = k;
				rc = run_op(op, &st);
				CHECK(rc == 0 || k < total);
				land(c, k * 1000 + seed);
				check_after(op, rc, c->durable, sectors, seed == 0 && k % 8 == 0);
			}
		}
	}
	free(c->durable);
	free(c->view);
	free(c);
	free(base.p);
}

static void power_cuts(void)
{
	power_cuts_with(0, 512, 6);		/* no RAM blocks: many seeds */
}

static void power_cuts_ram(void)
{
	power_cuts_with(1, 16 + 8 * 4 * 540, 2);	/* a 2 MiB block each */
}

int main(void)
{
	RUN(basics);
	RUN(errors);
	RUN(hostile_directory);
	RUN(power_cuts);
	RUN(power_cuts_ram);
	free(ram_a1);
	free(ram_a2);
	free(ram_b);
	free(ram_c);
	return check_summary("snapshot_store");
}
