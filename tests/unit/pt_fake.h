/* A fake physical memory for the page-table tests: table pages come from an
 * arena (pages poisoned for AddressSanitizer while free, filled with junk
 * when handed out), allocations can be made to fail, and every descriptor
 * write, TLB invalidation, barrier and page free is checked as it happens:
 * break-before-make on live entries, a barrier before a filled table is
 * linked, and no table freed while reachable or before its TLB entries are
 * invalidated. */
#ifndef TESTS_PT_FAKE_H
#define TESTS_PT_FAKE_H

#include <mm/pgtable.h>

/* The arena's "physical" address: far from any output address the tests
 * map, so that a page descriptor is never mistaken for a table link. */
#define FAKE_PA		0xf00000000000ULL

struct fake_stats {
	unsigned allocs;	/* alloc_pages calls */
	unsigned in_use;	/* pages allocated now */
	unsigned writes;	/* descriptor writes seen by the trace hook */
	unsigned tlbis;
	unsigned publishes;
	unsigned frees;
	unsigned violations;	/* rule breaks, printed unless quiet */
	bool quiet;
};

extern struct fake_stats fake;
extern const struct pt_ops fake_ops;

/* A fresh arena of pages, all free, counters zeroed. */
void fake_reset(unsigned pages);
void fake_finish(void);
/* The n-th alloc_pages call from now (1-based) fails; 0: none does. */
void fake_fail_at(unsigned n);
/* An operation ended: every break it made must have had its TLBI. */
void fake_op_end(void);
/* Test hook: the TLBIs since the last fake_op_end(), in order. */
unsigned fake_tlbi_log(uint64_t *addr, unsigned *level, unsigned max);

/* Walks every table of pt from its root, checking structure (no table
 * shared or reached twice, no empty table below the root, no descriptor
 * the walker should never write, aligned block outputs) and calling leaf()
 * for each mapping. Returns the number of table pages reached. */
typedef void (*fake_leaf_fn)(void *arg, uint64_t va, uint64_t size,
			     uint64_t pa, enum pt_attr attr, unsigned level);
unsigned fake_walk(const struct pgtable *pt, fake_leaf_fn leaf, void *arg);

/* Every allocated page's contents and the allocation map, to compare an
 * operation that failed with the state before it. */
struct fake_snapshot;
struct fake_snapshot *fake_snapshot(void);
bool fake_snapshot_same(const struct fake_snapshot *s);
void fake_snapshot_free(struct fake_snapshot *s);

/* The attribute bits each attribute must have, from the Arm ARM, written
 * out independently of hyp/mm/pgtable.c; 0 for the other format's. */
uint64_t fake_expected_bits(enum pt_format format, enum pt_attr attr);

/* A pointer to the table page at pa. */
uint64_t *fake_ptr(paddr_t pa);

/* The walker's operations on a table of either stage, with addresses as
 * integers: the input address is a VA at stage 1 (pt_map() and the like)
 * and an IPA at stage 2 (pt_s2_map() and the like), so that one test runs
 * on both. */
int fake_map(struct pgtable *pt, uint64_t ia, uint64_t pa, uint64_t size,
	     enum pt_attr attr);
int fake_unmap(struct pgtable *pt, uint64_t ia, uint64_t size);
int fake_set_attr(struct pgtable *pt, uint64_t ia, uint64_t size, enum pt_attr attr);
int fake_lookup(const struct pgtable *pt, uint64_t ia, uint64_t *pa,
		enum pt_attr *attr, unsigned *level);

struct fake_op {
	enum { OP_MAP, OP_UNMAP, OP_SET_ATTR } kind;
	uint64_t va, size;	/* va: the input address, an IPA at stage 2 */
	uint64_t pa;
	enum pt_attr attr;
};

int fake_apply(struct pgtable *pt, const struct fake_op *op);
/* Runs op with allocation k failing, for k = 1, 2, ... 64 then every
 * eighth or so, until it does not fail for memory: each failed run must
 * leave every table byte and the allocator as they were, with no
 * descriptor written (a violation otherwise). Returns the result of the
 * last run (-ENOMEM if the arena ran out); *failed counts the others. */
int fake_apply_checked(struct pgtable *pt, const struct fake_op *op, unsigned *failed);

#endif
