/*
 * Virtual GICv3 ITS: the emulation model and the save/restore of its tables
 * in guest RAM (docs/its-abi.md).
 *
 * Two objects:
 *   struct its_vm  the LPI side of a VM's redistributors: the cached LPI
 *                  configuration (priority, enable) read from the guest's
 *                  property table, the pending state of every LPI, the
 *                  PROPBASER/PENDBASER values and GICR_CTLR.EnableLPIs of
 *                  each vCPU. One per VM, shared by all of its ITSes.
 *   struct its     one ITS: the GITS_* registers, the command queue, and
 *                  the device, interrupt-translation and collection
 *                  mappings. Any number per VM, each saved and restored on
 *                  its own.
 *
 * The model knows nothing of CPU interfaces, list registers or locks. The
 * caller serialises every call that touches one VM (its its_vm and all of
 * its ITSes), for example with one lock per VM, and stops every vCPU of the
 * VM around save and restore. Callbacks of struct its_env are made with
 * that serialisation held and must not call back into the model.
 *
 * Nothing here trusts the guest: every loop over guest-controlled data is
 * bounded, guest memory is only reached through struct its_env, whose
 * accessors check bounds, and no guest action makes a function here fail
 * in a way the caller must treat as fatal.
 *
 * C11, freestanding: <stdint.h>, <stdbool.h>, <stddef.h> and armhv's
 * <arch/addr.h> (itself self-contained) only; memcpy and memset through
 * the compiler builtins.
 */
#ifndef ARMHV_VGIC_ITS_H
#define ARMHV_VGIC_ITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest physical addresses (IPAs, as stage 2 sees them) are armhv's
 * ipaddr_t: ipa_init(), ipa_addr(), ipa_add() and the like. */
#include <arch/addr.h>

/* ---- status codes --------------------------------------------------------- */

enum its_status {
	ITS_OK = 0,
	ITS_ERR_INVAL = -1,   /* bad argument from the caller (a caller bug) */
	ITS_ERR_NOMEM = -2,   /* the allocator callback failed */
	ITS_ERR_ACCESS = -3,  /* MMIO access of unsupported width/alignment */
	ITS_ERR_BUSY = -4,    /* not allowed in this state (write ignored) */
	ITS_ERR_ABI = -5,     /* unsupported ABI revision or image version */
	ITS_ERR_REGS = -6,    /* register image inconsistent */
	ITS_ERR_FAULT = -7,   /* a table lies (partly) outside guest RAM */
	ITS_ERR_CORRUPT = -8, /* a table entry is invalid */
	ITS_ERR_LIMIT = -9,   /* restored state exceeds the configured limits */
};

const char *its_strerror(int status);

/* ---- architectural constants of this implementation ----------------------- */

#define ITS_LPI_BASE 8192u           /* first LPI INTID */
#define ITS_INTID_BITS 16u           /* GITS_TYPER.ID_bits + 1 */
#define ITS_DEVID_BITS 16u           /* GITS_TYPER.Devbits + 1 */
#define ITS_EVENTID_BITS_MAX 16u     /* largest MAPD Size + 1 accepted */
#define ITS_ICID_BITS 16u            /* GITS_TYPER.CIL == 0 */
#define ITS_LPI_CHUNK_SHIFT 10u      /* LPI state is kept in chunks of 1024 */
#define ITS_LPI_CHUNKS (((1u << ITS_INTID_BITS) - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT)
#define ITS_MAX_VCPUS 4096u
#define ITS_FRAME_SIZE 0x20000u      /* control frame + translation frame */
#define ITS_ABI_REV 0u               /* GITS_IIDR.Revision: table ABI REV0 */
#define ITS_NO_VCPU 0xffffu

/* GITS_* register offsets within the 128 KiB ITS frame. */
#define GITS_CTLR 0x0000u
#define GITS_IIDR 0x0004u
#define GITS_TYPER 0x0008u
#define GITS_CBASER 0x0080u
#define GITS_CWRITER 0x0088u
#define GITS_CREADR 0x0090u
#define GITS_BASER0 0x0100u
#define GITS_BASER1 0x0108u
#define GITS_PIDR2 0xffe8u
#define GITS_TRANSLATER 0x10040u

/* ---- the environment: everything the model needs from the hypervisor ------ */

