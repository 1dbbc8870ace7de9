/* A fake virtio-mmio block device for unit-vblk: the registers of the
 * modern transport, a split virtqueue served when notified (or later,
 * while the driver polls), a disk in host memory, and knobs that make it
 * misbehave the ways a real device could. It also checks the driver: a
 * request it finds malformed counts in driver_errors. DMA addresses are
 * host addresses (the test hands the driver PA == VA). */
#ifndef TESTS_VBLK_FAKEDEV_H
#define TESTS_VBLK_FAKEDEV_H

#include <drivers/virtio_blk.h>

#define FAKE_REGS_VA	0x7e0000000000ULL	/* where the "registers" are */
#define FAKE_MAX_RANGES	64

/* How the device answers the next request (mode_once: then FAKE_OK). */
enum fake_mode {
	FAKE_OK,
	FAKE_NO_ANSWER,		/* never */
	FAKE_LATE,		/* after late_polls polls, correctly */
	FAKE_IDX_JUMP,		/* used index moves by 2 for one request */
	FAKE_IDX_FAR,		/* ... by 1000 (more than the queue size) */
	FAKE_BAD_ID,		/* names a chain that is not out */
	FAKE_HUGE_ID,		/* names chain 0xffffffff */
	FAKE_LEN_SHORT,		/* length one less than written */
	FAKE_LEN_LONG,		/* length 4096 more */
	FAKE_STATUS_IOERR,
	FAKE_STATUS_UNSUPP,
	FAKE_STATUS_JUNK,	/* 0x7f */
	FAKE_STATUS_UNWRITTEN,	/* the status byte is left alone */
	FAKE_NEEDS_RESET,	/* sets DEVICE_NEEDS_RESET, never answers */
};

struct fakedev {
	/* Identity and what it offers. */
	uint32_t magic, version, device_id;
	uint64_t offered;
	uint64_t capacity;		/* what the config space says */
	uint32_t size_max, blk_size;
	uint32_t queue_num_max;
	/* Registers as the driver set them. */
	uint32_t dev_sel, drv_sel;
	uint64_t driver_features;
	uint32_t status;
	uint32_t queue_sel, queue_num, queue_ready;
	uint64_t desc, driver, device;
	uint32_t config_gen;
	/* The disk's contents (data_sectors of them, may differ from capacity). */
	uint8_t *data;
	uint64_t data_sectors;
	/* Queue state. */
	uint16_t last_avail, used_idx;
	/* Misbehaviour. */
	enum fake_mode mode;
	bool mode_once;
	unsigned late_polls;
	bool refuse_features_ok;	/* FEATURES_OK does not stick */
	bool reset_stuck;		/* status never reads 0 after a reset */
	bool queue_live;		/* QueueReady reads 1 before set-up */
	unsigned gen_churn;		/* config reads that see the generation move */
	/* What happened. */
	unsigned notifies, requests, reads, writes, flushes, resets;
	unsigned driver_errors;		/* malformed requests and register misuse */
	unsigned pending;		/* polls left before a FAKE_LATE answer */
	/* Cache maintenance seen (non-coherent checks). */
	bool check_cache;
	unsigned cache_calls;
	unsigned cache_errors;		/* a DMA buffer not maintained when needed */
};

extern struct fakedev fake;
extern uint64_t fake_now_ms;

/* A modern block device of capacity sectors offering flush, blk_size,
 * indirect descriptors and event index (which the driver must refuse). */
void fake_reset_device(uint64_t capacity);
/* The last cache-maintenance calls cover [p, p + size). */
bool fake_cache_covered(const volatile void *p, size_t size);

#endif
