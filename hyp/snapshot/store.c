/* The snapshot store on a block device (store.h): superblock, one sector
 * per directory entry, data extents; the write order that keeps a crash
 * from leaving a valid-looking broken snapshot. */
#include "store.h"
#include "internal.h"

#include <string.h>

#define FAIL(code, ...) return snap_fail(err, err_size, code, __VA_ARGS__)

#define STORE_MAGIC	"ARMHVSTO"
#define ENTRY_MAGIC	"ARMHVDIR"
#define DIR_START	1u
#define EXTENT_ALIGN	8u		/* sectors: 4 KiB, as the RAM blocks */
#define SEQ_LIMIT	(1ull << 62)
#define CRC_AT		(SNAP_SECTOR - 4)

static uint64_t data_start_of(uint32_t entries)
{
	return SNAP_ALIGN_UP(DIR_START + (uint64_t)entries, EXTENT_ALIGN);
}

static bool magic_is(const uint8_t *p, const char *magic)
{
	for (unsigned i = 0; i < 8; i++)
		if (p[i] != (uint8_t)magic[i])
			return false;
	return true;
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static size_t name_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static bool name_eq(const char *a, const char *b)
{
	size_t n = name_len(a, SNAP_STORE_NAME_MAX);

	if (n != name_len(b, SNAP_STORE_NAME_MAX))
		return false;
	while (n--)
		if (a[n] != b[n])
			return false;
	return true;
}

/* A name field: valid characters, then zeros to its end. */
static bool name_field_ok(const char *s, size_t max, enum snap_charset set)
{
	size_t n = name_len(s, max);

	return snap_string_ok(s, max, set, false) && zero((const uint8_t *)s + n, max - n);
}

static void seal(uint8_t *s)
{
	snap_put32(s + CRC_AT, snap_crc32c(0, s, CRC_AT));
}

static bool sealed(const uint8_t *s)
{
	return snap_get32(s + CRC_AT) == snap_crc32c(0, s, CRC_AT);
}

/* ---- directory entries ---------------------------------------------------------------- */

static void put_entry(uint8_t *s, uint32_t slot, const struct snap_entry *e)
{
	memset(s, 0, SNAP_SECTOR);
	memcpy(s, ENTRY_MAGIC, 8);
	snap_put32(s + 8, slot);
	snap_put32(s + 12, e->state);
	snap_put64(s + 16, e->seq);
	if (e->state != SNAP_ENTRY_FREE) {
		memcpy(s + 24, e->name, SNAP_STORE_NAME_MAX);
		snap_put64(s + 56, e->start);
		snap_put64(s + 64, e->sectors);
		snap_put64(s + 72, e->bytes);
		snap_put32(s + 80, e->header_crc);
		snap_put64(s + 88, e->created);
		memcpy(s + 96, e->vm_name, SNAP_NAME_MAX);
	}
	seal(s);
}

/* Why sector s of slot is not a usable entry, or NULL. */
static const char *get_entry(const struct snap_store *st, const uint8_t *s, uint32_t slot,
			     struct snap_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (!magic_is(s, ENTRY_MAGIC))
		return "not a directory entry";
	if (!sealed(s))
		return "checksum mismatch";
	e->state = snap_get32(s + 12);
	e->seq = snap_get64(s + 16);
	memcpy(e->name, s + 24, SNAP_STORE_NAME_MAX);
	e->start = snap_get64(s + 56);
	e->sectors = snap_get64(s + 64);
	e->bytes = snap_get64(s + 72);
	e->header_crc = snap_get32(s + 80);
	e->created = snap_get64(s + 88);
	memcpy(e->vm_name, s + 96, SNAP_NAME_MAX);
	if (snap_get32(s + 8) != slot)
		return "written for another slot";
	if (e->state > SNAP_ENTRY_VALID)
		return "unknown state";
	if (e->seq >= SEQ_LIMIT)
		return "sequence number out of range";
	if (st->minor <= SNAP_STORE_MINOR && (!zero(s + 84, 4) || !zero(s + 112, CRC_AT - 112)))
		return "reserved bytes not zero";
	if (e->state == SNAP_ENTRY_FREE)
		return zero(s + 24, 88) ? NULL : "free, but not cleared";
	if (!name_field_ok(e->name, SNAP_STORE_NAME_MAX, SNAP_CHARS_MODULE))
		return "bad snapshot name";
	if (!name_field_ok(e->vm_name, SNAP_NAME_MAX, SNAP_CHARS_VM))
		return "bad VM name";
	if (e->start < st->data_start || e->start % EXTENT_ALIGN || e->sectors > st->sectors ||
	    e->start > st->sectors - e->sectors)
		return "extent outside the data area";
	if (e->bytes < SNAP_HEADER_SIZE || e->bytes > SEQ_LIMIT ||
	    e->sectors != (e->bytes + SNAP_SECTOR - 1) / SNAP_SECTOR)
		return "size does not match the extent";
	return NULL;
}

static int write_entry(struct snap_store *st, uint32_t slot, const struct snap_entry *e,
		       uint8_t *buf)
{
	put_entry(buf, slot, e);
	return st->dev.write(st->dev.ctx, DIR_START + slot, 1, buf) ? SNAP_EIO : 0;
}

/* A freed entry keeps its sequence number: numbers only grow. */
static int free_entry(struct snap_store *st, uint32_t slot, uint8_t *buf)
{
	struct snap_entry e = { .state = SNAP_ENTRY_FREE, .seq = st->e[slot].seq };
	int rc = write_entry(st, slot, &e, buf);

	if (!rc)
		st->e[slot] = e;
	return rc;
}

/* ---- format and open ------------------------------------------------------------------ */

int snap_store_format(const struct snap_dev *dev, uint32_t entries, char *err,
		      size_t err_size)
{
	uint8_t s[SNAP_SECTOR];
	struct snap_entry e = { .state = SNAP_ENTRY_FREE };

	if (entries < 1 || entries > SNAP_STORE_MAX_ENTRIES)
		FAIL(SNAP_EINVAL, "store: %u directory entries, not 1 to %u", (unsigned)entries,
		     SNAP_STORE_MAX_ENTRIES);
	if (dev->sectors < data_start_of(entries) + EXTENT_ALIGN)
		FAIL(SNAP_ENOSPC, "store: %llu sectors leave no room for data",
		     (unsigned long long)dev->sectors);
	for (uint32_t i = 0; i < entries; i++) {
		put_entry(s, i, &e);
		if (dev->write(dev->ctx, DIR_START + i, 1, s))
			FAIL(SNAP_EIO, "store: write error in directory entry %u", (unsigned)i);
	}
	/* The superblock last: a format a crash interrupts is no store. */
	if (dev->flush(dev->ctx))
		FAIL(SNAP_EIO, "store: flush error");
	memset(s, 0, sizeof(s));
	memcpy(s, STORE_MAGIC, 8);
	snap_put16(s + 8, SNAP_STORE_MAJOR);
	snap_put16(s + 10, SNAP_STORE_MINOR);
	snap_put32(s + 12, SNAP_SECTOR);
	snap_put64(s + 16, dev->sectors);
	snap_put32(s + 24, DIR_START);
	snap_put32(s + 28, entries);
	snap_put64(s + 32, data_start_of(entries));
	seal(s);
	if (dev->write(dev->ctx, 0, 1, s) || dev->flush(dev->ctx))
		FAIL(SNAP_EIO, "store: write error in the superblock");
	return 0;
}

static int open_super(struct snap_store *st, const uint8_t *s, char *err, size_t err_size)
{
	uint16_t major = snap_get16(s + 8);

	if (!magic_is(s, STORE_MAGIC))
		FAIL(SNAP_EFORMAT, "store: no store magic (\"%s\") in sector 0", STORE_MAGIC);
	if (major != SNAP_STORE_MAJOR)
		FAIL(SNAP_EVERSION, "store: format %u.%u, this code reads %u.x", major,
		     snap_get16(s + 10), SNAP_STORE_MAJOR);
	if (!sealed(s))
		FAIL(SNAP_ECRC, "store: superblock checksum mismatch");
	st->minor = snap_get16(s + 10);
	st->sectors = snap_get64(s + 16);
	st->entries = snap_get32(s + 28);
	st->data_start = snap_get64(s + 32);
	if (snap_get32(s + 12) != SNAP_SECTOR || snap_get32(s + 24) != DIR_START)
		FAIL(SNAP_EFORMAT, "store: sector size %u, directory at %u: expected %u, %u",
		     (unsigned)snap_get32(s + 12), (unsigned)snap_get32(s + 24), SNAP_SECTOR,
		     DIR_START);
	if (st->entries < 1 || st->entries > SNAP_STORE_MAX_ENTRIES ||
	    st->data_start != data_start_of(st->entries))
		FAIL(SNAP_EFORMAT, "store: %u directory entries with data at sector %llu",
		     (unsigned)st->entries, (unsigned long long)st->data_start);
	if (st->sectors > st->dev.sectors || st->sectors < st->data_start)
		FAIL(SNAP_EFORMAT, "store: %llu sectors, the device has %llu (truncated?)",
		     (unsigned long long)st->sectors, (unsigned long long)st->dev.sectors);
	if (st->minor <= SNAP_STORE_MINOR && !zero(s + 40, CRC_AT - 40))
		FAIL(SNAP_EINVAL, "store: reserved superblock bytes not zero");
	return 0;
}

static bool overlap(const struct snap_entry *a, const struct snap_entry *b)
{
	return a->start < b->start + b->sectors && b->start < a->start + a->sectors;
}

static void damage(struct snap_entry *e, const char *why)
{
	e->state = SNAP_ENTRY_DAMAGED;
	e->damage = why;
}

int snap_store_open(struct snap_store *st, const struct snap_dev *dev, char *err,
		    size_t err_size)
{
	uint8_t s[SNAP_SECTOR];
	int rc;

	memset(st, 0, sizeof(*st));
	st->dev = *dev;
	if (dev->sectors < 1 || dev->read(dev->ctx, 0, 1, s))
		FAIL(SNAP_EIO, "store: cannot read sector 0");
	if ((rc = open_super(st, s, err, err_size)))
		return rc;
	for (uint32_t i = 0; i < st->entries; i++) {
		struct snap_entry *e = &st->e[i];
		const char *why;

		if (dev->read(dev->ctx, DIR_START + i, 1, s))
			FAIL(SNAP_EIO, "store: cannot read directory entry %u", (unsigned)i);
		why = get_entry(st, s, i, e);
		if (why)
			damage(e, why);
		e->stale = e->state == SNAP_ENTRY_WRITING;
	}
	/* Valid extents never overlap (allocation avoids them): if they do,
	 * the disk lies; the older entry is not trusted. */
	for (uint32_t i = 0; i < st->entries; i++) {
		for (uint32_t j = 0; j < st->entries; j++) {
			struct snap_entry *a = &st->e[i], *b = &st->e[j];

			if (i == j || a->state != SNAP_ENTRY_VALID || b->state != SNAP_ENTRY_VALID)
				continue;
			if (a->seq == b->seq && i > j)
				damage(a, "same sequence number as another entry");
			else if (overlap(a, b) && (a->seq < b->seq || (a->seq == b->seq && i > j)))
				damage(a, "overlaps a newer snapshot");
		}
	}
	for (uint32_t i = 0; i < st->entries; i++) {
		const struct snap_entry *e = &st->e[i];

		if (e->state != SNAP_ENTRY_DAMAGED && e->seq >= st->next_seq)
			st->next_seq = e->seq + 1;
		if (e->state == SNAP_ENTRY_VALID)
			st->e[i].superseded = snap_store_find(st, e->name) != e;
	}
	return 0;
}

const struct snap_entry *snap_store_find(const struct snap_store *st, const char *name)
{
	const struct snap_entry *best = NULL;

	for (uint32_t i = 0; i < st->entries; i++) {
		const struct snap_entry *e = &st->e[i];

		if (e->state == SNAP_ENTRY_VALID && name_eq(e->name, name) &&
		    (!best || e->seq > best->seq))
			best = e;
	}
	return best;
}

/* ---- space ------------------------------------------------------------------------------ */

/* Extents no new snapshot may take: valid ones and saves in progress. */
static uint32_t taken(const struct snap_store *st, const struct snap_entry **out)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->entries; i++) {
		const struct snap_entry *e = &st->e[i];
		uint32_t k = n++;

		if (e->state != SNAP_ENTRY_VALID && !(e->state == SNAP_ENTRY_WRITING && !e->stale)) {
			n--;
			continue;
		}
		for (; k > 0 && out[k - 1]->start > e->start; k--)
			out[k] = out[k - 1];
		out[k] = e;
	}
	return n;
}

