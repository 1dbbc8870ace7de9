/* armhv's own check of an untrusted device tree's structure block, before
 * libfdt walks it (see dt/dt_check.h). Pure: runs at EL2 and in host
 * tests. */
#include <dt/dt_check.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

/* Enough for any real PL011 node; bounds the salvage walk. */
#define SALVAGE_MAX_PROPS	64

#define WHY(...) do { snprintf(why, why_size, __VA_ARGS__); return -EINVAL; } while (0)

static uint32_t word(const uint8_t *p)
{
	return fdt32_ld((const fdt32_t *)(const void *)p);
}

/* The structure block: its size is in the header from version 17 on, and
 * runs to the end of the tree before that. */
static const uint8_t *struct_block(const void *fdt, uint32_t *size)
{
	*size = fdt_version(fdt) >= 17 ? fdt_size_dt_struct(fdt)
				       : fdt_totalsize(fdt) - fdt_off_dt_struct(fdt);
	return (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
}

static bool name_in_strings(const void *fdt, uint32_t nameoff)
{
	const char *strs = (const char *)fdt + fdt_off_dt_strings(fdt);
	uint32_t size = fdt_size_dt_strings(fdt);

	return nameoff < size && memchr(strs + nameoff, 0, size - nameoff) != NULL;
}

/* One pass: every tag inside the block, each one ending after it began,
 * properties inside nodes with lengths and names inside their blocks,
 * nodes nested, one root first, FDT_END last. */
static int check_struct(const void *fdt, char *why, size_t why_size)
{
	uint32_t size, off = 0, depth = 0;
	const uint8_t *blk = struct_block(fdt, &size);
	bool root_done = false;

	for (;;) {
		uint64_t next;
		uint32_t tag;

		if (size - off < 4)
			WHY("structure block: ends at 0x%x without FDT_END", off);
		tag = word(blk + off);
		if (off == 0 && tag != FDT_BEGIN_NODE)
			WHY("structure block: does not start with the root node");
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const uint8_t *name = blk + off + 4;
			const uint8_t *nul = memchr(name, 0, size - off - 4);

			if (root_done)
				WHY("structure block: a second root node at 0x%x", off);
			if (!nul)
				WHY("structure block: node name at 0x%x runs past the block", off);
			next = ALIGN_UP((uint64_t)(nul + 1 - blk), 4);
			depth++;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				WHY("structure block: FDT_END_NODE at 0x%x closes no node", off);
			if (--depth == 0)
				root_done = true;
			next = (uint64_t)off + 4;
			break;
		case FDT_PROP: {
			uint32_t len, nameoff;

			if (depth == 0)
				WHY("structure block: property at 0x%x outside any node", off);
			if (size - off < 12)
				WHY("structure block: property at 0x%x runs past the block", off);
			len = word(blk + off + 4);
			nameoff = word(blk + off + 8);
			if (len > size - off - 12)
				WHY("structure block: property at 0x%x has length 0x%x, past the block",
				    off, len);
			if (!name_in_strings(fdt, nameoff))
				WHY("structure block: property at 0x%x has its name outside the strings block",
				    off);
			next = ALIGN_UP((uint64_t)off + 12 + len, 4);
			break;
		}
		case FDT_NOP:
			next = (uint64_t)off + 4;
			break;
		case FDT_END:
			if (!root_done || depth)
				WHY("structure block: FDT_END at 0x%x inside a node", off);
			return 0;
		default:
			WHY("structure block: unknown tag 0x%x at 0x%x", tag, off);
		}
		/* Every tag advances, so the walk ends; none ends past the block. */
		if (next > size)
			WHY("structure block: the tag at 0x%x runs past the block", off);
		off = (uint32_t)next;
	}
}

