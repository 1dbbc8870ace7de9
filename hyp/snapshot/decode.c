/* Reading a snapshot: the header, the section table (every byte of the
 * snapshot is in exactly one section or is zero padding), each section
 * with its checksum, then snap_check() over the whole. Nothing is
 * returned unless all of it is valid. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define FAIL(code, ...) return snap_fail(err, err_size, code, __VA_ARGS__)

static int read_header(const struct snap_source *src, struct snap_toc *toc, char *err,
		       size_t err_size)
{
	uint8_t h[SNAP_HEADER_SIZE];
	uint32_t hsize, crc;
	bool crc_ok;

	if (src->size < SNAP_HEADER_SIZE)
		FAIL(SNAP_EFORMAT, "header: %llu bytes, a snapshot has at least %u",
		     (unsigned long long)src->size, SNAP_HEADER_SIZE);
	if (src->read(src->ctx, 0, h, sizeof(h)))
		FAIL(SNAP_EIO, "header: read error");
	for (unsigned i = 0; i < 8; i++)
		if (h[i] != (uint8_t)SNAP_MAGIC[i])
			FAIL(SNAP_EFORMAT, "header: no snapshot magic (\"%s\")", SNAP_MAGIC);
	toc->major = snap_get16(h + 8);
	toc->minor = snap_get16(h + 10);
	hsize = snap_get32(h + 12);
	crc = snap_crc32c(0, h, SNAP_HEADER_SIZE - 4);
	crc_ok = hsize == SNAP_HEADER_SIZE && crc == snap_get32(h + SNAP_HEADER_SIZE - 4);
	/* Only bytes 0-15 mean the same in every version. */
	if (toc->major != SNAP_MAJOR)
		FAIL(SNAP_EVERSION, "header: format %u.%u, this code reads %u.x%s", toc->major,
		     toc->minor, SNAP_MAJOR, crc_ok ? "" : " (or the header is damaged)");
	if (hsize != SNAP_HEADER_SIZE)
		FAIL(SNAP_EFORMAT, "header: size %u, format 1 has %u", (unsigned)hsize,
		     SNAP_HEADER_SIZE);
	if (!crc_ok)
		FAIL(SNAP_ECRC, "header: checksum 0x%08x, the header says 0x%08x", (unsigned)crc,
		     (unsigned)snap_get32(h + SNAP_HEADER_SIZE - 4));
	toc->header_crc = crc;
	toc->total_size = snap_get64(h + 16);
	toc->meta.created = snap_get64(h + 24);
	toc->count = snap_get32(h + 32);
	toc->meta.counter_freq = snap_get32(h + 44);
	memcpy(toc->meta.armhv_version, h + 48, SNAP_VERSION_MAX);
	if (toc->count < 1 || toc->count > SNAP_MAX_SECTIONS)
		FAIL(SNAP_EFORMAT, "header: %u sections, not 1 to %u", (unsigned)toc->count,
		     SNAP_MAX_SECTIONS);
	if (toc->total_size > src->size)
		FAIL(SNAP_EFORMAT, "header: the snapshot has %llu bytes, only %llu are there "
		     "(truncated?)", (unsigned long long)toc->total_size,
		     (unsigned long long)src->size);
	if (snap_get32(h + 40))
		FAIL(SNAP_EINVAL, "header: flags 0x%x, none are defined",
		     (unsigned)snap_get32(h + 40));
	for (unsigned i = 112; i < SNAP_HEADER_SIZE - 4; i++)
		if (h[i])
			FAIL(SNAP_EINVAL, "header: reserved byte %u is 0x%02x, must be 0", i, h[i]);
	if (!snap_string_ok(toc->meta.armhv_version, SNAP_VERSION_MAX, SNAP_CHARS_PRINTABLE,
			    false))
		FAIL(SNAP_EINVAL, "header: armhv version is not 1-63 printable characters");
	for (size_t i = 1; i < SNAP_VERSION_MAX; i++)
		if (!toc->meta.armhv_version[i - 1] && toc->meta.armhv_version[i])
			FAIL(SNAP_EINVAL, "header: armhv version not padded with zeros");
	return 0;
}

