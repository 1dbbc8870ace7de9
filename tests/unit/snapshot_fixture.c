/* Fixtures of the snapshot tests (snapshot_fixture.h). */
#include "snapshot_fixture.h"

#include <snapshot/internal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE 0x40000000ull

static void die(const char *what)
{
	fprintf(stderr, "fixture: %s\n", what);
	abort();
}

/* ---- memory buffers ------------------------------------------------------------------- */

void mb_free(struct membuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static int mb_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct membuf *b = ctx;

	if (off + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < off + len)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (!b->p)
			die("out of memory");
		memset(b->p + b->cap, 0, cap - b->cap);
		b->cap = cap;
	}
	memcpy(b->p + off, buf, len);
	if (off + len > b->len)
		b->len = off + len;
	return 0;
}

static int mb_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct membuf *b = ctx;

	if (off > b->len || len > b->len - off)
		return -1;
	memcpy(buf, b->p + off, len);
	return 0;
}

struct snap_sink mb_sink(struct membuf *b)
{
	return (struct snap_sink){ .ctx = b, .write = mb_write };
}

struct snap_source mb_source(struct membuf *b)
{
	return (struct snap_source){ .ctx = b, .size = b->len, .read = mb_read };
}

uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ---- random valid VMs ----------------------------------------------------------------- */

static void random_irq(struct snap_irq *q, uint64_t *s)
{
	uint64_t r = rng_next(s);

	q->priority = (uint8_t)r;
	q->enabled = r & 0x100;
	q->pending = r & 0x200;
	q->active = r & 0x400;
	q->level = r & 0x800;
	q->edge = r & 0x1000;
	q->group1 = r & 0x2000;
}

static void random_gic(struct snap_vm *vm, uint64_t *s)
{
	uint32_t n = vm->config.vcpus;
	uint64_t prop = (RAM_BASE + 0x100000) | 15 | (rng_next(s) & 0x0700000000000f80ull);

	vm->dist.ctlr = (uint32_t)(rng_next(s) & 3);
	vm->dist.nr_lrs = (uint8_t)(1 + rng_next(s) % 16);
	vm->dist.pre_bits = (uint8_t)(5 + rng_next(s) % 3);
	vm->dist.pri_bits = (uint8_t)(vm->dist.pre_bits + rng_next(s) % (9u - vm->dist.pre_bits));
	for (unsigned i = 0; i < SNAP_NR_SPIS; i++) {
		struct snap_irq *q = &vm->dist.spi[i];

		random_irq(q, s);
		if (rng_next(s) & 1) {
			q->route = rng_next(s) % n;	/* 0.0.0.n */
			q->target = (uint8_t)q->route;
		} else {
			q->route = rng_next(s) & 0xff00ffffffull;	/* anything the guest writes */
			q->target = (q->route & ~0xffull) == 0 && (q->route & 0xff) < n ?
				    (uint8_t)q->route : 0;
		}
	}
	for (unsigned v = 0; v < n; v++) {
		struct snap_redist *rd = &vm->redist[v];
		unsigned aprs = 1u << (vm->dist.pre_bits - 5);

		rd->waker = (uint32_t)(rng_next(s) & 2);
		rd->lpis_enabled = rng_next(s) & 1;
		rd->propbaser = prop;
		rd->pendbaser = (RAM_BASE + 0x110000 + 0x10000ull * v) |
				(rng_next(s) & 0x0700000000000f80ull);
		rd->vmcr = rng_next(s) & 0xfffc021full &
			   ~(((1ull << (8 - vm->dist.pri_bits)) - 1) << 24);
		for (unsigned k = 0; k < aprs; k++) {
			rd->ap0r[k] = (uint32_t)rng_next(s);
			rd->ap1r[k] = (uint32_t)rng_next(s);
		}
		for (unsigned i = 0; i < SNAP_NR_PRIVATE; i++) {
			struct snap_irq *q = &rd->priv[i];

			random_irq(q, s);
			q->target = (uint8_t)v;
			if (i < 16) {
				q->edge = true;
				q->level = false;
			}
			q->hw = i == 27;
		}
	}
}

