/*
 * Device-tree walker. Runs before the MMU is on (built with -mstrict-align),
 * so it reads the tree a byte at a time and never calls memcpy and co.
 */
#include "guest.h"

#define FDT_MAGIC	0xd00dfeedU
#define FDT_BEGIN_NODE	1U
#define FDT_END_NODE	2U
#define FDT_PROP	3U
#define FDT_NOP		4U
#define FDT_END		9U

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_cells(const void *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 32 | fdt_be32((const uint8_t *)p + 4 * i);
	return v;
}

static uint32_t hdr(const void *fdt, int field)
{
	return fdt_be32((const uint8_t *)fdt + 4 * field);
}

#define H_MAGIC		0
#define H_TOTALSIZE	1
#define H_OFF_STRUCT	2
#define H_OFF_STRINGS	3
#define H_VERSION	5
#define H_SIZE_STRINGS	8
#define H_SIZE_STRUCT	9

bool fdt_valid(const void *fdt)
{
	uint32_t total;
	if (!fdt || ((uintptr_t)fdt & 3) || hdr(fdt, H_MAGIC) != FDT_MAGIC)
		return false;
	total = hdr(fdt, H_TOTALSIZE);
	return hdr(fdt, H_VERSION) >= 17 && total >= 40 && total < (64U << 20) &&
	       hdr(fdt, H_OFF_STRUCT) + hdr(fdt, H_SIZE_STRUCT) <= total &&
	       hdr(fdt, H_OFF_STRINGS) + hdr(fdt, H_SIZE_STRINGS) <= total;
}

uint32_t fdt_totalsize(const void *fdt)
{
	return hdr(fdt, H_TOTALSIZE);
}

static const uint8_t *blk(const void *fdt)
{
	return (const uint8_t *)fdt + hdr(fdt, H_OFF_STRUCT);
}

static uint32_t tag(const void *fdt, int off)
{
	if (off < 0 || (uint32_t)off + 4 > hdr(fdt, H_SIZE_STRUCT))
		return FDT_END;
	return fdt_be32(blk(fdt) + off);
}

static int slen(const char *s)
{
	int n = 0;
	while (s[n])
		n++;
	return n;
}

static bool seq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The offset of the token after the one at off, or -1 at the end. */
static int skip(const void *fdt, int off)
{
	switch (tag(fdt, off)) {
	case FDT_BEGIN_NODE:
		return (off + 4 + slen((const char *)blk(fdt) + off + 4) + 1 + 3) & ~3;
	case FDT_PROP:
		return (off + 12 + (int)fdt_be32(blk(fdt) + off + 4) + 3) & ~3;
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return -1;
	}
}

int fdt_root(const void *fdt)
{
	int off = 0;
	while (tag(fdt, off) == FDT_NOP)
		off += 4;
	return tag(fdt, off) == FDT_BEGIN_NODE ? off : -1;
}

const char *fdt_name(const void *fdt, int node)
{
	return (const char *)blk(fdt) + node + 4;
}

int fdt_first_child(const void *fdt, int node)
{
	int off = skip(fdt, node);
	for (;;) {
		switch (tag(fdt, off)) {
		case FDT_PROP:
		case FDT_NOP:
			off = skip(fdt, off);
			break;
		case FDT_BEGIN_NODE:
			return off;
		default:
			return -1;
		}
	}
}

/* The offset just past node's FDT_END_NODE. */
static int node_end(const void *fdt, int node)
{
	int depth = 0, off = node;
	for (;;) {
		switch (tag(fdt, off)) {
		case FDT_BEGIN_NODE:
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth == 0)
				return off + 4;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		default:
			return -1;
		}
		off = skip(fdt, off);
	}
}

int fdt_next_sibling(const void *fdt, int node)
{
	int off = node_end(fdt, node);
	while (off >= 0 && tag(fdt, off) == FDT_NOP)
		off += 4;
	return off >= 0 && tag(fdt, off) == FDT_BEGIN_NODE ? off : -1;
}

static bool name_matches(const char *node_name, const char *name, int len)
{
	bool has_at = false;
	for (int i = 0; i < len; i++)
		if (name[i] == '@')
			has_at = true;
	for (int i = 0; i < len; i++)
		if (node_name[i] != name[i])
			return false;
	return node_name[len] == '\0' || (!has_at && node_name[len] == '@');
}

static int subnode_n(const void *fdt, int node, const char *name, int len)
{
	for (int c = fdt_first_child(fdt, node); c >= 0; c = fdt_next_sibling(fdt, c))
		if (name_matches(fdt_name(fdt, c), name, len))
			return c;
	return -1;
}

int fdt_subnode(const void *fdt, int node, const char *name)
{
	return subnode_n(fdt, node, name, slen(name));
}

int fdt_path(const void *fdt, const char *path)
{
	int node = fdt_root(fdt);
	if (*path != '/')
		return -1;
	while (node >= 0 && *path) {
		int len = 0;
		while (*path == '/')
			path++;
		while (path[len] && path[len] != '/')
			len++;
		if (!len)
			break;
		node = subnode_n(fdt, node, path, len);
		path += len;
	}
	return node;
}

const void *fdt_prop(const void *fdt, int node, const char *name, int *len)
{
	const char *strings = (const char *)fdt + hdr(fdt, H_OFF_STRINGS);
	int off;

	if (node < 0)
		return NULL;
	for (off = skip(fdt, node); off >= 0; off = skip(fdt, off)) {
		uint32_t t = tag(fdt, off);
		if (t == FDT_NOP)
			continue;
		if (t != FDT_PROP)
			break;
		if (seq(strings + fdt_be32(blk(fdt) + off + 8), name)) {
			if (len)
				*len = (int)fdt_be32(blk(fdt) + off + 4);
			return blk(fdt) + off + 12;
		}
	}
	return NULL;
}

bool fdt_prop_has(const void *fdt, int node, const char *prop, const char *str)
{
	int len, pos = 0;
	const char *v = fdt_prop(fdt, node, prop, &len);
	if (!v)
		return false;
	while (pos < len) {
		int n = 0;
		while (pos + n < len && v[pos + n])
			n++;
		if (pos + n < len && seq(v + pos, str))
			return true;
		pos += n + 1;
	}
	return false;
}

int fdt_find_compatible(const void *fdt, int after, const char *compat)
{
	int off = after < 0 ? fdt_root(fdt) : skip(fdt, after);
	for (; off >= 0; off = skip(fdt, off))
		if (tag(fdt, off) == FDT_BEGIN_NODE && fdt_prop_has(fdt, off, "compatible", compat))
			return off;
	return -1;
}

static int cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const void *p = fdt_prop(fdt, node, name, &len);
	return p && len == 4 ? (int)fdt_be32(p) : dflt;
}

int fdt_address_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#size-cells", 1);
}

bool fdt_reg(const void *fdt, int parent, int node, int i, uint64_t *base, uint64_t *size)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent), len;
	const uint8_t *p = fdt_prop(fdt, node, "reg", &len);
	int entry = 4 * (ac + sc);

	if (!p || ac < 1 || ac > 2 || sc < 0 || sc > 2 || (i + 1) * entry > len)
		return false;
	p += i * entry;
	*base = fdt_cells(p, ac);
	*size = sc ? fdt_cells(p + 4 * ac, sc) : 0;
	return true;
}
