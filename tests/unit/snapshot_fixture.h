/* Fixtures of the snapshot library's tests (snapshot_test.c,
 * snapshot_store_test.c, armhv_cmd_snapshot_test.c and the fuzzer's
 * seeds): snapshots in memory, random valid VMs from a seed, and taking a
 * snapshot apart and putting it back together with fresh checksums, so
 * that a test can change what the checksums would otherwise catch. */
#ifndef TESTS_SNAPSHOT_FIXTURE_H
#define TESTS_SNAPSHOT_FIXTURE_H

#include <snapshot/format.h>
#include <snapshot/store.h>

#include <stddef.h>
#include <stdint.h>

/* A growing byte buffer: a sink and a source. */
struct membuf {
	uint8_t *p;
	size_t len, cap;
};
void mb_free(struct membuf *b);
struct snap_sink mb_sink(struct membuf *b);
struct snap_source mb_source(struct membuf *b);

uint64_t rng_next(uint64_t *state);	/* splitmix64 */

/* What random_vm makes: vCPUs (0: random 1-8), RAM in 2 MiB blocks,
 * present blocks (at most that many, random ones), ITSes (-1: random). */
struct vm_shape {
	uint32_t vcpus;
	uint32_t blocks;
	uint32_t max_present;
	int its;
};
/* A valid VM from seed; its RAM (blocks x 2 MiB, random where present,
 * zero elsewhere) is malloc'd into *ram. */
void random_vm(struct snap_vm *vm, uint8_t **ram, uint64_t seed, const struct vm_shape *shape);
/* snap_ram_in over a RAM array. */
struct snap_ram_in ram_in(uint8_t **ram);
/* Encodes vm with its RAM into out (cleared first); asserts success. */
void encode_vm(const struct snap_vm *vm, uint8_t **ram, struct membuf *out);
/* Encodes without snap_check (internal.h's snap_encode_raw). */
int encode_raw(const struct snap_vm *vm, uint8_t **ram, struct membuf *out);

/* A snapshot as parts, to change and build again. */
struct part {
	uint16_t type, flags;
	uint32_t index;
	uint64_t len;
	uint8_t *data;
};
#define MAX_PARTS 80
/* Splits a valid snapshot into its sections (copies, with 8 KiB of zeros
 * after each to grow into); returns the count. */
unsigned split(const struct membuf *img, struct part *parts);
void parts_free(struct part *parts, unsigned n);
/* Lays out parts the canonical way with fresh checksums. */
void build(const struct part *parts, unsigned n, uint16_t major, uint16_t minor,
	   struct membuf *out);
/* The table's and the header's checksums again, after a test changed
 * bytes in them. */
void reseal(struct membuf *img);
/* The part of that type and index. */
struct part *part_of(struct part *parts, unsigned n, uint16_t type, uint32_t index);

/* A store on a memory disk. */
struct memdisk {
	uint8_t *p;
	uint64_t sectors;
};
struct snap_dev memdisk_dev(struct memdisk *d);
/* Adds vm as a snapshot named name to the store (asserting success). */
void store_add(struct snap_store *st, const char *name, const struct snap_vm *vm,
	       uint8_t **ram);

#endif