/* First fit of want sectors (or, want 0: the free total); *largest run. */
static uint64_t scan(const struct snap_store *st, uint64_t want, uint64_t *largest, uint64_t *at)
{
	const struct snap_entry *ext[SNAP_STORE_MAX_ENTRIES];
	uint32_t n = taken(st, ext);
	uint64_t pos = st->data_start, total = 0;

	*largest = 0;
	for (uint32_t i = 0; i <= n; i++) {
		uint64_t end = i < n ? ext[i]->start : st->sectors;

		if (end > pos) {
			total += end - pos;
			if (end - pos > *largest)
				*largest = end - pos;
			if (want && end - pos >= want) {
				*at = pos;
				return want;
			}
		}
		if (i < n && ext[i]->start + ext[i]->sectors > pos)
			pos = SNAP_ALIGN_UP(ext[i]->start + ext[i]->sectors, EXTENT_ALIGN);
	}
	return want ? 0 : total;
}

uint64_t snap_store_free(const struct snap_store *st, uint64_t *largest)
{
	uint64_t l, at;

	if (!largest)
		largest = &l;
	return scan(st, 0, largest, &at);
}

/* ---- saving ------------------------------------------------------------------------------- */

static int pick_slot(const struct snap_store *st)
{
	static const uint32_t order[] = { SNAP_ENTRY_FREE, SNAP_ENTRY_DAMAGED, SNAP_ENTRY_WRITING };

	for (unsigned k = 0; k < 3; k++)
		for (uint32_t i = 0; i < st->entries; i++)
			if (st->e[i].state == order[k] &&
			    (order[k] != SNAP_ENTRY_WRITING || st->e[i].stale))
				return (int)i;
	return -1;
}

