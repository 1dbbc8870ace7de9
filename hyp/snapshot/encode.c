/* Writing a snapshot: the layout (where each section goes), then every
 * section through the sink, RAM blocks straight from the caller's memory,
 * the section table, and the header last. */
#include "internal.h"

#include <string.h>

uint64_t snap_section_start(uint64_t end, uint16_t type)
{
	return SNAP_ALIGN_UP(end, type == SNAP_SEC_RAM ? SNAP_RAM_ALIGN : SNAP_SECTION_ALIGN);
}

static void add(struct snap_section *sec, uint32_t *n, uint16_t type, uint32_t index,
		uint64_t length)
{
	sec[*n] = (struct snap_section){ .type = type, .index = index, .length = length };
	(*n)++;
}

uint32_t snap_layout(const struct snap_vm *vm, struct snap_section *sec, uint64_t *total)
{
	uint32_t n = 0, vcpus = vm->config.vcpus;
	uint64_t end;

	add(sec, &n, SNAP_SEC_CONFIG, 0, SNAP_CONFIG_SIZE);
	for (uint32_t i = 0; i < vcpus; i++)
		add(sec, &n, SNAP_SEC_VCPU, i, SNAP_VCPU_SIZE);
	add(sec, &n, SNAP_SEC_VGIC_DIST, 0, SNAP_DIST_SIZE);
	for (uint32_t i = 0; i < vcpus; i++)
		add(sec, &n, SNAP_SEC_VGIC_REDIST, i, SNAP_REDIST_SIZE);
	for (uint32_t i = 0; i < vm->its_count; i++)
		add(sec, &n, SNAP_SEC_ITS, i, SNAP_ITS_SIZE);
	add(sec, &n, SNAP_SEC_UART, 0, SNAP_UART_SIZE);
	add(sec, &n, SNAP_SEC_RAM_MAP, 0, snap_ram_map_size(vm->ram.blocks, vm->ram.present));
	add(sec, &n, SNAP_SEC_RAM, 0, (uint64_t)vm->ram.present << SNAP_BLOCK_SHIFT);
	end = SNAP_HEADER_SIZE + SNAP_ENTRY_SIZE * n;
	for (uint32_t i = 0; i < n; i++) {
		sec[i].offset = snap_section_start(end, sec[i].type);
		end = sec[i].offset + sec[i].length;
	}
	*total = end;
	return n;
}

static bool counts_ok(const struct snap_vm *vm)
{
	return vm->config.vcpus >= 1 && vm->config.vcpus <= SNAP_MAX_VCPUS &&
	       vm->its_count <= SNAP_MAX_ITS && vm->ram.blocks <= SNAP_MAX_BLOCKS &&
	       vm->ram.present <= vm->ram.blocks;
}

uint64_t snap_encoded_size(const struct snap_vm *vm)
{
	struct snap_section sec[SNAP_LAYOUT_MAX];
	uint64_t total;

	if (!counts_ok(vm))
		return 0;
	snap_layout(vm, sec, &total);
	return total;
}

static int pad(const struct snap_sink *sink, uint64_t from, uint64_t to)
{
	static const uint8_t zero[SNAP_RAM_ALIGN];

	while (from < to) {
		size_t n = to - from < sizeof(zero) ? (size_t)(to - from) : sizeof(zero);

		if (sink->write(sink->ctx, from, zero, n))
			return SNAP_EIO;
		from += n;
	}
	return 0;
}

/* The ram-map and the RAM blocks together: each block's checksum goes
 * into the map as the block goes out. */
static int put_ram(const struct snap_vm *vm, const struct snap_ram_in *in,
		   const struct snap_sink *sink, struct snap_section *map,
		   const struct snap_section *data, char *err, size_t err_size)
{
	const struct snap_ram *ram = &vm->ram;
	struct snap_wr w;
	uint32_t k = 0;

	snap_wr_init(&w, sink, map->offset);
	snap_wr_u32(&w, SNAP_BLOCK_SHIFT);
	snap_wr_u32(&w, ram->blocks);
	snap_wr_u32(&w, ram->present);
	snap_wr_zero(&w, 4);
	for (uint32_t i = 0; i < snap_bitmap_words(ram->blocks); i++)
		snap_wr_u64(&w, ram->bitmap[i]);
	for (uint32_t b = 0; b < ram->blocks; b++) {
		const void *p;

		if (!snap_block_present(ram, b))
			continue;
		p = in->block(in->ctx, b);
		if (!p)
			return snap_fail(err, err_size, SNAP_EIO, "ram: block %u not available",
					 (unsigned)b);
		if (sink->write(sink->ctx, data->offset + ((uint64_t)k << SNAP_BLOCK_SHIFT), p,
				SNAP_BLOCK_SIZE))
			return snap_fail(err, err_size, SNAP_EIO, "ram: write error in block %u",
					 (unsigned)b);
		snap_wr_u32(&w, snap_crc32c(0, p, SNAP_BLOCK_SIZE));
		k++;
	}
	if (snap_wr_flush(&w))
		return snap_fail(err, err_size, SNAP_EIO, "ram-map: write error");
	map->crc = w.crc;
	return 0;
}

