/* Guest RAM in a snapshot: the ram-map section (which 2 MiB blocks are
 * present, and each one's CRC-32C) and reading the blocks back, each
 * checked before it is handed over. */
#include "internal.h"

#define MAP_CRCS	64u	/* block checksums fetched at a time */

uint32_t snap_bitmap_words(uint32_t blocks)
{
	return (blocks + 63) / 64;
}

uint64_t snap_ram_map_size(uint32_t blocks, uint32_t present)
{
	return SNAP_MAP_HDR + 8ull * snap_bitmap_words(blocks) + 4ull * present;
}

uint32_t snap_popcount(const uint64_t *bitmap, uint32_t words)
{
	uint32_t n = 0;

	for (uint32_t w = 0; w < words; w++)
		n += snap_popcount64(bitmap[w]);
	return n;
}

int snap_get_ram_map(struct snap_rd *r, const struct snap_section *s, struct snap_vm *vm,
		     char *err, size_t err_size)
{
	struct snap_ram *ram = &vm->ram;
	uint32_t shift = snap_rd_u32(r), words;
	int rc;

	ram->blocks = snap_rd_u32(r);
	ram->present = snap_rd_u32(r);
	snap_rd_zero(r, 4);
	/* The counts size what follows: check them before reading it. */
	if (ram->blocks > SNAP_MAX_BLOCKS || ram->present > ram->blocks)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "ram-map: %u of %u blocks present: at most %u blocks (1 TiB), "
				 "present <= blocks", (unsigned)ram->present,
				 (unsigned)ram->blocks, SNAP_MAX_BLOCKS);
	if (s->length != snap_ram_map_size(ram->blocks, ram->present))
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "ram-map: length %llu, %u blocks with %u present take %llu",
				 (unsigned long long)s->length, (unsigned)ram->blocks,
				 (unsigned)ram->present,
				 (unsigned long long)snap_ram_map_size(ram->blocks, ram->present));
	words = snap_bitmap_words(ram->blocks);
	for (uint32_t w = 0; w < words; w++)
		ram->bitmap[w] = snap_rd_u64(r);
	for (uint32_t k = 0; k < ram->present; k++)
		(void)snap_rd_u32(r);	/* checked block by block, see below */
	if ((rc = snap_rd_end(r, s->crc, "ram-map", err, err_size)))
		return rc;
	if (shift != SNAP_BLOCK_SHIFT)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "ram-map: block size 2^%u, format 1 has 2^%u (2 MiB)",
				 (unsigned)shift, SNAP_BLOCK_SHIFT);
	ram->map_offset = s->offset;
	return 0;
}

/* Walks the present blocks in order, with each one's checksum. */
struct walk {
	const struct snap_source *src;
	const struct snap_ram *ram;
	uint32_t b, k;		/* block, its rank among the present ones */
	uint32_t crc;
	uint32_t crcs[MAP_CRCS];
};

static int walk_next(struct walk *wk, char *err, size_t err_size)
{
	const struct snap_ram *ram = wk->ram;
	uint64_t at;

	while (wk->b < ram->blocks && !snap_block_present(ram, wk->b))
		wk->b++;
	if (wk->b >= ram->blocks)
		return 1;
	if (wk->k % MAP_CRCS == 0) {
		uint32_t n = ram->present - wk->k < MAP_CRCS ? ram->present - wk->k : MAP_CRCS;
		uint8_t raw[4 * MAP_CRCS];

		at = ram->map_offset + SNAP_MAP_HDR + 8ull * snap_bitmap_words(ram->blocks) +
		     4ull * wk->k;
		if (at + 4ull * n > wk->src->size || wk->src->read(wk->src->ctx, at, raw, 4 * n))
			return snap_fail(err, err_size, SNAP_EIO,
					 "ram-map: cannot read the checksum of block %u",
					 (unsigned)wk->b);
		for (uint32_t i = 0; i < n; i++)
			wk->crcs[i] = snap_get32(raw + 4 * i);
	}
	wk->crc = wk->crcs[wk->k % MAP_CRCS];
	return 0;
}