int snap_store_begin(struct snap_store *st, const char *name, const char *vm_name,
		     uint64_t bytes, uint64_t created, struct snap_store_txn *txn,
		     char *err, size_t err_size)
{
	struct snap_entry e = { .state = SNAP_ENTRY_WRITING, .bytes = bytes, .created = created };
	uint64_t largest, at = 0;
	int slot;

	if (!snap_string_ok(name, SNAP_STORE_NAME_MAX, SNAP_CHARS_MODULE, false))
		FAIL(SNAP_EINVAL, "store: a snapshot name is 1-31 characters from [A-Za-z0-9_.-]");
	if (!snap_string_ok(vm_name, SNAP_NAME_MAX, SNAP_CHARS_VM, false))
		FAIL(SNAP_EINVAL, "store: the VM name is 1-15 characters from [A-Za-z0-9_-]");
	if (bytes < SNAP_HEADER_SIZE || bytes > SEQ_LIMIT)
		FAIL(SNAP_EINVAL, "store: %llu bytes is no snapshot size", (unsigned long long)bytes);
	slot = pick_slot(st);
	if (slot < 0)
		FAIL(SNAP_ENOSPC, "store: the directory is full (%u snapshots)",
		     (unsigned)st->entries);
	e.sectors = (bytes + SNAP_SECTOR - 1) / SNAP_SECTOR;
	if (!scan(st, e.sectors, &largest, &at))
		FAIL(SNAP_ENOSPC, "store: no room for %llu MiB (largest free run %llu MiB)",
		     (unsigned long long)((e.sectors * SNAP_SECTOR + (1u << 20) - 1) >> 20),
		     (unsigned long long)((largest * SNAP_SECTOR) >> 20));
	memcpy(e.name, name, name_len(name, SNAP_STORE_NAME_MAX - 1));
	memcpy(e.vm_name, vm_name, name_len(vm_name, SNAP_NAME_MAX - 1));
	e.start = at;
	e.seq = st->next_seq;
	txn->st = st;
	txn->slot = (uint32_t)slot;
	if (write_entry(st, txn->slot, &e, txn->sector) || st->dev.flush(st->dev.ctx))
		FAIL(SNAP_EIO, "store: write error in directory entry %d", slot);
	st->next_seq++;
	st->e[slot] = e;
	return 0;
}

