/* Streams over a sink or a source, a section at a time, with the
 * section's checksum as it goes (internal.h); error lines. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int snap_fail(char *err, size_t err_size, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return code;
}

static bool in_set(char c, enum snap_charset set)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (set) {
	case SNAP_CHARS_VM:
		return c == '-' || c == '_';
	case SNAP_CHARS_MODULE:
		return c == '-' || c == '_' || c == '.';
	default:
		return c >= 0x20 && c <= 0x7e;
	}
}

bool snap_string_ok(const char *s, size_t max, enum snap_charset set, bool may_be_empty)
{
	size_t n = 0;

	while (n < max && s[n])
		if (!in_set(s[n++], set))
			return false;
	return n < max && (n > 0 || may_be_empty);
}

/* ---- writer ------------------------------------------------------------------------ */

void snap_wr_init(struct snap_wr *w, const struct snap_sink *sink, uint64_t off)
{
	w->sink = sink;
	w->off = off;
	w->crc = 0;
	w->err = 0;
	w->len = 0;
}

int snap_wr_flush(struct snap_wr *w)
{
	if (w->len && !w->err && w->sink->write(w->sink->ctx, w->off, w->buf, w->len))
		w->err = SNAP_EIO;
	w->off += w->len;
	w->len = 0;
	return w->err;
}

void snap_wr_bytes(struct snap_wr *w, const void *p, size_t n)
{
	const uint8_t *b = p;

	w->crc = snap_crc32c(w->crc, b, n);
	while (n) {
		size_t k = sizeof(w->buf) - w->len;

		if (k > n)
			k = n;
		memcpy(w->buf + w->len, b, k);
		w->len += k;
		b += k;
		n -= k;
		if (w->len == sizeof(w->buf))
			snap_wr_flush(w);
	}
}

void snap_wr_zero(struct snap_wr *w, size_t n)
{
	static const uint8_t zero[64];

	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);

		snap_wr_bytes(w, zero, k);
		n -= k;
	}
}

void snap_wr_u8(struct snap_wr *w, uint8_t v)
{
	snap_wr_bytes(w, &v, 1);
}

void snap_wr_u16(struct snap_wr *w, uint16_t v)
{
	uint8_t b[2];

	snap_put16(b, v);
	snap_wr_bytes(w, b, sizeof(b));
}

void snap_wr_u32(struct snap_wr *w, uint32_t v)
{
	uint8_t b[4];

	snap_put32(b, v);
	snap_wr_bytes(w, b, sizeof(b));
}

void snap_wr_u64(struct snap_wr *w, uint64_t v)
{
	uint8_t b[8];

	snap_put64(b, v);
	snap_wr_bytes(w, b, sizeof(b));
}

/* ---- reader ------------------------------------------------------------------------ */

void snap_rd_init(struct snap_rd *r, const struct snap_source *src, uint64_t off,
		  uint64_t len)
{
	r->src = src;
	r->start = off;
	r->off = off;
	r->end = off + len;
	r->crc = 0;
	r->err = 0;
	r->bad_at = ~0ull;
	r->bad_val = 0;
	r->pos = 0;
	r->len = 0;
}

/* Where the next byte taken is, from the section's start. */
static uint64_t rd_at(const struct snap_rd *r)
{
	return r->off - r->start - (r->len - r->pos);
}

static bool refill(struct snap_rd *r)
{
	uint64_t left = r->end - r->off;
	size_t n = left < sizeof(r->buf) ? (size_t)left : sizeof(r->buf);

	if (r->err)
		return false;
	if (!n) {
		r->err = SNAP_EFORMAT;	/* a caller bug: lengths are checked first */
		return false;
	}
	if (r->src->read(r->src->ctx, r->off, r->buf, n)) {
		r->err = SNAP_EIO;
		return false;
	}
	r->crc = snap_crc32c(r->crc, r->buf, n);
	r->off += n;
	r->pos = 0;
	r->len = n;
	return true;
}

void snap_rd_bytes(struct snap_rd *r, void *p, size_t n)
{
	uint8_t *b = p;

	while (n) {
		size_t k;

		if (r->pos == r->len && !refill(r)) {
			memset(b, 0, n);
			return;
		}
		k = r->len - r->pos < n ? r->len - r->pos : n;
		memcpy(b, r->buf + r->pos, k);
		r->pos += k;
		b += k;
		n -= k;
	}
}

uint8_t snap_rd_u8(struct snap_rd *r)
{
	uint8_t b;

	snap_rd_bytes(r, &b, 1);
	return b;
}

uint16_t snap_rd_u16(struct snap_rd *r)
{
	uint8_t b[2];

	snap_rd_bytes(r, b, sizeof(b));
	return snap_get16(b);
}

uint32_t snap_rd_u32(struct snap_rd *r)
{
	uint8_t b[4];

	snap_rd_bytes(r, b, sizeof(b));
	return snap_get32(b);
}

uint64_t snap_rd_u64(struct snap_rd *r)
{
	uint8_t b[8];

	snap_rd_bytes(r, b, sizeof(b));
	return snap_get64(b);
}

void snap_rd_zero(struct snap_rd *r, uint64_t n)
{
	while (n--) {
		uint64_t at = rd_at(r);
		uint8_t b = snap_rd_u8(r);

		if (b && r->bad_at == ~0ull) {
			r->bad_at = at;
			r->bad_val = b;
		}
	}
}

int snap_rd_end(struct snap_rd *r, uint32_t crc, const char *label, char *err,
		size_t err_size)
{
	uint64_t known = rd_at(r);

	snap_rd_zero(r, r->end - r->start - known);
	if (r->err == SNAP_EIO)
		return snap_fail(err, err_size, SNAP_EIO, "%s: read error", label);
	if (r->err)
		return snap_fail(err, err_size, r->err, "%s: shorter than its fields", label);
	if (r->crc != crc)
		return snap_fail(err, err_size, SNAP_ECRC,
				 "%s: checksum 0x%08x, the table says 0x%08x", label,
				 (unsigned)r->crc, (unsigned)crc);
	if (r->bad_at != ~0ull)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "%s: %s byte %llu is 0x%02x, must be 0", label,
				 r->bad_at >= known ? "appended (newer minor version)" : "reserved",
				 (unsigned long long)r->bad_at, r->bad_val);
	return 0;
}