static void random_vcpu(struct snap_vcpu *v, unsigned id, uint64_t *s)
{
	static const uint64_t modes[] = { 0, 4, 5 };

	v->power = (uint32_t)(rng_next(s) % 3);
	v->mpidr = (1ull << 31) | id;
	for (unsigned i = 0; i < 31; i++)
		v->x[i] = rng_next(s);
	v->pc = rng_next(s);
	v->pstate = (rng_next(s) & 0xf3f03fc0ull) | modes[rng_next(s) % 3];
	v->sp_el0 = rng_next(s);
	v->sp_el1 = rng_next(s);
	v->elr_el1 = rng_next(s);
	v->spsr_el1 = rng_next(s);
	for (unsigned i = 0; i < SNAP_NR_SYSREGS; i++)
		v->sysreg[i] = rng_next(s);
	v->pauth = rng_next(s) & 1;
	for (unsigned i = 0; v->pauth && i < 10; i++)
		v->pauth_keys[i] = rng_next(s);
	v->cntv_ctl = rng_next(s) & 7;
	v->cntv_cval = rng_next(s);
	v->ptimer_ctl = rng_next(s) & 3;
	v->ptimer_cval = rng_next(s);
	for (unsigned i = 0; i < 32; i++) {
		v->v[i][0] = rng_next(s);
		v->v[i][1] = rng_next(s);
	}
	v->fpsr = (uint32_t)rng_next(s) & 0xf800009fu;
	v->fpcr = (uint32_t)rng_next(s) & 0x07ffbf07u;
}

static void random_its(struct snap_vm *vm, unsigned k, uint64_t *s)
{
	struct snap_its *its = &vm->its[k];
	uint8_t *b = its->regs;

	its->base = 0x08080000ull + 0x20000ull * k;
	its->max_devices = (uint32_t)(rng_next(s) % 65537);
	its->max_ites = (uint32_t)(rng_next(s) % (1u << 24));
	its->max_itt_entries = (uint32_t)(rng_next(s) % (1u << 24));
	its->translater_devid = (uint32_t)rng_next(s);
	for (unsigned i = 8; i < SNAP_ITS_BLOB; i++)
		b[i] = (uint8_t)rng_next(s);
	snap_put32(b, 0x52535449u);
	snap_put32(b + 4, 1u | (SNAP_ITS_BLOB << 16));
	/* BASER0/1: valid (4 KiB pages, a table in RAM) or not. */
	for (unsigned t = 0; t < 2; t++)
		snap_put64(b + 48 + 8 * t, rng_next(s) & 1 ?
			   (1ull << 63) | (RAM_BASE + 0x300000 + 0x10000ull * t) : 0);
}

