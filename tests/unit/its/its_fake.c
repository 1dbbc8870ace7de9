/*
 * Fake environment and guest helpers for the ITS model tests.
 */
#include "its_fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALLOC_MAGIC 0x1751a110c0ffee00ull

struct alloc_hdr {
	uint64_t magic;
	uint64_t size;
};

static struct fake_bank *bank_of(struct fake *f, uint64_t ipa, uint64_t size)
{
	if (ipa + size < ipa)
		return NULL;
	for (int i = 0; i < f->banks; i++) {
		struct fake_bank *b = &f->bank[i];
		if (ipa >= b->base && size <= b->size && ipa - b->base <= b->size - size)
			return b;
	}
	return NULL;
}

uint8_t *fake_ptr(struct fake *f, uint64_t ipa, uint64_t size)
{
	struct fake_bank *b = bank_of(f, ipa, size);
	return b ? b->mem + (ipa - b->base) : NULL;
}

static void track(struct fake *f, struct fake_bank *b, uint64_t ipa, size_t size, uint8_t how)
{
	if (!f->tracking || !b->shadow)
		return;
	uint8_t *s = b->shadow + (ipa - b->base);
	for (uint64_t pg = (ipa - b->base) >> 12; pg <= (ipa - b->base + size - 1) >> 12; pg++)
		b->dirty[pg] = 1;
	for (size_t i = 0; i < size; i++) {
		if (how == FAKE_TRACK_WRITE && s[i])
			f->overlaps++;
		if (how == FAKE_TRACK_READ && (s[i] & FAKE_TRACK_WRITE))
			f->overlaps++;
		s[i] |= how;
	}
}

static int f_read(void *ctx, ipaddr_t at, void *buf, size_t size)
{
	uint64_t ipa = ipa_addr(at);
	struct fake *f = ctx;
	struct fake_bank *b = bank_of(f, ipa, size);
	if (!b)
		return -1;
	memcpy(buf, b->mem + (ipa - b->base), size);
	track(f, b, ipa, size, FAKE_TRACK_READ);
	return 0;
}

static int f_write(void *ctx, ipaddr_t at, const void *buf, size_t size)
{
	uint64_t ipa = ipa_addr(at);
	struct fake *f = ctx;
	struct fake_bank *b = bank_of(f, ipa, size);
	if (!b)
		return -1;
	track(f, b, ipa, size, FAKE_TRACK_WRITE);
	memcpy(b->mem + (ipa - b->base), buf, size);
	return 0;
}

static bool f_check(void *ctx, ipaddr_t at, uint64_t size)
{
	return bank_of(ctx, ipa_addr(at), size) != NULL;
}

static void *f_alloc(void *ctx, size_t size)
{
	struct fake *f = ctx;
	if (f->fail_after >= 0 && f->allocs >= (uint64_t)f->fail_after) {
		f->failed_allocs++;
		return NULL;
	}
	struct alloc_hdr *h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->magic = ALLOC_MAGIC;
	h->size = size;
	f->allocs++;
	f->live_allocs++;
	f->live_bytes += size;
	/* Garbage, so that the model cannot rely on zeroed memory. */
	memset(h + 1, 0xa5, size);
	return h + 1;
}

static void f_free(void *ctx, void *ptr, size_t size)
{
	struct fake *f = ctx;
	struct alloc_hdr *h = (struct alloc_hdr *)ptr - 1;
	if (h->magic != ALLOC_MAGIC || h->size != size) {
		f->bad_frees++;
		return;
	}
	h->magic = 0;
	f->live_allocs--;
	f->live_bytes -= size;
	free(h);
}