/* Writes [off, off + len) of the snapshot: whole sectors straight from
 * buf, partial ones read, patched and written back. */
static int txn_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct snap_store_txn *txn = ctx;
	const struct snap_entry *e = &txn->st->e[txn->slot];
	const struct snap_dev *dev = &txn->st->dev;
	const uint8_t *p = buf;

	if (off > e->bytes || len > e->bytes - off)
		return -1;
	while (len) {
		uint64_t sec = e->start + off / SNAP_SECTOR;
		size_t in = (size_t)(off % SNAP_SECTOR), n;

		if (in == 0 && len >= SNAP_SECTOR) {
			uint64_t whole = len / SNAP_SECTOR;
			uint32_t count = whole > (1u << 16) ? 1u << 16 : (uint32_t)whole;

			if (dev->write(dev->ctx, sec, count, p))
				return -1;
			n = (size_t)count * SNAP_SECTOR;
		} else {
			n = SNAP_SECTOR - in < len ? SNAP_SECTOR - in : len;
			if (dev->read(dev->ctx, sec, 1, txn->sector))
				return -1;
			memcpy(txn->sector + in, p, n);
			if (dev->write(dev->ctx, sec, 1, txn->sector))
				return -1;
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

void snap_store_sink(struct snap_store_txn *txn, struct snap_sink *sink)
{
	sink->ctx = txn;
	sink->write = txn_write;
}

int snap_store_commit(struct snap_store_txn *txn, uint32_t header_crc, char *err,
		      size_t err_size)
{
	struct snap_store *st = txn->st;
	struct snap_entry e = st->e[txn->slot];

	/* The data is durable before the entry says it is there. */
	if (st->dev.flush(st->dev.ctx))
		FAIL(SNAP_EIO, "store: flush error before the directory entry");
	e.state = SNAP_ENTRY_VALID;
	e.header_crc = header_crc;
	if (write_entry(st, txn->slot, &e, txn->sector) || st->dev.flush(st->dev.ctx))
		FAIL(SNAP_EIO, "store: write error in directory entry %u", (unsigned)txn->slot);
	st->e[txn->slot] = e;
	/* Older ones of the name: freed once the new one is valid (a crash
	 * before this leaves them superseded, which find() skips). */
	for (uint32_t i = 0; i < st->entries; i++)
		if (i != txn->slot && st->e[i].state == SNAP_ENTRY_VALID &&
		    name_eq(st->e[i].name, e.name))
			if (free_entry(st, i, txn->sector))
				st->e[i].superseded = true;
	st->dev.flush(st->dev.ctx);
	return 0;
}

int snap_store_abort(struct snap_store_txn *txn)
{
	struct snap_store *st = txn->st;

	if (free_entry(st, txn->slot, txn->sector) || st->dev.flush(st->dev.ctx))
		return SNAP_EIO;
	return 0;
}

int snap_store_delete(struct snap_store *st, const char *name, char *err, size_t err_size)
{
	uint8_t s[SNAP_SECTOR];
	bool found = false;

	for (uint32_t i = 0; i < st->entries; i++) {
		if (st->e[i].state != SNAP_ENTRY_VALID ||
		    !name_eq(st->e[i].name, name))
			continue;
		found = true;
		if (free_entry(st, i, s))
			FAIL(SNAP_EIO, "store: write error in directory entry %u", (unsigned)i);
	}
	if (!found)
		FAIL(SNAP_ENOENT, "store: no snapshot named %.31s", name);
	if (st->dev.flush(st->dev.ctx))
		FAIL(SNAP_EIO, "store: flush error");
	return 0;
}

/* ---- reading ------------------------------------------------------------------------------ */

static int rd_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct snap_store_reader *rd = ctx;
	uint8_t *p = buf;

	while (len) {
		uint64_t sec = rd->start + off / SNAP_SECTOR;
		size_t in = (size_t)(off % SNAP_SECTOR), n;

		if (in == 0 && len >= SNAP_SECTOR) {
			uint64_t whole = len / SNAP_SECTOR;
			uint32_t count = whole > (1u << 16) ? 1u << 16 : (uint32_t)whole;

			if (rd->dev->read(rd->dev->ctx, sec, count, p))
				return -1;
			n = (size_t)count * SNAP_SECTOR;
		} else {
			n = SNAP_SECTOR - in < len ? SNAP_SECTOR - in : len;
			if (rd->dev->read(rd->dev->ctx, sec, 1, rd->sector))
				return -1;
			memcpy(p, rd->sector + in, n);
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

void snap_store_source(const struct snap_store *st, const struct snap_entry *e,
		       struct snap_store_reader *rd, struct snap_source *src)
{
	rd->dev = &st->dev;
	rd->start = e->start;
	src->ctx = rd;
	src->size = e->bytes;
	src->read = rd_read;
}

int snap_store_decode(const struct snap_store *st, const struct snap_entry *e,
		      struct snap_store_reader *rd, struct snap_source *src,
		      struct snap_vm *vm, struct snap_toc *toc, char *err, size_t err_size)
{
	int rc;

	snap_store_source(st, e, rd, src);
	if ((rc = snap_decode(src, vm, toc, err, err_size)))
		return rc;
	if (toc->total_size != e->bytes || toc->header_crc != e->header_crc) {
		uint64_t bytes = toc->total_size;
		uint32_t crc = toc->header_crc;

		memset(vm, 0, sizeof(*vm));
		memset(toc, 0, sizeof(*toc));
		FAIL(SNAP_EINVAL, "store: the data (%llu bytes, header checksum 0x%08x) is not the "
		     "snapshot its entry names (%llu bytes, 0x%08x)",
		     (unsigned long long)bytes, (unsigned)crc, (unsigned long long)e->bytes, (unsigned)e->header_crc);
	}
	return 0;
}