enum its_log_level { ITS_LOG_DEBUG, ITS_LOG_INFO, ITS_LOG_WARN, ITS_LOG_ERROR };

struct its_env {
	void *ctx; /* passed back to every callback */

	/*
	 * Guest RAM. Copy size bytes from/to guest physical address ipa.
	 * Return 0 on success; return nonzero, and copy nothing, unless every
	 * byte of [ipa, ipa + size) is guest RAM (not MMIO, not a hole, no
	 * wrap-around). Must never fault. Required.
	 */
	int (*ram_read)(void *ctx, ipaddr_t ipa, void *buf, size_t size);
	int (*ram_write)(void *ctx, ipaddr_t ipa, const void *buf, size_t size);
	/* True iff every byte of [ipa, ipa + size) is guest RAM. Required. */
	bool (*ram_check)(void *ctx, ipaddr_t ipa, uint64_t size);

	/*
	 * Hypervisor memory for the model's own tables. alloc returns size
	 * bytes aligned to 16, contents unspecified, or NULL. free receives
	 * the size given to alloc. Required.
	 */
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);

	/*
	 * LPI intid is pending, enabled and targets vcpu whose LPIs are
	 * enabled: present it to the vCPU with this priority. Called again
	 * for an LPI already delivered when its priority changes. The vCPU
	 * code calls its_vm_lpi_ack() when the guest acknowledges it.
	 * Required.
	 */
	void (*deliver)(void *ctx, uint32_t vcpu, uint32_t intid, uint8_t priority);
	/*
	 * A delivered, unacknowledged LPI is no longer deliverable on vcpu
	 * (cleared, discarded, disabled, moved, or the vCPU's LPIs disabled):
	 * take it back from the vCPU if it is still only pending there.
	 * Required.
	 */
	void (*withdraw)(void *ctx, uint32_t vcpu, uint32_t intid);
	/*
	 * Optional. A delivered LPI was made pending again on the same vCPU
	 * (an MSI or INT while it is still pending): a new edge. The model's
	 * pending state does not change, but if the vCPU code has already
	 * let the guest acknowledge the earlier one and not yet called
	 * its_vm_lpi_ack(), it must keep the LPI pending (present it again)
	 * instead of acknowledging it.
	 */
	void (*repend)(void *ctx, uint32_t vcpu, uint32_t intid);

	/*
	 * Optional. event is a fixed string (no format); a and b are
	 * event-specific numbers. Guest-provokable events arrive here, so the
	 * implementation must rate-limit.
	 */
	void (*log)(void *ctx, enum its_log_level level, const char *event,
		    uint64_t a, uint64_t b);
};

/* ---- per-VM LPI state ------------------------------------------------------ */

struct its_lpi; /* internal: cached config byte, pending state, target */

struct its_vcpu_lpi {
	uint64_t pendbaser; /* GICR_PENDBASER as written, PTZ cleared */
	bool lpis_enabled;  /* GICR_CTLR.EnableLPIs */
};

struct its_vm {
	struct its_env env;
	uint32_t vcpu_count;
	struct its_vcpu_lpi *vcpu; /* vcpu_count entries, from env.alloc */
	uint64_t propbaser;        /* GICR_PROPBASER, shared by all vCPUs */
	uint32_t lpi_limit;        /* first INTID past the LPI range */
	uint32_t lpi_enabled_count;
	struct its_lpi *chunk[ITS_LPI_CHUNKS];
};

int its_vm_init(struct its_vm *vm, const struct its_env *env, uint32_t vcpu_count);
/* Every ITS of the VM must have been destroyed first. */
void its_vm_destroy(struct its_vm *vm);

/*
 * The LPI part of the redistributors. The redistributor emulation forwards
 * guest accesses here. PROPBASER can only change while no vCPU has LPIs
 * enabled, a PENDBASER only while its vCPU has them disabled: otherwise
 * the write is ignored and ITS_ERR_BUSY returned (the architecture makes
 * such writes UNPREDICTABLE).
 */
