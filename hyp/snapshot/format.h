/*
 * VM snapshots: the on-disk format (docs/snapshot-format.md), its encoder
 * and its validating decoder.
 *
 * A self-contained library like vgic/its: built into armhv (EL2) and into
 * the host's `armhv snapshot` command, tests and fuzzer. C11, freestanding:
 * <stdint.h>, <stdbool.h>, <stddef.h>, and memcpy, memset and snprintf
 * (picolibc's at EL2). No allocation: the caller owns every structure and
 * buffer. Nothing from armhv's other folders is included.
 *
 * The structures below are the snapshot's own, not armhv's: struct
 * snap_vcpu is not struct vcpu, struct snap_irq is not struct vgic_irq.
 * The hypervisor converts (capture: its state into a struct snap_vm, then
 * snap_encode; restore: snap_decode, snap_ram_read into the RAM the new
 * VM will have, then its state from the struct snap_vm), so that
 * hyp/vm and hyp/vgic can change without changing the format.
 *
 * Every input is hostile: snap_decode() reads through a callback, checks
 * every byte of the snapshot (bounds, counts, sizes, checksums, versions,
 * reserved fields, and states no armhv VM can have) and either returns 0
 * with the whole struct snap_vm filled, or a negative SNAP_E* code with the
 * struct zeroed and one line naming the section and field in err.
 */
#ifndef ARMHV_SNAPSHOT_FORMAT_H
#define ARMHV_SNAPSHOT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- results ------------------------------------------------------------- */

enum snap_status {
	SNAP_OK = 0,
	SNAP_EIO = -1,      /* a source, sink or disk callback failed */
	SNAP_EFORMAT = -2,  /* not a snapshot (or store): bad magic, sizes */
	SNAP_EVERSION = -3, /* a major version this code does not read */
	SNAP_ECRC = -4,     /* a checksum does not match */
	SNAP_EINVAL = -5,   /* a field out of range, a reserved field not zero,
			     * or a state no armhv VM can have */
	SNAP_ENOSPC = -6,   /* the store has no room (space or directory) */
	SNAP_ENOENT = -7,   /* no snapshot of that name in the store */
};
const char *snap_strerror(int status);

/* ---- limits of format 1 -------------------------------------------------- */

#define SNAP_MAJOR		1u
#define SNAP_MINOR		0u
#define SNAP_MAX_VCPUS		8u	/* armhv's VM_MAX_VCPUS */
#define SNAP_NR_PRIVATE		32u	/* SGIs 0-15, PPIs 16-31 */
#define SNAP_NR_SPIS		256u	/* INTIDs 32-287 */
#define SNAP_MAX_ITS		4u
#define SNAP_MAX_LRS		16u	/* ICH_VTR_EL2.ListRegs + 1, at most */
#define SNAP_NAME_MAX		16u	/* VM name, with its NUL */
#define SNAP_MODULE_MAX		32u	/* module name, with its NUL */
#define SNAP_CMDLINE_MAX	256u	/* with its NUL */
#define SNAP_VERSION_MAX	64u	/* armhv version string, with its NUL */
#define SNAP_UART_FIFO		32u	/* receive FIFO bytes */
#define SNAP_UART_LINE		160u	/* output line buffer; holds < 160 */
#define SNAP_BLOCK_SHIFT	21u
#define SNAP_BLOCK_SIZE		(1u << SNAP_BLOCK_SHIFT)	/* 2 MiB */
#define SNAP_MAX_MEM		(1ull << 40)		/* armhv's --mem limit */
#define SNAP_MAX_BLOCKS		((uint32_t)(SNAP_MAX_MEM >> SNAP_BLOCK_SHIFT))
#define SNAP_BITMAP_WORDS	(SNAP_MAX_BLOCKS / 64u)
#define SNAP_MAX_SECTIONS	64u

/* ---- the state of a VM ----------------------------------------------------- */

