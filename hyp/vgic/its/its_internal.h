/*
 * Internal definitions shared by the files of the ITS model. Not for use
 * outside hyp/vgic/its/.
 */
#ifndef ARMHV_VGIC_ITS_INTERNAL_H
#define ARMHV_VGIC_ITS_INTERNAL_H

#include "its.h"

/*
 * memcpy and memset through the compiler builtins: they compile without a
 * C library's headers (-ffreestanding), and at EL2 resolve to the
 * hypervisor's memcpy/memset when not expanded inline.
 */
#define its_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define its_memset(d, c, n) __builtin_memset((d), (c), (n))

#define BIT64(n) ((uint64_t)1 << (n))
#define MASK64(hi, lo) ((~(uint64_t)0 >> (63 - (hi))) & ~(BIT64(lo) - 1))
#define FIELD(v, hi, lo) (((v) & MASK64(hi, lo)) >> (lo))

#define ITS_DEFAULT_MAX_DEVICES 65536u
#define ITS_DEFAULT_MAX_ITES 262144u
#define ITS_DEFAULT_MAX_ITT_ENTRIES (1u << 22)
#define ITS_DEFAULT_CMD_BUDGET 1024u

#define ITS_ENTRY_SIZE 8u      /* DTE, ITE, CTE and level-1 entries */
#define ITS_CMD_SIZE 32u
#define ITS_DTE_NEXT_MAX 16383u /* 2^14 - 1 */
#define ITS_ITE_NEXT_MAX 65535u /* 2^16 - 1 */
#define ITS_CTE_PLACEHOLDER 0xffffffffull /* KVM: collection never mapped */

/* GITS_CTLR */
#define CTLR_ENABLED BIT64(0)
#define CTLR_QUIESCENT BIT64(31)

/* GITS_TYPER: Physical, ITT_entry_size = 8, ID_bits = 16, Devbits = 16. */
#define ITS_TYPER_VALUE                                                    \
	(BIT64(0) | ((uint64_t)(ITS_ENTRY_SIZE - 1) << 4) |                \
	 ((uint64_t)(ITS_INTID_BITS - 1) << 8) |                           \
	 ((uint64_t)(ITS_DEVID_BITS - 1) << 13))

/* GITS_IIDR: Implementer Arm (0x43b), ProductID 0x41 ('A', armhv). */
#define ITS_IIDR_VALUE (0x43bu | (ITS_ABI_REV << 12) | (0x41u << 24))
#define IIDR_REVISION(v) (((v) >> 12) & 0xfu)

/* GITS_CBASER */
#define CBASER_VALID BIT64(63)
#define CBASER_WRITABLE                                                    \
	(CBASER_VALID | MASK64(61, 59) | MASK64(55, 53) | MASK64(51, 12) |  \
	 MASK64(11, 10) | MASK64(7, 0))
#define CBASER_ADDR(v) ipa_init((v) & MASK64(51, 12))
#define CBASER_QUEUE_SIZE(v) ((FIELD(v, 7, 0) + 1) * 4096u)

/* GITS_CREADR / GITS_CWRITER */
#define CREADR_STALLED BIT64(0)
#define CWRITER_RETRY BIT64(0)
#define QUEUE_OFFSET_MASK MASK64(19, 5)

/* GITS_BASER<n> */
#define BASER_VALID BIT64(63)
#define BASER_INDIRECT BIT64(62)
#define BASER_TYPE_SHIFT 56
#define BASER_TYPE_DEVICE 1u
#define BASER_TYPE_COLLECTION 4u
#define BASER_ESZ_SHIFT 48
#define BASER_RO (MASK64(58, 56) | MASK64(52, 48))
#define BASER_WRITABLE                                                     \
	(BASER_VALID | BASER_INDIRECT | MASK64(61, 59) | MASK64(55, 53) |    \
	 MASK64(47, 12) | MASK64(11, 10) | MASK64(9, 8) | MASK64(7, 0))
/* Fields that say where the table is: changing them forgets the table. */
#define BASER_LOCATION                                                     \
	(BASER_VALID | BASER_INDIRECT | MASK64(47, 12) | MASK64(9, 8) |      \
	 MASK64(7, 0))