static int put_section(const struct snap_vm *vm, const struct snap_sink *sink,
		       struct snap_section *s)
{
	struct snap_wr w;

	snap_wr_init(&w, sink, s->offset);
	switch (s->type) {
	case SNAP_SEC_CONFIG: snap_put_config(&w, &vm->config); break;
	case SNAP_SEC_VCPU: snap_put_vcpu(&w, &vm->vcpu[s->index], s->index); break;
	case SNAP_SEC_VGIC_DIST: snap_put_dist(&w, &vm->dist); break;
	case SNAP_SEC_VGIC_REDIST: snap_put_redist(&w, &vm->redist[s->index]); break;
	case SNAP_SEC_ITS: snap_put_its(&w, &vm->its[s->index]); break;
	default: snap_put_uart(&w, &vm->uart); break;
	}
	s->crc = w.crc;
	return snap_wr_flush(&w);
}

static int put_head(const struct snap_vm *vm, const struct snap_sink *sink,
		    const struct snap_section *sec, uint32_t n, uint64_t total, uint32_t *crc)
{
	uint8_t h[SNAP_HEADER_SIZE];
	struct snap_wr w;
	size_t len = 0;

	snap_wr_init(&w, sink, SNAP_HEADER_SIZE);
	for (uint32_t i = 0; i < n; i++) {
		snap_wr_u16(&w, sec[i].type);
		snap_wr_u16(&w, 0);
		snap_wr_u32(&w, sec[i].index);
		snap_wr_u64(&w, sec[i].offset);
		snap_wr_u64(&w, sec[i].length);
		snap_wr_u32(&w, sec[i].crc);
		snap_wr_u32(&w, 0);
	}
	if (snap_wr_flush(&w) || pad(sink, w.off, sec[0].offset))
		return SNAP_EIO;
	memset(h, 0, sizeof(h));
	memcpy(h, SNAP_MAGIC, 8);
	snap_put16(h + 8, SNAP_MAJOR);
	snap_put16(h + 10, SNAP_MINOR);
	snap_put32(h + 12, SNAP_HEADER_SIZE);
	snap_put64(h + 16, total);
	snap_put64(h + 24, vm->meta.created);
	snap_put32(h + 32, n);
	snap_put32(h + 36, w.crc);
	snap_put32(h + 44, vm->meta.counter_freq);
	while (len < SNAP_VERSION_MAX - 1 && vm->meta.armhv_version[len])
		len++;
	memcpy(h + 48, vm->meta.armhv_version, len);
	*crc = snap_crc32c(0, h, SNAP_HEADER_SIZE - 4);
	snap_put32(h + SNAP_HEADER_SIZE - 4, *crc);
	return sink->write(sink->ctx, 0, h, sizeof(h)) ? SNAP_EIO : 0;
}

int snap_encode(const struct snap_vm *vm, const struct snap_ram_in *ram,
		const struct snap_sink *sink, uint64_t *size, uint32_t *header_crc,
		char *err, size_t err_size)
{
	int rc = snap_check(vm, err, err_size);

	return rc ? rc : snap_encode_raw(vm, ram, sink, size, header_crc, err, err_size);
}

int snap_encode_raw(const struct snap_vm *vm, const struct snap_ram_in *ram,
		    const struct snap_sink *sink, uint64_t *size, uint32_t *header_crc,
		    char *err, size_t err_size)
{
	struct snap_section sec[SNAP_LAYOUT_MAX];
	uint64_t total, end;
	uint32_t n, crc;
	int rc;

	if (!counts_ok(vm))
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "config: %u vCPUs, %u ITSes, %u of %u RAM blocks: out of range",
				 (unsigned)vm->config.vcpus, (unsigned)vm->its_count,
				 (unsigned)vm->ram.present, (unsigned)vm->ram.blocks);
	n = snap_layout(vm, sec, &total);
	end = sec[0].offset;
	for (uint32_t i = 0; i < n; i++) {
		if (pad(sink, end, sec[i].offset))
			return snap_fail(err, err_size, SNAP_EIO, "write error before %s",
					 snap_section_name(sec[i].type));
		end = sec[i].offset + sec[i].length;
		if (sec[i].type == SNAP_SEC_RAM)
			continue;	/* written with the map */
		if (sec[i].type == SNAP_SEC_RAM_MAP) {
			if ((rc = put_ram(vm, ram, sink, &sec[i], &sec[i + 1], err, err_size)))
				return rc;
		} else if (put_section(vm, sink, &sec[i])) {
			return snap_fail(err, err_size, SNAP_EIO, "%s: write error",
					 snap_section_name(sec[i].type));
		}
	}
	if (put_head(vm, sink, sec, n, total, &crc))
		return snap_fail(err, err_size, SNAP_EIO, "header: write error");
	if (size)
		*size = total;
	if (header_crc)
		*header_crc = crc;
	return 0;
}