void random_vm(struct snap_vm *vm, uint8_t **ram, uint64_t seed, const struct vm_shape *shape)
{
	uint64_t s = seed * 0x1000193 + 1;
	uint32_t present = 0;
	struct snap_config *c = &vm->config;
	struct snap_uart *u = &vm->uart;

	memset(vm, 0, sizeof(*vm));
	vm->meta.created = rng_next(&s);
	vm->meta.counter_freq = 62500000;
	snprintf(vm->meta.armhv_version, sizeof(vm->meta.armhv_version), "test-%llu",
		 (unsigned long long)seed);
	snprintf(c->name, sizeof(c->name), "vm%llu", (unsigned long long)(seed % 1000));
	c->mem_size = (uint64_t)shape->blocks << SNAP_BLOCK_SHIFT;
	c->ram_base = RAM_BASE;
	c->vcpus = shape->vcpus ? shape->vcpus : (uint32_t)(1 + rng_next(&s) % SNAP_MAX_VCPUS);
	c->cpu_mask = rng_next(&s) & 0xff;
	snprintf(c->kernel, sizeof(c->kernel), "vm-kernel");
	if (rng_next(&s) & 1)
		snprintf(c->initrd, sizeof(c->initrd), "vm-initrd.%llu",
			 (unsigned long long)(seed % 100));
	snprintf(c->cmdline, sizeof(c->cmdline), "console=ttyAMA0 seed=%llu",
		 (unsigned long long)seed);
	c->cntvoff = rng_next(&s);
	for (unsigned i = 0; i < c->vcpus; i++)
		random_vcpu(&vm->vcpu[i], i, &s);
	random_gic(vm, &s);
	vm->its_count = shape->its >= 0 ? (uint32_t)shape->its : (uint32_t)(rng_next(&s) % 3);
	for (unsigned k = 0; k < vm->its_count; k++)
		random_its(vm, k, &s);
	u->cr = (uint32_t)rng_next(&s) & 0xff87;
	u->lcr_h = (uint32_t)rng_next(&s) & 0xff;
	u->ibrd = (uint32_t)rng_next(&s) & 0xffff;
	u->imsc = (uint32_t)rng_next(&s) & 0x7ff;
	u->ris = (uint32_t)rng_next(&s) & 0x7ff;
	u->rx_count = (uint32_t)(rng_next(&s) % (SNAP_UART_FIFO + 1));
	for (unsigned i = 0; i < u->rx_count; i++)
		u->rx[i] = (uint8_t)rng_next(&s);
	u->tx_len = (uint32_t)(rng_next(&s) % SNAP_UART_LINE);
	for (unsigned i = 0; i < u->tx_len; i++)
		u->tx[i] = (uint8_t)(0x20 + rng_next(&s) % 0xe0);
	vm->ram.blocks = shape->blocks;
	*ram = shape->blocks <= 64 ? calloc(shape->blocks, SNAP_BLOCK_SIZE) : NULL;
	for (uint32_t k = 0; k < shape->max_present && *ram; k++) {
		uint32_t b = (uint32_t)(rng_next(&s) % shape->blocks);
		uint8_t *p = *ram + ((size_t)b << SNAP_BLOCK_SHIFT);

		if (snap_block_present(&vm->ram, b))
			continue;
		vm->ram.bitmap[b / 64] |= 1ull << (b % 64);
		present++;
		for (size_t i = 0; i < SNAP_BLOCK_SIZE; i += 8) {
			uint64_t r = rng_next(&s);

			memcpy(p + i, &r, 8);
		}
	}
	vm->ram.present = present;
}

static const void *ram_block(void *ctx, uint32_t b)
{
	uint8_t **ram = ctx;

	return *ram ? *ram + ((size_t)b << SNAP_BLOCK_SHIFT) : NULL;
}

struct snap_ram_in ram_in(uint8_t **ram)
{
	return (struct snap_ram_in){ .ctx = ram, .block = ram_block };
}

void encode_vm(const struct snap_vm *vm, uint8_t **ram, struct membuf *out)
{
	struct snap_sink sink = mb_sink(out);
	struct snap_ram_in in = ram_in(ram);
	char err[256];

	out->len = 0;
	if (snap_encode(vm, &in, &sink, NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "encode: %s\n", err);
		die("a random VM does not encode");
	}
}

int encode_raw(const struct snap_vm *vm, uint8_t **ram, struct membuf *out)
{
	struct snap_sink sink = mb_sink(out);
	struct snap_ram_in in = ram_in(ram);
	char err[256];

	out->len = 0;
	return snap_encode_raw(vm, &in, &sink, NULL, NULL, err, sizeof(err));
}

/* ---- parts ------------------------------------------------------------------------------ */

unsigned split(const struct membuf *img, struct part *parts)
{
	struct membuf copy = *img;
	struct snap_source src = mb_source(&copy);
	static struct snap_toc toc;
	char err[256];

	if (snap_read_toc(&src, &toc, err, sizeof(err))) {
		fprintf(stderr, "split: %s\n", err);
		die("split of an invalid snapshot");
	}
	for (unsigned i = 0; i < toc.count; i++) {
		const struct snap_section *s = &toc.sec[i];

		parts[i] = (struct part){ .type = s->type, .flags = s->flags, .index = s->index,
					  .len = s->length, .data = calloc(1, s->length + 8192) };
		memcpy(parts[i].data, img->p + s->offset, s->length);
	}
	return toc.count;
}

void parts_free(struct part *parts, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(parts[i].data);
}