static bool known_type(uint16_t type)
{
	return type >= SNAP_SEC_CONFIG && type <= SNAP_SEC_RAM;
}

/* Gaps between sections (alignment) must be zero. */
static int check_gap(const struct snap_source *src, uint64_t from, uint64_t to, uint32_t i,
		     char *err, size_t err_size)
{
	uint8_t buf[64];

	while (from < to) {
		size_t n = to - from < sizeof(buf) ? (size_t)(to - from) : sizeof(buf);

		if (src->read(src->ctx, from, buf, n))
			FAIL(SNAP_EIO, "padding before section %u: read error", (unsigned)i);
		for (size_t k = 0; k < n; k++)
			if (buf[k])
				FAIL(SNAP_EINVAL, "padding byte at %llu (before section %u) is "
				     "0x%02x, must be 0", (unsigned long long)(from + k),
				     (unsigned)i, buf[k]);
		from += n;
	}
	return 0;
}

static int read_table(const struct snap_source *src, struct snap_toc *toc, uint32_t table_crc,
		      char *err, size_t err_size)
{
	uint64_t end = SNAP_HEADER_SIZE + (uint64_t)SNAP_ENTRY_SIZE * toc->count;
	struct snap_rd r;
	int rc;

	if (end > toc->total_size)
		FAIL(SNAP_EFORMAT, "section table: %u entries do not fit in %llu bytes",
		     (unsigned)toc->count, (unsigned long long)toc->total_size);
	snap_rd_init(&r, src, SNAP_HEADER_SIZE, end - SNAP_HEADER_SIZE);
	for (uint32_t i = 0; i < toc->count; i++) {
		struct snap_section *s = &toc->sec[i];

		s->type = snap_rd_u16(&r);
		s->flags = snap_rd_u16(&r);
		s->index = snap_rd_u32(&r);
		s->offset = snap_rd_u64(&r);
		s->length = snap_rd_u64(&r);
		s->crc = snap_rd_u32(&r);
		snap_rd_zero(&r, 4);
	}
	if ((rc = snap_rd_end(&r, table_crc, "section table", err, err_size)))
		return rc;
	for (uint32_t i = 0; i < toc->count; i++) {
		const struct snap_section *s = &toc->sec[i];
		const char *name = snap_section_name(s->type);
		uint64_t at = snap_section_start(end, s->type);

		if (s->flags & ~SNAP_SECTION_OPTIONAL)
			FAIL(SNAP_EINVAL, "section %u (%s): flags 0x%x, only bit 0 (optional) is "
			     "defined", (unsigned)i, name, s->flags);
		if (known_type(s->type) && s->flags)
			FAIL(SNAP_EINVAL, "section %u (%s): marked optional", (unsigned)i, name);
		if (!known_type(s->type) && !(s->flags && toc->minor > SNAP_MINOR))
			FAIL(SNAP_EINVAL, "section %u: type %u is unknown and %s", (unsigned)i,
			     s->type, s->flags ? "the format is not newer" : "not optional");
		if (s->offset != at)
			FAIL(SNAP_EFORMAT, "section %u (%s): offset %llu, the one after its "
			     "predecessor is %llu", (unsigned)i, name,
			     (unsigned long long)s->offset, (unsigned long long)at);
		if (s->length > toc->total_size - at)
			FAIL(SNAP_EFORMAT, "section %u (%s): %llu bytes at %llu run past the "
			     "snapshot's %llu", (unsigned)i, name, (unsigned long long)s->length,
			     (unsigned long long)at, (unsigned long long)toc->total_size);
		if (s->type == SNAP_SEC_RAM && s->crc)
			FAIL(SNAP_EINVAL, "section %u (ram): checksum field 0x%08x, must be 0 (each "
			     "block has its own)", (unsigned)i, (unsigned)s->crc);
		if ((rc = check_gap(src, end, at, i, err, err_size)))
			return rc;
		end = at + s->length;
	}
	if (end != toc->total_size)
		FAIL(SNAP_EFORMAT, "header: %llu bytes, but the sections end at %llu",
		     (unsigned long long)toc->total_size, (unsigned long long)end);
	return 0;
}

