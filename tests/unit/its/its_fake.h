/*
 * A fake environment for the ITS model on the host: guest RAM banks (each
 * its own malloc block of exactly its size, so AddressSanitizer sees any
 * stray access), a counting allocator with failure injection, a record of
 * delivered LPIs that checks the model's deliver/withdraw discipline, and
 * helpers that play the guest (program the ITS, queue commands).
 */
#ifndef ITS_FAKE_H
#define ITS_FAKE_H

#include "its.h"

#include <stdbool.h>
#include <stdint.h>

#define FAKE_MAX_BANKS 4
#define FAKE_MAX_ITS 4
#define FAKE_NR_INTIDS (1u << ITS_INTID_BITS)

/* Shadow bits per RAM byte, while tracking. */
#define FAKE_TRACK_READ 1u
#define FAKE_TRACK_WRITE 2u

struct fake_bank {
	uint64_t base;
	uint64_t size;
	uint8_t *mem;
	uint8_t *shadow; /* NULL unless tracking was enabled */
	uint8_t *dirty;  /* per 4 KiB page of shadow: touched since clear */
	bool shared;     /* mem, shadow, dirty belong to another fake */
};

struct fake {
	struct fake_bank bank[FAKE_MAX_BANKS];
	int banks;
	struct its_env env;

	/* allocator */
	uint64_t live_bytes;
	uint64_t live_allocs;
	uint64_t allocs;     /* successful allocations so far */
	int64_t fail_after;  /* fail allocations once allocs reaches this; <0: never */
	uint64_t failed_allocs;
	uint64_t bad_frees;

	/* LPI delivery record */
	uint16_t on[FAKE_NR_INTIDS];  /* vCPU + 1 it is delivered to, or 0 */
	uint32_t on_count[ITS_LPI_CHUNKS]; /* delivered LPIs per chunk */
	uint8_t prio[FAKE_NR_INTIDS];
	uint64_t delivers, withdraws, redelivers;
	uint64_t protocol_errors; /* deliver/withdraw out of order */

	/* access tracking (overlap detection during save) */
	bool tracking;
	uint64_t overlaps;

	uint64_t logs;
	bool quiet;
};

void fake_init(struct fake *f);
void fake_fini(struct fake *f);
int fake_add_bank(struct fake *f, uint64_t base, uint64_t size);
/* Use src's RAM banks and tracking shadow (not copied, not freed by dst).
 * Call fake_track(src, true) first for dst to be able to track. */
void fake_share_ram(struct fake *dst, const struct fake *src);
/* Host pointer for [ipa, ipa + size) or NULL. */
uint8_t *fake_ptr(struct fake *f, uint64_t ipa, uint64_t size);
void fake_w64(struct fake *f, uint64_t ipa, uint64_t v);
uint64_t fake_r64(struct fake *f, uint64_t ipa);
void fake_fill(struct fake *f, uint64_t ipa, uint64_t size, uint8_t byte);
/* Start/stop recording which bytes are read and written. */
void fake_track(struct fake *f, bool on);
/* Acknowledge a delivered LPI the way the vCPU code would. */
int fake_ack(struct fake *f, struct its_vm *vm, uint32_t vcpu, uint32_t intid);
/* Is the delivery record consistent with the model? 0 if so. */
int fake_check_delivery(struct fake *f, const struct its_vm *vm);

/* ---- a guest: one VM with a few ITSes ------------------------------------ */

struct guest {
	struct fake f;
	struct its_vm vm;
	struct its its[FAKE_MAX_ITS];
	int nits;
	uint32_t vcpus;
};

/* RAM: 64 MiB at 0x40000000 and 1 MiB at 0x80000000 (a hole between). */
#define G_RAM0 0x40000000ull
#define G_RAM0_SIZE (64ull << 20)
#define G_RAM1 0x80000000ull
#define G_RAM1_SIZE (1ull << 20)

int guest_init(struct guest *g, uint32_t vcpus, int nits, const struct its_config *cfg);
/* Same, over the RAM of ram (NULL: own RAM of the default layout). */
int guest_init_ram(struct guest *g, uint32_t vcpus, int nits, const struct its_config *cfg,
		   const struct fake *ram);
void guest_fini(struct guest *g);

/* Command encoders (32 bytes each, little-endian in guest RAM). */
struct its_cmd_raw {
	uint64_t dw[4];
};
struct its_cmd_raw cmd_mapd(uint32_t devid, uint32_t eventid_bits, uint64_t itt, bool valid);
struct its_cmd_raw cmd_mapc(uint32_t icid, uint32_t vcpu, bool valid);
struct its_cmd_raw cmd_mapti(uint32_t devid, uint32_t eventid, uint32_t intid, uint32_t icid);
struct its_cmd_raw cmd_mapi(uint32_t devid, uint32_t eventid, uint32_t icid);
struct its_cmd_raw cmd_movi(uint32_t devid, uint32_t eventid, uint32_t icid);
struct its_cmd_raw cmd_discard(uint32_t devid, uint32_t eventid);
struct its_cmd_raw cmd_clear(uint32_t devid, uint32_t eventid);
struct its_cmd_raw cmd_int(uint32_t devid, uint32_t eventid);
struct its_cmd_raw cmd_inv(uint32_t devid, uint32_t eventid);
struct its_cmd_raw cmd_invall(uint32_t icid);
struct its_cmd_raw cmd_sync(uint32_t vcpu);
struct its_cmd_raw cmd_movall(uint32_t from, uint32_t to);

/* Program an ITS: tables and queue at the given addresses, then enable. */
struct its_layout {
	uint64_t dev_table;   /* BASER0 address */
	uint32_t dev_pages;   /* Size + 1 */
	uint32_t page_size;   /* 4096, 16384 or 65536 (both tables) */
	bool indirect;
	uint64_t coll_table;  /* BASER1 address */
	uint32_t coll_pages;
	uint64_t cmdq;        /* CBASER address */
	uint32_t cmdq_pages;  /* 4 KiB pages */
};
int guest_its_setup(struct guest *g, int i, const struct its_layout *l);
uint64_t baser_value(uint64_t addr, uint32_t page_size, uint32_t pages, bool indirect);

/*
 * Write commands into ITS i's queue after CWRITER, advance CWRITER, and
 * poll CREADR until the ITS caught up (bounded). Returns 0 when all
 * commands were consumed, -1 if the queue stalled or did not drain.
 */
int guest_cmds(struct guest *g, int i, const struct its_cmd_raw *cmds, int n);
/* Writes commands into ITS i's queue after CWRITER without moving it;
 * returns the CWRITER value that would submit them. */
uint64_t guest_queue_put(struct guest *g, int i, const struct its_cmd_raw *cmds, int n);
int guest_cmd(struct guest *g, int i, struct its_cmd_raw c);

/* Property and pending tables for the VM; enables LPIs on every vCPU. */
int guest_lpi_setup(struct guest *g, uint64_t prop, uint32_t idbits, uint64_t pend_base);
void guest_set_prop(struct guest *g, uint32_t intid, uint8_t prop);

uint64_t mmio_r(struct its *its, uint64_t off);
void mmio_w(struct its *its, uint64_t off, uint64_t v);

#endif