struct snap_meta {
	uint64_t created;	/* counter (CNTPCT) when it was saved */
	uint32_t counter_freq;	/* CNTFRQ in Hz, not 0 */
	char armhv_version[SNAP_VERSION_MAX]; /* printable, 1-63 characters */
};

struct snap_config {
	char name[SNAP_NAME_MAX];	/* [A-Za-z0-9_-], 1-15 characters */
	uint64_t mem_size;		/* 2 MiB multiple, 2 MiB to 1 TiB */
	uint64_t ram_base;		/* IPA, 2 MiB aligned, >= 1 GiB */
	uint32_t vcpus;			/* 1-8 */
	uint64_t cpu_mask;		/* physical CPUs allowed, 0: any */
	char kernel[SNAP_MODULE_MAX];	/* [A-Za-z0-9_.-], 1-31 characters */
	char initrd[SNAP_MODULE_MAX];	/* same, or empty */
	char cmdline[SNAP_CMDLINE_MAX];	/* printable ASCII */
	uint64_t cntvoff;		/* CNTVOFF_EL2 of the VM */
};

/* The EL1 system registers a vCPU owns, in the order of the section. Any
 * 64-bit value is valid: the guest writes them itself. */
enum snap_sysreg {
	SNAP_SCTLR_EL1, SNAP_ACTLR_EL1, SNAP_CPACR_EL1, SNAP_TTBR0_EL1,
	SNAP_TTBR1_EL1, SNAP_TCR_EL1, SNAP_MAIR_EL1, SNAP_AMAIR_EL1,
	SNAP_VBAR_EL1, SNAP_CONTEXTIDR_EL1, SNAP_TPIDR_EL0, SNAP_TPIDRRO_EL0,
	SNAP_TPIDR_EL1, SNAP_ESR_EL1, SNAP_FAR_EL1, SNAP_AFSR0_EL1,
	SNAP_AFSR1_EL1, SNAP_PAR_EL1, SNAP_CNTKCTL_EL1, SNAP_CSSELR_EL1,
	SNAP_MDSCR_EL1,
	SNAP_NR_SYSREGS
};
extern const char *const snap_sysreg_names[SNAP_NR_SYSREGS];

enum snap_power { SNAP_POWER_OFF, SNAP_POWER_ON_PENDING, SNAP_POWER_ON };

struct snap_vcpu {
	uint32_t power;			/* enum snap_power (PSCI) */
	uint64_t mpidr;			/* VMPIDR: 1 << 31 | vCPU number */
	uint64_t x[31];
	uint64_t pc;
	uint64_t pstate;		/* SPSR_EL2 layout; mode EL0t, EL1t, EL1h */
	uint64_t sp_el0, sp_el1, elr_el1, spsr_el1;
	uint64_t sysreg[SNAP_NR_SYSREGS];
	bool pauth;			/* keys switched: else they are 0 */
	uint64_t pauth_keys[10];	/* APIA, APIB, APDA, APDB, APGA: lo, hi */
	uint64_t cntv_ctl;		/* ENABLE, IMASK, ISTATUS */
	uint64_t cntv_cval;		/* virtual count (CNTVOFF-relative) */
	uint64_t ptimer_ctl;		/* emulated CNTP_CTL: ENABLE, IMASK */
	uint64_t ptimer_cval;		/* physical count, at `created` */
	uint64_t v[32][2];		/* q0-q31: low, high 64 bits */
	uint32_t fpsr, fpcr;
};

/* One SGI, PPI or SPI, with the list registers folded in. */
struct snap_irq {
	uint64_t route;		/* SPIs: GICD_IROUTER as written; private: 0 */
	uint8_t priority;
	uint8_t target;		/* the vCPU it is delivered to */
	bool enabled, pending, active, level, edge, group1;
	bool hw;		/* backed by the physical PPI of the same INTID */
};