int its_vm_write_propbaser(struct its_vm *vm, uint64_t val);
uint64_t its_vm_read_propbaser(const struct its_vm *vm);
int its_vm_write_pendbaser(struct its_vm *vm, uint32_t vcpu, uint64_t val);
uint64_t its_vm_read_pendbaser(const struct its_vm *vm, uint32_t vcpu);
/*
 * GICR_CTLR.EnableLPIs. Enabling reads the vCPU's pending table (unless
 * PENDBASER.PTZ was written as 1) and needs the property and pending
 * tables to lie in guest RAM: otherwise the write is ignored and
 * ITS_ERR_FAULT returned. Disabling writes the vCPU's pending LPIs back to
 * its pending table and drops them from the model.
 */
int its_vm_set_lpis_enabled(struct its_vm *vm, uint32_t vcpu, bool enable);
bool its_vm_lpis_enabled(const struct its_vm *vm, uint32_t vcpu);
/*
 * The guest acknowledged LPI intid on vcpu: its pending state is consumed.
 * ITS_ERR_INVAL if it was not pending on that vCPU.
 */
int its_vm_lpi_ack(struct its_vm *vm, uint32_t vcpu, uint32_t intid);

struct its_lpi_info {
	bool mapped_storage; /* state exists for this INTID */
	bool pending;
	bool enabled;        /* cached configuration, enable bit */
	bool delivered;      /* deliver() called and not withdrawn/acked */
	uint8_t priority;    /* cached configuration, priority */
	uint32_t vcpu;       /* where it is pending (ITS_NO_VCPU if not) */
};
int its_vm_lpi_info(const struct its_vm *vm, uint32_t intid, struct its_lpi_info *out);

/*
 * VM-level save/restore (docs/its-abi.md): the redistributor LPI registers
 * travel in struct its_vm_image, the pending state of every LPI in the
 * guest's pending tables. The image has vcpu_count vcpu[] entries: size it
 * with its_vm_image_size().
 */
#define ITS_VM_IMAGE_VERSION 1u
struct its_vm_image_vcpu {
	uint64_t pendbaser;
	uint32_t lpis_enabled;
	uint32_t reserved;
};
struct its_vm_image {
	uint32_t version;
	uint32_t vcpu_count;
	uint64_t propbaser;
	struct its_vm_image_vcpu vcpu[];
};
size_t its_vm_image_size(uint32_t vcpu_count);
/* Writes every enabled vCPU's pending table; vCPUs must be stopped. */
int its_vm_save(struct its_vm *vm, struct its_vm_image *img);
/*
 * Validates img and the tables it names, then replaces the VM's LPI state
 * (registers, pending state, cached configuration) or changes nothing.
 */
int its_vm_restore(struct its_vm *vm, const struct its_vm_image *img);
/* Order-independent hash of registers and pending state (for tests). */
uint64_t its_vm_digest(const struct its_vm *vm);

/* ---- one ITS ---------------------------------------------------------------- */

struct its_config {
	uint32_t max_devices;     /* mapped devices; 0: 65536 */
	uint32_t max_ites;        /* mapped events; 0: 262144 */
	uint32_t max_itt_entries; /* sum of ITT sizes (entries) of mapped
				     devices, bounds save/restore; 0: 1 << 22 */
	uint32_t cmd_budget;      /* work units per processing call; 0: 1024 */
	uint32_t translater_devid;/* DeviceID of vCPU writes to TRANSLATER */
};

/* Open addressing hash table of 64-bit words (internal, see its_tab.c). */
struct its_tab {
	uint64_t *slot;
	uint32_t cap;    /* entries, a power of two, or 0 */
	uint32_t count;
	uint32_t shift;  /* 64 - log2(cap) */
	uint32_t stride; /* words per entry */
};

struct its_cmd_stats {
	uint64_t processed; /* commands executed (including ignored ones) */
	uint64_t errors;    /* commands that had an error */
	uint64_t stalls;
	uint32_t last_error;  /* enum its_cmd_error of the last error */
	uint32_t last_opcode;
};

struct its {
	struct its_vm *vm;
	struct its_config cfg;
	bool enabled;
	bool stalled;
	uint64_t cbaser;
	uint64_t cwriter; /* offset bits only */
	uint64_t creadr;  /* offset bits only; Stalled is kept apart */
	uint64_t baser[2];         /* as the guest reads them */
	uint64_t baser_written[2]; /* as written (Valid kept), for 32-bit halves */
	struct its_tab dev;  /* DeviceID -> ITT address, size, event count */
	struct its_tab ite;  /* DeviceID:EventID -> INTID, ICID */
	struct its_tab coll; /* ICID -> vCPU, mapped collections only */
	uint64_t itt_entries; /* sum of ITT sizes of mapped devices */
	struct its_cmd_stats stats;
};

