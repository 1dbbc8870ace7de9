/* Shared by the snapshot library's files; not for its users. The byte
 * layout itself is docs/snapshot-format.md; the offsets live in
 * sections.c (each section's fields, both directions, in one place). */
#ifndef ARMHV_SNAPSHOT_INTERNAL_H
#define ARMHV_SNAPSHOT_INTERNAL_H

#include "format.h"

#define SNAP_MAGIC		"ARMHVSNP"
#define SNAP_HEADER_SIZE	128u
#define SNAP_ENTRY_SIZE		32u
#define SNAP_SECTION_ALIGN	64u
#define SNAP_RAM_ALIGN		4096u
/* A newer minor version may append at most this much to a section. */
#define SNAP_SECTION_MAX_EXTRA	4096u

#define SNAP_CONFIG_SIZE	512u
#define SNAP_VCPU_SIZE		1152u
#define SNAP_IRQ_SIZE		16u
#define SNAP_DIST_HDR		32u
#define SNAP_DIST_SIZE		(SNAP_DIST_HDR + SNAP_NR_SPIS * SNAP_IRQ_SIZE)
#define SNAP_REDIST_HDR		96u
#define SNAP_REDIST_SIZE	(SNAP_REDIST_HDR + SNAP_NR_PRIVATE * SNAP_IRQ_SIZE)
#define SNAP_ITS_SIZE		96u
#define SNAP_UART_SIZE		256u
#define SNAP_MAP_HDR		16u

#define SNAP_ALIGN_UP(x, a)	(((x) + (uint64_t)(a) - 1) & ~((uint64_t)(a) - 1))

/* ---- little-endian fields ---------------------------------------------------- */