#define BASER_PSZ(v) FIELD(v, 9, 8)
#define BASER_PAGES(v) (FIELD(v, 7, 0) + 1)

/* GICR_PROPBASER / GICR_PENDBASER */
#define PROPBASER_ADDR(v) ipa_init((v) & MASK64(51, 12))
#define PROPBASER_IDBITS(v) ((uint32_t)FIELD(v, 4, 0))
#define PENDBASER_ADDR(v) ipa_init((v) & MASK64(51, 16))
#define PENDBASER_PTZ BIT64(62)

/* LPI configuration byte */
#define LPI_PROP_ENABLE 0x01u
#define LPI_PROP_PRIO(p) ((uint8_t)((p) & 0xfcu))

/* struct its_lpi flags */
#define LPI_PENDING 0x01u
#define LPI_DELIVERED 0x02u

struct its_lpi {
	uint8_t prop;   /* cached configuration byte */
	uint8_t flags;
	uint16_t vcpu;  /* where pending, when LPI_PENDING */
};

/* Little-endian 64-bit load/store from byte buffers. */
static inline uint64_t its_le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline void its_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static inline int its_read64(const struct its_env *env, ipaddr_t ipa, uint64_t *v)
{
	uint8_t b[8];
	if (env->ram_read(env->ctx, ipa, b, sizeof(b)))
		return ITS_ERR_FAULT;
	*v = its_le64(b);
	return ITS_OK;
}

static inline int its_write64(const struct its_env *env, ipaddr_t ipa, uint64_t v)
{
	uint8_t b[8];
	its_put_le64(b, v);
	return env->ram_write(env->ctx, ipa, b, sizeof(b)) ? ITS_ERR_FAULT : ITS_OK;
}

static inline void its_log(const struct its_env *env, enum its_log_level lvl,
			   const char *event, uint64_t a, uint64_t b)
{
	if (env->log)
		env->log(env->ctx, lvl, event, a, b);
}

static inline uint64_t its_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* ---- its_tab.c: open addressing hash of 64-bit words ---------------------- */
/*
 * Entry word 0 holds the key in bits [31:0]; an entry is in use iff bits
 * [63:32] of word 0 are nonzero, which every user guarantees. Pointers
 * returned become invalid at the next insert or remove.
 */
void its_tab_init(struct its_tab *t, uint32_t stride);
void its_tab_free(const struct its_env *env, struct its_tab *t);
uint64_t *its_tab_find(const struct its_tab *t, uint32_t key);
/* Existing entry, or a new zeroed one (key set); NULL if out of memory. */
uint64_t *its_tab_insert(const struct its_env *env, struct its_tab *t,
			 uint32_t key, bool *created);
bool its_tab_remove(struct its_tab *t, uint32_t key);
/* Slot i of cap, or NULL when unused. */
static inline uint64_t *its_tab_slot(const struct its_tab *t, uint32_t i)
{
	uint64_t *e = &t->slot[(size_t)i * t->stride];
	return (e[0] >> 32) ? e : NULL;
}

/* Device entry: word0 = devid | eventid_bits << 32 | event count << 40,
 * word1 = ITT address. eventid_bits >= 1, so the entry is nonzero. */
#define DEV_BITS(e) ((uint32_t)(((e)[0] >> 32) & 0x1f))
#define DEV_ITES(e) ((uint32_t)((e)[0] >> 40))
#define DEV_ITT(e) ipa_init((e)[1])
static inline void dev_set(uint64_t *e, uint32_t devid, uint32_t bits,
			   ipaddr_t itt, uint32_t ites)
{
	e[0] = devid | ((uint64_t)(bits & 0x1f) << 32) | ((uint64_t)ites << 40);
	e[1] = ipa_addr(itt);
}
static inline void dev_set_ites(uint64_t *e, uint32_t ites)
{
	e[0] = (e[0] & MASK64(39, 0)) | ((uint64_t)ites << 40);
}