int snap_read_toc(const struct snap_source *src, struct snap_toc *toc, char *err,
		  size_t err_size)
{
	uint8_t raw[4];
	int rc;

	memset(toc, 0, sizeof(*toc));
	if ((rc = read_header(src, toc, err, err_size)))
		return rc;
	if (src->read(src->ctx, 36, raw, sizeof(raw)))
		FAIL(SNAP_EIO, "header: read error");
	return read_table(src, toc, snap_get32(raw), err, err_size);
}

/* Fixed-size sections: exact, or longer by a newer minor version. */
static int check_length(const struct snap_toc *toc, const struct snap_section *s,
			uint64_t size, const char *label, char *err, size_t err_size)
{
	if (s->length == size ||
	    (toc->minor > SNAP_MINOR && s->length > size && s->length <= size + SNAP_SECTION_MAX_EXTRA))
		return 0;
	FAIL(SNAP_EFORMAT, "%s: length %llu, format %u.%u has %llu", label,
	     (unsigned long long)s->length, toc->major, toc->minor, (unsigned long long)size);
}

/* Which sections there must be, given the config: each once, vCPUs and
 * redistributors 0..vcpus-1, ITSes 0..n-1. */
static int check_set(const struct snap_toc *toc, struct snap_vm *vm, char *err,
		     size_t err_size)
{
	uint32_t seen[SNAP_SEC_RAM + 1] = { 0 }, vcpus = vm->config.vcpus;

	for (uint32_t i = 0; i < toc->count; i++) {
		const struct snap_section *s = &toc->sec[i];
		uint32_t max = s->type == SNAP_SEC_VCPU || s->type == SNAP_SEC_VGIC_REDIST ? vcpus :
			       s->type == SNAP_SEC_ITS ? SNAP_MAX_ITS : 1;

		if (!known_type(s->type))
			continue;
		if (s->index >= max)
			FAIL(SNAP_EINVAL, "section %u (%s): index %u, not below %u", (unsigned)i,
			     snap_section_name(s->type), (unsigned)s->index, (unsigned)max);
		if (seen[s->type] & (1u << s->index))
			FAIL(SNAP_EINVAL, "section %u (%s %u): given twice", (unsigned)i,
			     snap_section_name(s->type), (unsigned)s->index);
		seen[s->type] |= 1u << s->index;
	}
	for (uint16_t t = SNAP_SEC_CONFIG; t <= SNAP_SEC_RAM; t++) {
		uint32_t want = t == SNAP_SEC_VCPU || t == SNAP_SEC_VGIC_REDIST ? (1u << vcpus) - 1 : 1;

		if (t == SNAP_SEC_ITS) {
			vm->its_count = snap_popcount64(seen[t]);
			want = (1u << vm->its_count) - 1;
		}
		if (seen[t] != want)
			FAIL(SNAP_EINVAL, "%s: sections 0x%x present, expected 0x%x (config has %u "
			     "vCPUs)", snap_section_name(t), (unsigned)seen[t], (unsigned)want,
			     (unsigned)vcpus);
	}
	return 0;
}