static uint64_t block_offset(const struct snap_ram *ram, uint32_t k)
{
	return ram->data_offset + ((uint64_t)k << SNAP_BLOCK_SHIFT);
}

static int bad_block(const struct snap_vm *vm, const struct walk *wk, uint32_t crc, char *err,
		     size_t err_size)
{
	return snap_fail(err, err_size, SNAP_ECRC,
			 "ram: block %u (IPA 0x%llx): checksum 0x%08x, the map says 0x%08x",
			 (unsigned)wk->b,
			 (unsigned long long)(vm->config.ram_base + ((uint64_t)wk->b << SNAP_BLOCK_SHIFT)),
			 (unsigned)crc, (unsigned)wk->crc);
}

static int ram_bounds(const struct snap_source *src, const struct snap_ram *ram, char *err,
		      size_t err_size)
{
	if (ram->present > ram->blocks || ram->blocks > SNAP_MAX_BLOCKS ||
	    block_offset(ram, ram->present) > src->size || ram->data_offset > src->size)
		return snap_fail(err, err_size, SNAP_EFORMAT,
				 "ram: %u blocks at %llu do not fit the %llu bytes read",
				 (unsigned)ram->present, (unsigned long long)ram->data_offset,
				 (unsigned long long)src->size);
	return 0;
}

int snap_ram_verify(const struct snap_source *src, const struct snap_vm *vm,
		    void *scratch, size_t scratch_size, char *err, size_t err_size)
{
	struct walk wk = { .src = src, .ram = &vm->ram };
	int rc;

	if ((rc = ram_bounds(src, &vm->ram, err, err_size)))
		return rc;
	if (scratch_size < 64)
		return snap_fail(err, err_size, SNAP_EIO, "ram: scratch buffer too small");
	for (; !(rc = walk_next(&wk, err, err_size)); wk.b++, wk.k++) {
		uint64_t off = block_offset(&vm->ram, wk.k), left = SNAP_BLOCK_SIZE;
		uint32_t crc = 0;

		while (left) {
			size_t n = left < scratch_size ? (size_t)left : scratch_size;

			if (src->read(src->ctx, off, scratch, n))
				return snap_fail(err, err_size, SNAP_EIO,
						 "ram: read error in block %u", (unsigned)wk.b);
			crc = snap_crc32c(crc, scratch, n);
			off += n;
			left -= n;
		}
		if (crc != wk.crc)
			return bad_block(vm, &wk, crc, err, err_size);
	}
	return rc < 0 ? rc : 0;
}

int snap_ram_read(const struct snap_source *src, const struct snap_vm *vm,
		  const struct snap_ram_out *out, char *err, size_t err_size)
{
	struct walk wk = { .src = src, .ram = &vm->ram };
	int rc;

	if ((rc = ram_bounds(src, &vm->ram, err, err_size)))
		return rc;
	for (; !(rc = walk_next(&wk, err, err_size)); wk.b++, wk.k++) {
		void *dst = out->into(out->ctx, wk.b);
		uint32_t crc;

		if (!dst)
			return snap_fail(err, err_size, SNAP_EIO, "ram: nowhere to put block %u",
					 (unsigned)wk.b);
		if (src->read(src->ctx, block_offset(&vm->ram, wk.k), dst, SNAP_BLOCK_SIZE))
			return snap_fail(err, err_size, SNAP_EIO, "ram: read error in block %u",
					 (unsigned)wk.b);
		crc = snap_crc32c(0, dst, SNAP_BLOCK_SIZE);
		if (crc != wk.crc)
			return bad_block(vm, &wk, crc, err, err_size);
		if (out->done && out->done(out->ctx, wk.b))
			return snap_fail(err, err_size, SNAP_EIO, "ram: block %u refused",
					 (unsigned)wk.b);
	}
	return rc < 0 ? rc : 0;
}