int its_init(struct its *its, struct its_vm *vm, const struct its_config *cfg);
void its_destroy(struct its *its);
/* Back to the reset state: disabled, no tables, no mappings. */
void its_reset(struct its *its);

/*
 * Guest access to the ITS frame, offset relative to its base. size is 2,
 * 4 or 8. Unimplemented offsets read as zero and ignore writes (ITS_OK).
 * ITS_ERR_ACCESS for a width or alignment the register does not support
 * (the caller decides: the reference behaviour is RAZ/WI), ITS_ERR_INVAL
 * for an offset outside the frame.
 */
int its_mmio_read(struct its *its, uint64_t offset, unsigned size, uint64_t *val);
int its_mmio_write(struct its *its, uint64_t offset, unsigned size, uint64_t val);

/*
 * Execute queued commands, at most cfg.cmd_budget work units. CWRITER
 * writes, CTLR writes and reads, and CREADR reads do this themselves, so a
 * guest polling CREADR makes progress; call it from a deferred context for
 * progress without guest polling. Returns true if commands remain.
 */
bool its_process(struct its *its);

enum its_xlate {
	ITS_XLATE_OK = 0,
	ITS_XLATE_DISABLED,      /* GITS_CTLR.Enabled == 0 */
	ITS_XLATE_UNMAPPED,      /* no such DeviceID/EventID mapping */
	ITS_XLATE_NO_COLLECTION, /* its collection is not mapped */
	ITS_XLATE_LPIS_OFF,      /* target vCPU has LPIs disabled */
	ITS_XLATE_OUT_OF_RANGE,  /* INTID beyond PROPBASER.IDbits */
};
struct its_target {
	uint32_t vcpu;
	uint32_t intid;
};
/* Look up only. Cost independent of the number of mappings. */
enum its_xlate its_translate(const struct its *its, uint32_t devid,
			     uint32_t eventid, struct its_target *out);
/*
 * An MSI: a write of eventid to GITS_TRANSLATER by device devid. Makes the
 * LPI pending and delivers it. Works as soon as its_restore() returned,
 * whether or not any vCPU has run.
 */
enum its_xlate its_signal_msi(struct its *its, uint32_t devid, uint32_t eventid);
/*
 * A write to GITS_TRANSLATER, as its_mmio_write() does it, inline for a
 * caller that tests the offset first (an MSI is the frame's hot write):
 * a 16- or 32-bit write is an MSI of DeviceID cfg.translater_devid.
 */
static inline int its_translater_write(struct its *its, unsigned size, uint64_t val)
{
	if (size != 4 && size != 2)
		return its_mmio_write(its, GITS_TRANSLATER, size, val);
	its_signal_msi(its, its->cfg.translater_devid,
		       (uint32_t)(size == 2 ? (val & 0xffff) : (val & 0xffffffffu)));
	return ITS_OK;
}

/* ---- ITS save/restore (docs/its-abi.md) ------------------------------------- */

/* The registers that travel with an ITS's tables. */
struct its_regs {
	uint32_t iidr;   /* Revision = table ABI revision */
	uint32_t ctlr;   /* Enabled */
	uint64_t typer;  /* checked against ours on restore */
	uint64_t cbaser;
	uint64_t cwriter;
	uint64_t creadr; /* bit 0: Stalled */
	uint64_t baser[2];
};
#define ITS_REGS_BLOB_SIZE 64u
/* A little-endian, versioned encoding of struct its_regs. */
void its_regs_encode(const struct its_regs *regs, uint8_t blob[ITS_REGS_BLOB_SIZE]);
int its_regs_decode(struct its_regs *regs, const uint8_t blob[ITS_REGS_BLOB_SIZE]);

struct its_save_report {
	uint32_t devices;     /* DTEs written */
	uint32_t ites;        /* ITEs written */
	uint32_t collections; /* CTEs written */
	/* Mappings the guest made unreachable (a level-1 device table entry
	 * it invalidated or pointed outside RAM): left out of the image. */
	uint32_t dropped_devices;
	uint32_t dropped_ites;
	uint32_t write_failures; /* RAM writes refused by the environment */
};
/*
 * Write the device table, every ITT and the collection table into guest
 * RAM where the guest put them, and the registers into *regs. vCPUs must
 * be stopped. Fails only for ITS_ERR_NOMEM (nothing written then).
 * report may be NULL.
 */