struct snap_vgic_dist {
	uint32_t ctlr;		/* GICD_CTLR: EnableGrp0 (bit 0), EnableGrp1 (1) */
	uint8_t nr_lrs;		/* the saving CPU interface: list registers, */
	uint8_t pri_bits;	/* ... virtual priority bits, */
	uint8_t pre_bits;	/* ... and preemption bits */
	struct snap_irq spi[SNAP_NR_SPIS];
};

struct snap_redist {
	uint32_t waker;		/* GICR_WAKER: ProcessorSleep (bit 1) */
	bool lpis_enabled;	/* GICR_CTLR.EnableLPIs */
	uint64_t propbaser, pendbaser;
	uint64_t vmcr;		/* ICH_VMCR_EL2 */
	uint32_t ap0r[4], ap1r[4]; /* ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 */
	struct snap_irq priv[SNAP_NR_PRIVATE];
};

#define SNAP_ITS_BLOB	64u	/* its_regs_encode()'s blob, docs/its-abi.md */
struct snap_its {
	uint64_t base;		/* IPA of its 128 KiB frame */
	uint32_t max_devices, max_ites, max_itt_entries, translater_devid;
	uint8_t regs[SNAP_ITS_BLOB];
};

struct snap_uart {
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr;
	uint32_t rx_count;
	uint8_t rx[SNAP_UART_FIFO];	/* oldest first */
	uint32_t tx_len;
	uint8_t tx[SNAP_UART_LINE];	/* the output line not printed yet */
};

struct snap_ram {
	uint32_t blocks;	/* mem_size / 2 MiB */
	uint32_t present;	/* blocks in the snapshot; the rest are zero */
	uint64_t bitmap[SNAP_BITMAP_WORDS]; /* bit b of word w: block 64w+b */
	/* Filled by snap_decode for snap_ram_*; ignored by snap_encode. */
	uint64_t map_offset, data_offset;
};

struct snap_vm {
	struct snap_meta meta;
	struct snap_config config;
	struct snap_vcpu vcpu[SNAP_MAX_VCPUS];	/* config.vcpus of them */
	struct snap_vgic_dist dist;
	struct snap_redist redist[SNAP_MAX_VCPUS];
	uint32_t its_count;			/* 0-4 */
	struct snap_its its[SNAP_MAX_ITS];
	struct snap_uart uart;
	struct snap_ram ram;
};

static inline bool snap_block_present(const struct snap_ram *r, uint32_t b)
{
	return b < r->blocks && ((r->bitmap[b / 64] >> (b % 64)) & 1);
}

/* Checks a whole struct snap_vm as the decoder does after reading it
 * (snap_encode does too). 0, or SNAP_EINVAL with the reason in err. */
int snap_check(const struct snap_vm *vm, char *err, size_t err_size);

/* ---- where bytes go and come from ------------------------------------------ */

/* Writes len bytes at byte offset off of the snapshot: 0 or negative. */
struct snap_sink {
	void *ctx;
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t len);
};

/* size bytes can be read; read() is only asked for ranges inside them. */
struct snap_source {
	void *ctx;
	uint64_t size;
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
};

/* ---- encoding ---------------------------------------------------------------- */

/* Guest RAM to save: block b's 2 MiB (only asked for present blocks), or
 * NULL, which fails the encoding with SNAP_EIO. */
struct snap_ram_in {
	void *ctx;
	const void *(*block)(void *ctx, uint32_t b);
};

/* The snapshot's size in bytes, from vm's counts (0 if vm fails
 * snap_check's counts). */
uint64_t snap_encoded_size(const struct snap_vm *vm);

/* Checks vm (snap_check), then writes the snapshot through sink, every
 * byte of [0, size) once, the header last. On success *size and
 * *header_crc (the header's checksum, which a store keeps) are set. */
int snap_encode(const struct snap_vm *vm, const struct snap_ram_in *ram,
		const struct snap_sink *sink, uint64_t *size, uint32_t *header_crc,
		char *err, size_t err_size);