/* ITE entry: key = devid << 16 | eventid; word0 bits [47:32] INTID,
 * [63:48] ICID. INTID >= 8192, so the entry is nonzero. */
#define ITE_KEY(devid, eventid) (((uint32_t)(devid) << 16) | (uint32_t)(eventid))
#define ITE_INTID(e) ((uint32_t)(((e)[0] >> 32) & 0xffff))
#define ITE_ICID(e) ((uint32_t)((e)[0] >> 48))
static inline void ite_set(uint64_t *e, uint32_t key, uint32_t intid, uint32_t icid)
{
	e[0] = key | ((uint64_t)(intid & 0xffff) << 32) | ((uint64_t)(icid & 0xffff) << 48);
}

/* Collection entry: word0 = icid | (vcpu + 1) << 32. */
#define COLL_VCPU(e) ((uint32_t)((e)[0] >> 32) - 1)
static inline void coll_set(uint64_t *e, uint32_t icid, uint32_t vcpu)
{
	e[0] = icid | ((uint64_t)(vcpu + 1) << 32);
}

/* ---- its_lpi.c: LPI state used by the ITS --------------------------------- */
struct its_lpi *its_lpi_get(const struct its_vm *vm, uint32_t intid);
/* Make storage for intid's chunk exist (loads its configuration). */
int its_lpi_chunk_alloc(struct its_vm *vm, uint32_t chunk);
void its_lpi_chunk_free(struct its_vm *vm, uint32_t chunk);
static inline uint32_t its_lpi_chunk_of(uint32_t intid)
{
	return (intid - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT;
}
/* Pending state changes; each keeps deliver/withdraw calls consistent. */
void its_lpi_set_pending(struct its_vm *vm, uint32_t intid, uint32_t vcpu);
void its_lpi_clear_pending(struct its_vm *vm, uint32_t intid);
void its_lpi_move(struct its_vm *vm, uint32_t intid, uint32_t vcpu);
/* Re-read configuration from the property table. Return work done. */
uint32_t its_lpi_reload_one(struct its_vm *vm, uint32_t intid);
uint32_t its_lpi_reload_all(struct its_vm *vm);
/* Move every LPI pending on from to to. Returns work done. */
uint32_t its_lpi_move_all(struct its_vm *vm, uint32_t from, uint32_t to);

/* ---- its_tables.c: where the tables are ------------------------------------- */
ipaddr_t its_baser_addr(uint64_t baser);
uint64_t its_baser_page_size(uint64_t baser);
/* Table bytes described by a BASER. */
static inline uint64_t its_baser_bytes(uint64_t baser)
{
	return BASER_PAGES(baser) * its_baser_page_size(baser);
}
/* DeviceIDs / ICIDs the table can hold, capped at the ID width. */
uint32_t its_dev_capacity(uint64_t baser);
uint32_t its_coll_capacity(uint64_t baser);
/* Level-1 entries a restore scans (capped by the DeviceID width). */
uint32_t its_l1_scan_entries(uint64_t baser);
/* Address of a level-2 page from a level-1 entry, or false if unusable. */
bool its_l1_page(const struct its_env *env, uint64_t baser, uint64_t l1e,
		 ipaddr_t *page);
/* Where devid's DTE lives now; false if it has no place in RAM. */
bool its_dte_locate(const struct its *its, uint32_t devid, ipaddr_t *ipa);
/* Is the part of the device/collection table that restore scans RAM? */
bool its_dev_table_in_ram(const struct its_env *env, uint64_t baser);
bool its_coll_table_in_ram(const struct its_env *env, uint64_t baser);
static inline uint64_t its_itt_bytes(uint32_t eventid_bits)
{
	return ((uint64_t)1 << eventid_bits) * ITS_ENTRY_SIZE;
}

/* ---- its_cmd.c / its_core.c ------------------------------------------------ */
void its_drop_devices(struct its *its);
void its_drop_collections(struct its *its);
/* Remove one device and its events; returns work done. */
uint32_t its_unmap_device(struct its *its, uint32_t devid);
void its_regs_get(const struct its *its, struct its_regs *regs);
uint32_t its_ctlr_read(const struct its *its);

#endif