int dt_check(const void *fdt, size_t buf_size, char *why, size_t why_size)
{
	int ret;

	if (buf_size < sizeof(struct fdt_header))
		WHY("buffer too small");
	ret = fdt_check_header(fdt);
	if (ret)
		WHY("%s", fdt_strerror(ret));
	if (fdt_totalsize(fdt) > buf_size)
		WHY("size %u larger than its buffer", fdt_totalsize(fdt));
	/* Versions before 16 keep full paths as node names; libfdt 1.6.1's
	 * fdt_check_full() dereferences NULL on some of them (found by the
	 * fuzzer), and no loader of the last decade writes them. */
	if (fdt_version(fdt) < 16)
		WHY("version %u too old (16 or later needed)", fdt_version(fdt));
	ret = check_struct(fdt, why, why_size);
	if (ret)
		return ret;
	/* libfdt's own check, now that walking is safe. */
	ret = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (ret)
		WHY("%s", fdt_strerror(ret));
	return 0;
}

/* Whether the len bytes at v, a string list, hold s. */
static bool stringlist_has(const char *v, uint32_t len, const char *s)
{
	size_t n = strlen(s) + 1;

	while (len >= n) {
		const char *nul = memchr(v, 0, len);

		if (!nul)
			return false;
		if ((size_t)(nul - v) + 1 == n && memcmp(v, s, n) == 0)
			return true;
		len -= (uint32_t)(nul - v) + 1;
		v = nul + 1;
	}
	return false;
}

/* The hexadecimal unit address after '@' in a node name, or 0. */
static paddr_t unit_address(const char *name, const char *end)
{
	const char *at = memchr(name, '@', (size_t)(end - name));
	uint64_t v = 0;

	if (!at || at + 1 == end || end - (at + 1) > 16)
		return pa_init(0);
	for (const char *p = at + 1; p < end; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			return pa_init(0);
		v = (v << 4) | d;
	}
	return pa_init(v);
}

paddr_t dt_salvage_uart(const void *fdt, size_t buf_size)
{
	const char *strs;
	const uint8_t *blk;
	uint32_t size;

	if (buf_size < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > buf_size)
		return pa_init(0);
	blk = struct_block(fdt, &size);
	strs = (const char *)fdt + fdt_off_dt_strings(fdt);
	/* Any aligned FDT_BEGIN_NODE may start a node: the damage can be
	 * anywhere, including in the tags that lead to this one. */
	for (uint32_t off = 0; size >= 8 && off <= size - 8; off += 4) {
		const char *name = (const char *)blk + off + 4, *nul;
		bool pl011 = false, enabled = true;
		uint64_t p;
		paddr_t addr;

		if (word(blk + off) != FDT_BEGIN_NODE)
			continue;
		nul = memchr(name, 0, size - off - 4);
		if (!nul)
			break;	/* no later name can end either */
		addr = unit_address(name, nul);
		if (!pa_addr(addr) || !pa_is_aligned(addr, PAGE_SIZE))
			continue;
		p = ALIGN_UP((uint64_t)((const uint8_t *)nul + 1 - blk), 4);
		for (unsigned n = 0; n < SALVAGE_MAX_PROPS && p + 4 <= size; n++) {
			uint32_t tag = word(blk + p), len, nameoff;
			const char *v;

			if (tag == FDT_NOP) {
				p += 4;
				continue;
			}
			if (tag != FDT_PROP || size - p < 12)
				break;
			len = word(blk + p + 4);
			nameoff = word(blk + p + 8);
			if (len > size - p - 12 || !name_in_strings(fdt, nameoff))
				break;
			v = (const char *)blk + p + 12;
			if (strcmp(strs + nameoff, "compatible") == 0)
				pl011 = stringlist_has(v, len, "arm,pl011");
			else if (strcmp(strs + nameoff, "status") == 0)
				enabled = stringlist_has(v, len, "okay") || stringlist_has(v, len, "ok");
			p = ALIGN_UP(p + 12 + len, 4);
		}
		if (pl011 && enabled)
			return addr;
	}
	return pa_init(0);
}