static inline void snap_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void snap_put32(uint8_t *p, uint32_t v)
{
	snap_put16(p, (uint16_t)v);
	snap_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void snap_put64(uint8_t *p, uint64_t v)
{
	snap_put32(p, (uint32_t)v);
	snap_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t snap_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t snap_get32(const uint8_t *p)
{
	return snap_get16(p) | ((uint32_t)snap_get16(p + 2) << 16);
}

static inline uint64_t snap_get64(const uint8_t *p)
{
	return snap_get32(p) | ((uint64_t)snap_get32(p + 4) << 32);
}

/* Bits set (the compiler's builtin would call libgcc at EL2). */
static inline uint32_t snap_popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (uint32_t)((x * 0x0101010101010101ull) >> 56);
}

/* ---- errors -------------------------------------------------------------------- */

/* Writes one line into err (if any) and returns code. */
int snap_fail(char *err, size_t err_size, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* s ends within max bytes, is not empty unless it may be, and is made of
 * the set's characters (the VM name's, a module name's, or printable). */
enum snap_charset { SNAP_CHARS_VM, SNAP_CHARS_MODULE, SNAP_CHARS_PRINTABLE };
bool snap_string_ok(const char *s, size_t max, enum snap_charset set, bool may_be_empty);

/* ---- streams: one section at a time, its checksum as it goes ------------------ */

struct snap_wr {
	const struct snap_sink *sink;
	uint64_t off;		/* where buf[0] goes */
	uint32_t crc;		/* of everything put so far */
	int err;
	size_t len;
	uint8_t buf[256];
};
void snap_wr_init(struct snap_wr *w, const struct snap_sink *sink, uint64_t off);
void snap_wr_bytes(struct snap_wr *w, const void *p, size_t n);
void snap_wr_zero(struct snap_wr *w, size_t n);
void snap_wr_u8(struct snap_wr *w, uint8_t v);
void snap_wr_u16(struct snap_wr *w, uint16_t v);
void snap_wr_u32(struct snap_wr *w, uint32_t v);
void snap_wr_u64(struct snap_wr *w, uint64_t v);
/* Writes what is buffered: 0 or the first error. */
int snap_wr_flush(struct snap_wr *w);

struct snap_rd {
	const struct snap_source *src;
	uint64_t start;		/* the section's first byte */
	uint64_t off, end;	/* next byte to fetch; past the section */
	uint32_t crc;		/* of everything taken so far */
	int err;		/* SNAP_EIO, or SNAP_EFORMAT: past the end */
	uint64_t bad_at;	/* first nonzero reserved byte, or ~0 */
	uint8_t bad_val;
	size_t pos, len;
	uint8_t buf[256];
};
void snap_rd_init(struct snap_rd *r, const struct snap_source *src, uint64_t off,
		  uint64_t len);
void snap_rd_bytes(struct snap_rd *r, void *p, size_t n);
uint8_t snap_rd_u8(struct snap_rd *r);
uint16_t snap_rd_u16(struct snap_rd *r);
uint32_t snap_rd_u32(struct snap_rd *r);
uint64_t snap_rd_u64(struct snap_rd *r);
/* Reserved bytes: the first nonzero one is reported by snap_rd_end. */
void snap_rd_zero(struct snap_rd *r, uint64_t n);
/* At the section's end: reads what is left (a newer minor version's
 * appended fields, which must be zero), then checks for read errors and
 * the checksum, then the reserved bytes. label names the section. */
int snap_rd_end(struct snap_rd *r, uint32_t crc, const char *label, char *err,
		size_t err_size);

/* ---- sections (sections.c) ----------------------------------------------------- */

void snap_put_config(struct snap_wr *w, const struct snap_config *c);
void snap_put_vcpu(struct snap_wr *w, const struct snap_vcpu *v, uint32_t id);
void snap_put_dist(struct snap_wr *w, const struct snap_vgic_dist *d);
void snap_put_redist(struct snap_wr *w, const struct snap_redist *rd);
void snap_put_its(struct snap_wr *w, const struct snap_its *its);
void snap_put_uart(struct snap_wr *w, const struct snap_uart *u);

/* Each reads its section, ends it (snap_rd_end), then checks the fields
 * that exist only on disk (ids, counts, flag bits). */
int snap_get_config(struct snap_rd *r, const struct snap_section *s, struct snap_config *c,
		    const char *label, char *err, size_t err_size);
int snap_get_vcpu(struct snap_rd *r, const struct snap_section *s, struct snap_vcpu *v,
		  const char *label, char *err, size_t err_size);
int snap_get_dist(struct snap_rd *r, const struct snap_section *s, struct snap_vgic_dist *d,
		  const char *label, char *err, size_t err_size);
int snap_get_redist(struct snap_rd *r, const struct snap_section *s, struct snap_redist *rd,
		    const char *label, char *err, size_t err_size);
int snap_get_its(struct snap_rd *r, const struct snap_section *s, struct snap_its *its,
		 const char *label, char *err, size_t err_size);
int snap_get_uart(struct snap_rd *r, const struct snap_section *s, struct snap_uart *u,
		  const char *label, char *err, size_t err_size);

/* ---- RAM (ram.c) ---------------------------------------------------------------- */

uint32_t snap_bitmap_words(uint32_t blocks);
uint64_t snap_ram_map_size(uint32_t blocks, uint32_t present);
uint32_t snap_popcount(const uint64_t *bitmap, uint32_t words);
/* Reads and checks the RAM map section into vm->ram (needs vm->config). */
int snap_get_ram_map(struct snap_rd *r, const struct snap_section *s, struct snap_vm *vm,
		     char *err, size_t err_size);

/* snap_encode without snap_check: the counts must be in range (tests use
 * it to write what the decoder must refuse). */
int snap_encode_raw(const struct snap_vm *vm, const struct snap_ram_in *ram,
		    const struct snap_sink *sink, uint64_t *size, uint32_t *header_crc,
		    char *err, size_t err_size);

/* The section order and sizes of a snapshot of vm (encode.c), into an
 * array of at least SNAP_LAYOUT_MAX: the most sections an encoder writes. */
#define SNAP_LAYOUT_MAX		(1 + 2 * SNAP_MAX_VCPUS + 1 + SNAP_MAX_ITS + 3)
uint32_t snap_layout(const struct snap_vm *vm, struct snap_section *sec, uint64_t *total);
/* Where the section after one ending at end goes, for its type. */
uint64_t snap_section_start(uint64_t end, uint16_t type);

#endif
