/*
 * A store of snapshots on a raw block device of 512-byte sectors
 * (docs/snapshot-format.md, "Disk layout"): a superblock, a directory of
 * up to 64 entries, one sector each, and the snapshots' data.
 *
 * Crash safety comes from the order of writes: a snapshot's data, then a
 * flush, then its directory entry saying valid, then a flush. A crash at
 * any point leaves every entry that says valid pointing at complete data;
 * an interrupted save shows as an entry being written (or not at all),
 * never as a valid snapshot. Every sector the store reads is checked
 * (CRC-32C, ranges, overlaps): a hostile disk gives errors and damaged
 * entries, never a crash.
 *
 * One writer at a time: the caller serialises begin/commit/abort/delete
 * on one struct snap_store, and no two stores may share a device.
 */
#ifndef ARMHV_SNAPSHOT_STORE_H
#define ARMHV_SNAPSHOT_STORE_H

#include "format.h"

#define SNAP_SECTOR		512u
#define SNAP_STORE_MAX_ENTRIES	64u
#define SNAP_STORE_NAME_MAX	32u	/* [A-Za-z0-9_.-], 1-31, with its NUL */
#define SNAP_STORE_MAJOR	1u
#define SNAP_STORE_MINOR	0u

/* The device: sectors of 512 bytes. flush() returns once everything
 * written before it is durable. Each returns 0 or negative. */
struct snap_dev {
	void *ctx;
	uint64_t sectors;
	int (*read)(void *ctx, uint64_t sector, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t sector, uint32_t count, const void *buf);
	int (*flush)(void *ctx);
};

enum snap_entry_state {
	SNAP_ENTRY_FREE = 0,
	SNAP_ENTRY_WRITING = 1,	/* a save in progress, or one a crash ended */
	SNAP_ENTRY_VALID = 2,
	SNAP_ENTRY_DAMAGED = 3,	/* in memory only: the sector is not an entry */
};

struct snap_entry {
	uint32_t state;			/* enum snap_entry_state */
	uint64_t seq;			/* larger: newer; kept when freed */
	char name[SNAP_STORE_NAME_MAX];
	char vm_name[SNAP_NAME_MAX];	/* the snapshot's VM */
	uint64_t start, sectors;	/* its extent on the device */
	uint64_t bytes;			/* the snapshot's size */
	uint64_t created;		/* its header's counter value */
	uint32_t header_crc;		/* its header's checksum */
	bool stale;			/* WRITING when the store was opened */
	bool superseded;		/* VALID, but a newer one has its name */
	const char *damage;		/* DAMAGED: why (fixed text) */
};

struct snap_store {
	struct snap_dev dev;
	uint16_t minor;
	uint64_t sectors;		/* the store's size */
	uint32_t entries;		/* directory slots */
	uint64_t data_start;		/* first data sector */
	uint64_t next_seq;
	struct snap_entry e[SNAP_STORE_MAX_ENTRIES];
};

/* Writes an empty store of `entries` slots (1-64) over the whole device. */
int snap_store_format(const struct snap_dev *dev, uint32_t entries, char *err,
		      size_t err_size);
/* Reads and checks the superblock and every directory entry. */
int snap_store_open(struct snap_store *st, const struct snap_dev *dev, char *err,
		    size_t err_size);
/* The newest valid snapshot of that name, or NULL. */
const struct snap_entry *snap_store_find(const struct snap_store *st, const char *name);
/* Sectors outside valid snapshots, and the largest run of them. */
uint64_t snap_store_free(const struct snap_store *st, uint64_t *largest);

/* ---- saving: begin, write through the sink, commit (or abort) ------------------ */

struct snap_store_txn {
	struct snap_store *st;
	uint32_t slot;
	uint8_t sector[SNAP_SECTOR];	/* bounce buffer for partial sectors */
};
/* Finds a free slot and room for bytes, writes the entry as being
 * written and flushes. Older snapshots of the name stay valid until
 * commit. */
int snap_store_begin(struct snap_store *st, const char *name, const char *vm_name,
		     uint64_t bytes, uint64_t created, struct snap_store_txn *txn,
		     char *err, size_t err_size);
/* A sink writing into the snapshot's extent (snap_encode's). */
void snap_store_sink(struct snap_store_txn *txn, struct snap_sink *sink);
/* Flushes the data, marks the entry valid (with the header's checksum
 * snap_encode returned), flushes, then frees older snapshots of the
 * name. Once the entry is valid it returns 0: an older snapshot it could
 * not free stays superseded (find() skips it, delete frees it). */
int snap_store_commit(struct snap_store_txn *txn, uint32_t header_crc, char *err,
		      size_t err_size);
/* Frees the entry of a save that failed. */
int snap_store_abort(struct snap_store_txn *txn);
/* Frees every snapshot of that name. */
int snap_store_delete(struct snap_store *st, const char *name, char *err, size_t err_size);

/* ---- reading ----------------------------------------------------------------------- */

struct snap_store_reader {
	const struct snap_dev *dev;
	uint64_t start;
	uint8_t sector[SNAP_SECTOR];
};
/* A source over entry e's snapshot (e->bytes long). */
void snap_store_source(const struct snap_store *st, const struct snap_entry *e,
		       struct snap_store_reader *rd, struct snap_source *src);
/* snap_decode of entry e (into *vm and *toc), which must also be the
 * snapshot its entry names (size and header checksum). */
int snap_store_decode(const struct snap_store *st, const struct snap_entry *e,
		      struct snap_store_reader *rd, struct snap_source *src,
		      struct snap_vm *vm, struct snap_toc *toc, char *err, size_t err_size);

#endif