struct part *part_of(struct part *parts, unsigned n, uint16_t type, uint32_t index)
{
	for (unsigned i = 0; i < n; i++)
		if (parts[i].type == type && parts[i].index == index)
			return &parts[i];
	die("no such part");
	return NULL;
}

void reseal(struct membuf *img)
{
	uint32_t n = snap_get32(img->p + 32);

	if (n <= SNAP_MAX_SECTIONS && SNAP_HEADER_SIZE + 32ull * n <= img->len)
		snap_put32(img->p + 36, snap_crc32c(0, img->p + SNAP_HEADER_SIZE, 32ull * n));
	snap_put32(img->p + 124, snap_crc32c(0, img->p, 124));
}

void build(const struct part *parts, unsigned n, uint16_t major, uint16_t minor,
	   struct membuf *out)
{
	uint64_t end = SNAP_HEADER_SIZE + 32ull * n;
	uint8_t h[SNAP_HEADER_SIZE] = { 0 }, e[32];
	struct snap_sink sink = mb_sink(out);

	out->len = 0;
	mb_write(out, 0, h, sizeof(h));
	for (unsigned i = 0; i < n; i++) {
		uint64_t at = snap_section_start(end, parts[i].type);
		uint32_t crc = parts[i].type == SNAP_SEC_RAM ? 0 :
			       snap_crc32c(0, parts[i].data, parts[i].len);

		memset(e, 0, sizeof(e));
		snap_put16(e, parts[i].type);
		snap_put16(e + 2, parts[i].flags);
		snap_put32(e + 4, parts[i].index);
		snap_put64(e + 8, at);
		snap_put64(e + 16, parts[i].len);
		snap_put32(e + 24, crc);
		mb_write(out, SNAP_HEADER_SIZE + 32ull * i, e, sizeof(e));
		if (at > end) {	/* zero padding, written out */
			uint8_t *z = calloc(1, at - end);

			sink.write(sink.ctx, end, z, at - end);
			free(z);
		}
		if (parts[i].len)
			mb_write(out, at, parts[i].data, parts[i].len);
		end = at + parts[i].len;
	}
	memcpy(h, SNAP_MAGIC, 8);
	snap_put16(h + 8, major);
	snap_put16(h + 10, minor);
	snap_put32(h + 12, SNAP_HEADER_SIZE);
	snap_put64(h + 16, end);
	snap_put64(h + 24, 12345);
	snap_put32(h + 32, n);
	snap_put32(h + 44, 62500000);
	memcpy(h + 48, "built", 5);
	mb_write(out, 0, h, sizeof(h));
	out->len = end;
	reseal(out);
}

/* ---- memory disks --------------------------------------------------------------------- */

static int md_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct memdisk *d = ctx;

	if (sector > d->sectors || count > d->sectors - sector)
		return -1;
	memcpy(buf, d->p + sector * SNAP_SECTOR, (size_t)count * SNAP_SECTOR);
	return 0;
}

static int md_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct memdisk *d = ctx;

	if (sector > d->sectors || count > d->sectors - sector)
		return -1;
	memcpy(d->p + sector * SNAP_SECTOR, buf, (size_t)count * SNAP_SECTOR);
	return 0;
}

static int md_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

struct snap_dev memdisk_dev(struct memdisk *d)
{
	return (struct snap_dev){ .ctx = d, .sectors = d->sectors, .read = md_read,
				  .write = md_write, .flush = md_flush };
}

void store_add(struct snap_store *st, const char *name, const struct snap_vm *vm,
	       uint8_t **ram)
{
	struct snap_store_txn txn;
	struct snap_sink sink;
	struct snap_ram_in in = ram_in(ram);
	uint64_t size;
	uint32_t crc;
	char err[256];

	if (snap_store_begin(st, name, vm->config.name, snap_encoded_size(vm),
			     vm->meta.created, &txn, err, sizeof(err)) ||
	    (snap_store_sink(&txn, &sink),
	     snap_encode(vm, &in, &sink, &size, &crc, err, sizeof(err))) ||
	    snap_store_commit(&txn, crc, err, sizeof(err))) {
		fprintf(stderr, "store_add %s: %s\n", name, err);
		die("store_add failed");
	}
}