static void f_deliver(void *ctx, uint32_t vcpu, uint32_t intid, uint8_t priority)
{
	struct fake *f = ctx;
	if (intid < ITS_LPI_BASE || intid >= FAKE_NR_INTIDS || vcpu >= ITS_MAX_VCPUS) {
		f->protocol_errors++;
		return;
	}
	if (f->on[intid] && f->on[intid] != vcpu + 1)
		f->protocol_errors++; /* delivered to two vCPUs at once */
	if (f->on[intid] == vcpu + 1)
		f->redelivers++;
	if (!f->on[intid])
		f->on_count[(intid - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT]++;
	f->on[intid] = (uint16_t)(vcpu + 1);
	f->prio[intid] = priority;
	f->delivers++;
}

static void f_withdraw(void *ctx, uint32_t vcpu, uint32_t intid)
{
	struct fake *f = ctx;
	if (intid >= FAKE_NR_INTIDS || f->on[intid] != vcpu + 1) {
		f->protocol_errors++;
		return;
	}
	f->on[intid] = 0;
	f->on_count[(intid - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT]--;
	f->withdraws++;
}

static void f_log(void *ctx, enum its_log_level level, const char *event, uint64_t a, uint64_t b)
{
	struct fake *f = ctx;
	f->logs++;
	if (!f->quiet && level >= ITS_LOG_ERROR)
		fprintf(stderr, "its log: %s %#llx %#llx\n", event, (unsigned long long)a,
			(unsigned long long)b);
}

void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->fail_after = -1;
	f->env.ctx = f;
	f->env.ram_read = f_read;
	f->env.ram_write = f_write;
	f->env.ram_check = f_check;
	f->env.alloc = f_alloc;
	f->env.free = f_free;
	f->env.deliver = f_deliver;
	f->env.withdraw = f_withdraw;
	f->env.log = f_log;
}

int fake_add_bank(struct fake *f, uint64_t base, uint64_t size)
{
	if (f->banks == FAKE_MAX_BANKS)
		return -1;
	struct fake_bank *b = &f->bank[f->banks];
	b->mem = calloc(1, size);
	if (!b->mem)
		return -1;
	b->base = base;
	b->size = size;
	f->banks++;
	return 0;
}

void fake_share_ram(struct fake *dst, const struct fake *src)
{
	for (int i = 0; i < src->banks; i++) {
		dst->bank[i] = src->bank[i];
		dst->bank[i].shared = true;
	}
	dst->banks = src->banks;
}

void fake_fini(struct fake *f)
{
	for (int i = 0; i < f->banks; i++) {
		if (f->bank[i].shared)
			continue;
		free(f->bank[i].mem);
		free(f->bank[i].shadow);
		free(f->bank[i].dirty);
	}
	f->banks = 0;
}

void fake_track(struct fake *f, bool on)
{
	f->tracking = on;
	f->overlaps = 0;
	for (int i = 0; i < f->banks; i++) {
		struct fake_bank *b = &f->bank[i];
		uint64_t pages = (b->size + 4095) >> 12;
		if (!on)
			continue;
		if (!b->shadow && !b->shared) {
			b->shadow = calloc(1, b->size);
			b->dirty = calloc(1, pages);
			continue;
		}
		for (uint64_t pg = 0; b->dirty && pg < pages; pg++) {
			if (!b->dirty[pg])
				continue;
			uint64_t off = pg << 12;
			memset(b->shadow + off, 0, b->size - off < 4096 ? b->size - off : 4096);
			b->dirty[pg] = 0;
		}
	}
}

void fake_w64(struct fake *f, uint64_t ipa, uint64_t v)
{
	uint8_t *p = fake_ptr(f, ipa, 8);
	if (!p) {
		fprintf(stderr, "fake_w64 outside RAM: %#llx\n", (unsigned long long)ipa);
		abort();
	}
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t fake_r64(struct fake *f, uint64_t ipa)
{
	uint8_t *p = fake_ptr(f, ipa, 8);
	uint64_t v = 0;
	if (!p) {
		fprintf(stderr, "fake_r64 outside RAM: %#llx\n", (unsigned long long)ipa);
		abort();
	}
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void fake_fill(struct fake *f, uint64_t ipa, uint64_t size, uint8_t byte)
{
	uint8_t *p = fake_ptr(f, ipa, size);
	if (p)
		memset(p, byte, size);
}

int fake_ack(struct fake *f, struct its_vm *vm, uint32_t vcpu, uint32_t intid)
{
	int ret = its_vm_lpi_ack(vm, vcpu, intid);
	if (!ret && intid < FAKE_NR_INTIDS && f->on[intid] == vcpu + 1) {
		f->on[intid] = 0;
		f->on_count[(intid - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT]--;
	}
	return ret;
}

int fake_check_delivery(struct fake *f, const struct its_vm *vm)
{
	if (f->protocol_errors)
		return -1;
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++) {
		/* No storage: nothing pending, nothing delivered. */
		if (!vm->chunk[c]) {
			if (f->on_count[c])
				return -5;
			continue;
		}
		uint32_t first = ITS_LPI_BASE + (c << ITS_LPI_CHUNK_SHIFT), delivered = 0;
		for (uint32_t intid = first; intid < first + (1u << ITS_LPI_CHUNK_SHIFT); intid++) {
			struct its_lpi_info info;
			its_vm_lpi_info(vm, intid, &info);
			bool fake_on = f->on[intid] != 0;
			delivered += fake_on;
			if (fake_on != info.delivered)
				return -2;
			if (fake_on && (info.vcpu != (uint32_t)(f->on[intid] - 1) || !info.pending ||
					!info.enabled || f->prio[intid] != info.priority))
				return -3;
			if (info.pending && !its_vm_lpis_enabled(vm, info.vcpu))
				return -4;
		}
		if (delivered != f->on_count[c])
			return -6;
	}
	return 0;
}

/* ---- guest helpers ---------------------------------------------------------- */

int guest_init(struct guest *g, uint32_t vcpus, int nits, const struct its_config *cfg)
{
	return guest_init_ram(g, vcpus, nits, cfg, NULL);
}

int guest_init_ram(struct guest *g, uint32_t vcpus, int nits, const struct its_config *cfg,
		   const struct fake *ram)
{
	memset(g, 0, sizeof(*g));
	fake_init(&g->f);
	if (ram)
		fake_share_ram(&g->f, ram);
	else if (fake_add_bank(&g->f, G_RAM0, G_RAM0_SIZE) ||
		 fake_add_bank(&g->f, G_RAM1, G_RAM1_SIZE))
		return -1;
	g->vcpus = vcpus;
	int ret = its_vm_init(&g->vm, &g->f.env, vcpus);
	if (ret)
		return ret;
	for (int i = 0; i < nits; i++) {
		ret = its_init(&g->its[i], &g->vm, cfg);
		if (ret)
			return ret;
	}
	g->nits = nits;
	return 0;
}

void guest_fini(struct guest *g)
{
	for (int i = 0; i < g->nits; i++)
		its_destroy(&g->its[i]);
	its_vm_destroy(&g->vm);
	fake_fini(&g->f);
}

/* A command: opcode and DeviceID in DW0, then DW1 and DW2 (DW3 zero). */
static struct its_cmd_raw cmd(uint32_t op, uint32_t devid, uint64_t dw1, uint64_t dw2)
{
	struct its_cmd_raw c;
	memset(&c, 0, sizeof(c));
	c.dw[0] = op | ((uint64_t)devid << 32);
	c.dw[1] = dw1;
	c.dw[2] = dw2;
	return c;
}

struct its_cmd_raw cmd_mapd(uint32_t devid, uint32_t eventid_bits, uint64_t itt, bool valid)
{
	return cmd(0x08, devid, (eventid_bits - 1) & 0x1f,
		   (itt & 0x000fffffffffff00ull) | ((uint64_t)valid << 63));
}

struct its_cmd_raw cmd_mapc(uint32_t icid, uint32_t vcpu, bool valid)
{
	return cmd(0x09, 0, 0, icid | ((uint64_t)vcpu << 16) | ((uint64_t)valid << 63));
}

struct its_cmd_raw cmd_mapti(uint32_t devid, uint32_t eventid, uint32_t intid, uint32_t icid)
{
	return cmd(0x0a, devid, eventid | ((uint64_t)intid << 32), icid);
}

struct its_cmd_raw cmd_mapi(uint32_t devid, uint32_t eventid, uint32_t icid)
{
	return cmd(0x0b, devid, eventid, icid);
}

struct its_cmd_raw cmd_movi(uint32_t devid, uint32_t eventid, uint32_t icid)
{
	return cmd(0x01, devid, eventid, icid);
}

struct its_cmd_raw cmd_discard(uint32_t devid, uint32_t eventid)
{
	return cmd(0x0f, devid, eventid, 0);
}

struct its_cmd_raw cmd_clear(uint32_t devid, uint32_t eventid)
{
	return cmd(0x04, devid, eventid, 0);
}

struct its_cmd_raw cmd_int(uint32_t devid, uint32_t eventid)
{
	return cmd(0x03, devid, eventid, 0);
}

struct its_cmd_raw cmd_inv(uint32_t devid, uint32_t eventid)
{
	return cmd(0x0c, devid, eventid, 0);
}

struct its_cmd_raw cmd_invall(uint32_t icid)
{
	return cmd(0x0d, 0, 0, icid);
}

struct its_cmd_raw cmd_sync(uint32_t vcpu)
{
	return cmd(0x05, 0, 0, (uint64_t)vcpu << 16);
}

struct its_cmd_raw cmd_movall(uint32_t from, uint32_t to)
{
	struct its_cmd_raw c = cmd(0x0e, 0, 0, (uint64_t)from << 16);
	c.dw[3] = (uint64_t)to << 16;
	return c;
}

uint64_t mmio_r(struct its *its, uint64_t off)
{
	uint64_t v = 0;
	unsigned size = (off >= GITS_TYPER && off < 0x140 && off != GITS_IIDR) ? 8 : 4;
	if (its_mmio_read(its, off, size, &v)) {
		fprintf(stderr, "mmio_r failed at %#llx\n", (unsigned long long)off);
		abort();
	}
	return v;
}

void mmio_w(struct its *its, uint64_t off, uint64_t v)
{
	unsigned size = (off >= GITS_TYPER && off < 0x140 && off != GITS_IIDR) ? 8 : 4;
	if (its_mmio_write(its, off, size, v)) {
		fprintf(stderr, "mmio_w failed at %#llx\n", (unsigned long long)off);
		abort();
	}
}

uint64_t baser_value(uint64_t addr, uint32_t page_size, uint32_t pages, bool indirect)
{
	uint64_t psz = page_size == 4096 ? 0 : page_size == 16384 ? 1 : 2;
	uint64_t a = addr & 0x0000fffffffff000ull;
	if (psz == 2)
		a = (addr & 0x0000ffffffff0000ull) | (((addr >> 48) & 0xf) << 12);
	return (1ull << 63) | ((uint64_t)indirect << 62) | a | (psz << 8) | ((pages - 1) & 0xff);
}

int guest_its_setup(struct guest *g, int i, const struct its_layout *l)
{
	struct its *its = &g->its[i];
	mmio_w(its, GITS_BASER0, baser_value(l->dev_table, l->page_size, l->dev_pages, l->indirect));
	mmio_w(its, GITS_BASER1, baser_value(l->coll_table, l->page_size, l->coll_pages, false));
	mmio_w(its, GITS_CBASER, (1ull << 63) | (l->cmdq & 0x000ffffffffff000ull) |
				     ((l->cmdq_pages - 1) & 0xff));
	mmio_w(its, GITS_CTLR, 1);
	return (mmio_r(its, GITS_CTLR) & 1) ? 0 : -1;
}

uint64_t guest_queue_put(struct guest *g, int i, const struct its_cmd_raw *cmds, int n)
{
	struct its *its = &g->its[i];
	uint64_t cbaser = mmio_r(its, GITS_CBASER);
	uint64_t base = cbaser & 0x000ffffffffff000ull;
	uint64_t qsize = ((cbaser & 0xff) + 1) * 4096;
	uint64_t w = mmio_r(its, GITS_CWRITER);

	for (int k = 0; k < n; k++) {
		for (int d = 0; d < 4; d++)
			fake_w64(&g->f, base + w + 8 * (uint64_t)d, cmds[k].dw[d]);
		w = (w + 32) % qsize;
	}
	return w;
}

int guest_cmds(struct guest *g, int i, const struct its_cmd_raw *cmds, int n)
{
	struct its *its = &g->its[i];

	/* Batches of 64 keep the ring from filling: a full ring looks empty. */
	for (int k = 0; k < n; k += 64) {
		uint64_t w = guest_queue_put(g, i, cmds + k, n - k < 64 ? n - k : 64);

		mmio_w(its, GITS_CWRITER, w);
		for (int polls = 0; polls < 100000; polls++) {
			uint64_t r = mmio_r(its, GITS_CREADR);
			if (r & 1)
				return -1;
			if (r == w)
				break;
		}
		if (mmio_r(its, GITS_CREADR) != w)
			return -1;
	}
	return 0;
}

int guest_cmd(struct guest *g, int i, struct its_cmd_raw c)
{
	return guest_cmds(g, i, &c, 1);
}

int guest_lpi_setup(struct guest *g, uint64_t prop, uint32_t idbits, uint64_t pend_base)
{
	int ret = its_vm_write_propbaser(&g->vm, prop | ((idbits - 1) & 0x1f));
	for (uint32_t v = 0; !ret && v < g->vcpus; v++) {
		ret = its_vm_write_pendbaser(&g->vm, v, pend_base + (uint64_t)v * 0x10000);
		if (!ret)
			ret = its_vm_set_lpis_enabled(&g->vm, v, true);
	}
	return ret;
}

void guest_set_prop(struct guest *g, uint32_t intid, uint8_t prop)
{
	uint64_t propbaser = its_vm_read_propbaser(&g->vm);
	uint8_t *p = fake_ptr(&g->f, (propbaser & 0x000ffffffffff000ull) + intid - ITS_LPI_BASE, 1);
	if (!p) {
		fprintf(stderr, "guest_set_prop outside RAM\n");
		abort();
	}
	*p = prop;
}