int its_save(struct its *its, struct its_regs *regs, struct its_save_report *report);

enum its_table_kind {
	ITS_TABLE_NONE,
	ITS_TABLE_REGS,
	ITS_TABLE_COLLECTION,
	ITS_TABLE_DEVICE,
	ITS_TABLE_L1,
	ITS_TABLE_ITT,
	ITS_TABLE_PENDING,
	ITS_TABLE_PROPERTY,
};
struct its_restore_report {
	enum its_table_kind table; /* where restore stopped */
	uint32_t id;               /* DeviceID, ICID or vCPU */
	uint32_t event;            /* EventID for ITT entries */
	ipaddr_t ipa;             /* address of the offending entry */
	uint64_t entry;            /* its raw value */
	const char *reason;        /* fixed text */
	uint32_t l1_skipped;       /* valid level-1 entries whose level-2
				      page is not guest RAM: read as empty */
};
/*
 * Rebuild the ITS from *regs and the tables in guest RAM: validate every
 * entry, then replace the whole ITS state, or change nothing and return
 * the error (details in *report, which may be NULL). vCPUs must be
 * stopped; restore the VM's LPI state (its_vm_restore) first.
 */
int its_restore(struct its *its, const struct its_regs *regs,
		struct its_restore_report *report);

/* Order-independent hash of registers and mappings (for tests). */
uint64_t its_digest(const struct its *its);

/* ---- command errors (recorded, see docs/its-abi.md) -------------------------- */

enum its_cmd_error {
	ITS_CMDERR_NONE = 0,
	/* architected error numbers */
	ITS_CMDERR_MOVI_UNMAPPED_INTERRUPT = 0x010107,
	ITS_CMDERR_MOVI_UNMAPPED_COLLECTION = 0x010109,
	ITS_CMDERR_INT_UNMAPPED_INTERRUPT = 0x010307,
	ITS_CMDERR_CLEAR_UNMAPPED_INTERRUPT = 0x010507,
	ITS_CMDERR_MAPD_DEVICE_OOR = 0x010801,
	ITS_CMDERR_MAPD_ITTSIZE_OOR = 0x010802,
	ITS_CMDERR_MAPC_PROCNUM_OOR = 0x010902,
	ITS_CMDERR_MAPC_COLLECTION_OOR = 0x010903,
	ITS_CMDERR_MAPTI_UNMAPPED_DEVICE = 0x010a04,
	ITS_CMDERR_MAPTI_ID_OOR = 0x010a05,
	ITS_CMDERR_MAPTI_PHYSICALID_OOR = 0x010a06,
	ITS_CMDERR_INV_UNMAPPED_INTERRUPT = 0x010c07,
	ITS_CMDERR_INVALL_UNMAPPED_COLLECTION = 0x010d09,
	ITS_CMDERR_MOVALL_PROCNUM_OOR = 0x010e01,
	ITS_CMDERR_DISCARD_UNMAPPED_INTERRUPT = 0x010f07,
	/* armhv's own numbers, outside the architected space */
	ITS_CMDERR_UNKNOWN_COMMAND = 0x800001,
	ITS_CMDERR_MAPD_ITT_NOT_RAM = 0x800002,
	ITS_CMDERR_MAPD_TABLE_NOT_RAM = 0x800003,
	ITS_CMDERR_MAPC_TABLE_NOT_RAM = 0x800004,
	ITS_CMDERR_MAPTI_COLLECTION_OOR = 0x800005,
	ITS_CMDERR_INT_UNMAPPED_COLLECTION = 0x800006,
	ITS_CMDERR_SYNC_PROCNUM_OOR = 0x800007,
	ITS_CMDERR_LIMIT = 0x800008,       /* a configured limit was reached */
	ITS_CMDERR_CMD_READ = 0x800009,    /* queue not in RAM: stalls */
	ITS_CMDERR_NOMEM = 0x80000a,       /* allocator failed: stalls */
	ITS_CMDERR_CWRITER_OOR = 0x80000b, /* CWRITER write ignored */
};
const char *its_cmd_strerror(uint32_t err);

#endif