/* True if a 2 MiB block is all zero (may be left out of a snapshot). */
bool snap_block_is_zero(const void *block);

/* ---- decoding ------------------------------------------------------------------ */

struct snap_section {
	uint16_t type;		/* enum snap_section_type */
	uint16_t flags;		/* SNAP_SECTION_OPTIONAL */
	uint32_t index;		/* vCPU or ITS number, else 0 */
	uint64_t offset, length;
	uint32_t crc;		/* CRC-32C of the section; RAM: 0 */
};

enum snap_section_type {
	SNAP_SEC_CONFIG = 1,
	SNAP_SEC_VCPU = 2,
	SNAP_SEC_VGIC_DIST = 3,
	SNAP_SEC_VGIC_REDIST = 4,
	SNAP_SEC_ITS = 5,
	SNAP_SEC_UART = 6,
	SNAP_SEC_RAM_MAP = 7,
	SNAP_SEC_RAM = 8,
};
#define SNAP_SECTION_OPTIONAL	1u

/* The header and section table, checked. */
struct snap_toc {
	uint16_t major, minor;
	uint64_t total_size;
	uint32_t header_crc;
	struct snap_meta meta;
	uint32_t count;
	struct snap_section sec[SNAP_MAX_SECTIONS];
};
/* "config", "vcpu", ...; "unknown" for a type this code does not know. */
const char *snap_section_name(uint16_t type);

/* Reads and checks the header and section table only (for tools that
 * show a snapshot they then fail to decode). */
int snap_read_toc(const struct snap_source *src, struct snap_toc *toc,
		  char *err, size_t err_size);

/* Reads and checks everything but the contents of RAM blocks, filling *vm
 * and *toc (the caller's: 2 KiB, kept off the stack at EL2 like *vm). On
 * failure both are zeroed. */
int snap_decode(const struct snap_source *src, struct snap_vm *vm,
		struct snap_toc *toc, char *err, size_t err_size);

/* Reads every present RAM block of a decoded snapshot and checks its
 * checksum, handing nothing over; scratch (any size >= 64 bytes) is the
 * read buffer. For readers that keep no RAM (the host's tools). */
int snap_ram_verify(const struct snap_source *src, const struct snap_vm *vm,
		    void *scratch, size_t scratch_size, char *err, size_t err_size);

/* Reads the present blocks in ascending order: each into into(ctx, b)'s 2
 * MiB (for restore: the RAM the new VM will get once every block has
 * checked; NULL fails), then checks its checksum, and only then calls
 * done(ctx, b) (may be NULL). Blocks not present are not touched: the
 * caller zeroes them. A failure after some blocks were read leaves the
 * caller's RAM partly written: restore then gives that RAM back, no VM
 * having been built. */
struct snap_ram_out {
	void *ctx;
	void *(*into)(void *ctx, uint32_t b);
	int (*done)(void *ctx, uint32_t b);
};
int snap_ram_read(const struct snap_source *src, const struct snap_vm *vm,
		  const struct snap_ram_out *out, char *err, size_t err_size);

/* CRC-32C (Castagnoli, reflected, as iSCSI and ext4): crc = 0 to start.
 * With Armv8's CRC32C instructions where this build may use them and the
 * CPU has them, else from a table: the same checksum either way. */
uint32_t snap_crc32c(uint32_t crc, const void *buf, size_t len);
/* The two paths, for tests that compare them. The table: any CPU. */
uint32_t snap_crc32c_table(uint32_t crc, const void *buf, size_t len);
/* This build uses the instructions and the CPU has them
 * (ID_AA64ISAR0_EL1.CRC32). */
bool snap_crc32c_insns_usable(void);
/* Eight bytes an instruction: only if snap_crc32c_insns_usable(), except
 * in a build without the instructions, where it computes each one in C
 * (so that host tests cover its starts, loops and tails). */
uint32_t snap_crc32c_insns(uint32_t crc, const void *buf, size_t len);

#endif