static int get_section(const struct snap_source *src, const struct snap_toc *toc,
		       const struct snap_section *s, struct snap_vm *vm, char *err,
		       size_t err_size)
{
	static const uint64_t sizes[] = {
		[SNAP_SEC_CONFIG] = SNAP_CONFIG_SIZE, [SNAP_SEC_VCPU] = SNAP_VCPU_SIZE,
		[SNAP_SEC_VGIC_DIST] = SNAP_DIST_SIZE, [SNAP_SEC_VGIC_REDIST] = SNAP_REDIST_SIZE,
		[SNAP_SEC_ITS] = SNAP_ITS_SIZE, [SNAP_SEC_UART] = SNAP_UART_SIZE,
	};
	char label[32];
	struct snap_rd r;
	int rc;

	if (s->type == SNAP_SEC_VCPU || s->type == SNAP_SEC_VGIC_REDIST || s->type == SNAP_SEC_ITS)
		snprintf(label, sizeof(label), "%s %u", snap_section_name(s->type),
			 (unsigned)s->index);
	else
		snprintf(label, sizeof(label), "%s", snap_section_name(s->type));
	if (known_type(s->type) && s->type < SNAP_SEC_RAM_MAP &&
	    (rc = check_length(toc, s, sizes[s->type], label, err, err_size)))
		return rc;
	snap_rd_init(&r, src, s->offset, s->length);
	switch (s->type) {
	case SNAP_SEC_VCPU:
		return snap_get_vcpu(&r, s, &vm->vcpu[s->index], label, err, err_size);
	case SNAP_SEC_VGIC_DIST:
		return snap_get_dist(&r, s, &vm->dist, label, err, err_size);
	case SNAP_SEC_VGIC_REDIST:
		return snap_get_redist(&r, s, &vm->redist[s->index], label, err, err_size);
	case SNAP_SEC_ITS:
		return snap_get_its(&r, s, &vm->its[s->index], label, err, err_size);
	case SNAP_SEC_UART:
		return snap_get_uart(&r, s, &vm->uart, label, err, err_size);
	case SNAP_SEC_RAM_MAP:
		return snap_get_ram_map(&r, s, vm, err, err_size);
	case SNAP_SEC_CONFIG:	/* read first */
	case SNAP_SEC_RAM:	/* read by snap_ram_verify/snap_ram_read */
		return 0;
	default:		/* an optional one of a newer minor: its checksum */
		for (uint64_t left = s->length; left;) {
			uint8_t buf[64];
			size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);

			snap_rd_bytes(&r, buf, n);
			left -= n;
		}
		return snap_rd_end(&r, s->crc, label, err, err_size);
	}
}

static int decode(const struct snap_source *src, struct snap_vm *vm, struct snap_toc *toc,
		  char *err, size_t err_size)
{
	const struct snap_section *cfg = NULL, *ram = NULL;
	struct snap_rd r;
	int rc;

	if ((rc = snap_read_toc(src, toc, err, err_size)))
		return rc;
	for (uint32_t i = 0; i < toc->count; i++) {
		if (toc->sec[i].type == SNAP_SEC_CONFIG && !cfg)
			cfg = &toc->sec[i];
		if (toc->sec[i].type == SNAP_SEC_RAM)
			ram = &toc->sec[i];
	}
	if (!cfg || !ram)
		FAIL(SNAP_EINVAL, "section table: no %s section", cfg ? "ram" : "config");
	if ((rc = check_length(toc, cfg, SNAP_CONFIG_SIZE, "config", err, err_size)))
		return rc;
	snap_rd_init(&r, src, cfg->offset, cfg->length);
	if ((rc = snap_get_config(&r, cfg, &vm->config, "config", err, err_size)))
		return rc;
	if (vm->config.vcpus < 1 || vm->config.vcpus > SNAP_MAX_VCPUS)
		FAIL(SNAP_EINVAL, "config: vcpus %u is not 1 to %u", (unsigned)vm->config.vcpus,
		     SNAP_MAX_VCPUS);
	if ((rc = check_set(toc, vm, err, err_size)))
		return rc;
	for (uint32_t i = 0; i < toc->count; i++)
		if ((rc = get_section(src, toc, &toc->sec[i], vm, err, err_size)))
			return rc;
	if (ram->length != (uint64_t)vm->ram.present << SNAP_BLOCK_SHIFT)
		FAIL(SNAP_EINVAL, "ram: length %llu, the map has %u blocks of 2 MiB",
		     (unsigned long long)ram->length, (unsigned)vm->ram.present);
	vm->ram.data_offset = ram->offset;
	vm->meta = toc->meta;
	return snap_check(vm, err, err_size);
}

int snap_decode(const struct snap_source *src, struct snap_vm *vm, struct snap_toc *toc,
		char *err, size_t err_size)
{
	int rc;

	memset(vm, 0, sizeof(*vm));
	rc = decode(src, vm, toc, err, err_size);
	if (rc) {
		memset(vm, 0, sizeof(*vm));
		memset(toc, 0, sizeof(*toc));
	}
	return rc;
}
