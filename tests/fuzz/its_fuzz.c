/*
 * libFuzzer target for the ITS model, playing a hostile guest: random
 * MMIO accesses, random command queues, random table contents, random
 * redistributor LPI settings, MSIs and acknowledgements, allocation
 * failures, and save/restore at any point.
 *
 * Besides "no crash, no hang, no sanitizer report, no access outside the
 * fake guest RAM" (each RAM bank is its own heap block), it checks:
 *  - save never fails and never leaves memory behind;
 *  - when save wrote no byte twice and read no byte it wrote (the guest
 *    laid its tables out without overlaps) and dropped nothing, a restore
 *    into a fresh model succeeds and reproduces every digest, and a
 *    restore into the live model is an identity;
 *  - a restore that fails (any image, any RAM) changes nothing;
 *  - deliver/withdraw calls stay consistent with the model's LPI state;
 *  - nothing leaks.
 *
 * Build and run: make its-fuzz (ITS_FUZZ_SECONDS=N), make its-fuzz-long.
 */
#include "its_fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM0 0x40000000ull
#define RAM0_SIZE 0x80000ull
#define RAM1 0x40100000ull
#define RAM1_SIZE 0x10000ull
#define HOLE 0x40080000ull
#define NITS 2
#define MAX_OPS 256

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint16_t u16(struct in *in)
{
	return (uint16_t)(u8(in) | (u8(in) << 8));
}

static uint32_t u32(struct in *in)
{
	return u16(in) | ((uint32_t)u16(in) << 16);
}

static uint64_t u64(struct in *in)
{
	return u32(in) | ((uint64_t)u32(in) << 32);
}

static struct fake ram;
static struct guest g, y;
static struct its_config cfg = {
	.max_devices = 32, .max_ites = 256, .max_itt_entries = 4096, .cmd_budget = 32,
};
static uint32_t vcpus;

/* Last saved image, for mutated restores. */
static uint8_t vm_img_buf[256];
static struct its_vm_image *vm_img = (struct its_vm_image *)vm_img_buf;
static bool have_vm_img;
static struct its_regs saved_regs[NITS];
static bool have_regs[NITS];

#define FAIL(...)                                                  \
	do {                                                       \
		fprintf(stderr, "its_fuzz: " __VA_ARGS__);         \
		fprintf(stderr, "\n");                             \
		abort();                                           \
	} while (0)

static uint64_t gen_addr(struct in *in)
{
	uint8_t k = u8(in);
	uint64_t off = u16(in);
	switch (k % 10) {
	case 0:
	case 1:
	case 2:
		return RAM0 + ((off << 4) % RAM0_SIZE);
	case 3:
	case 4:
		return RAM0 + ((off << 12) % RAM0_SIZE);
	case 5:
		return RAM1 + ((off << 4) % RAM1_SIZE);
	case 6:
		return RAM1 + RAM1_SIZE - (off % 8192); /* runs off the end */
	case 7:
		return HOLE + (off << 4);
	case 8:
		return RAM0 + RAM0_SIZE - (off % 8192);
	default:
		return u64(in);
	}
}

static uint64_t gen_baser(struct in *in, uint64_t addr)
{
	uint8_t a = u8(in), b = u8(in);
	uint64_t psz = a & 3;
	uint64_t v = ((uint64_t)(a >> 7) << 63) | ((uint64_t)((a >> 6) & 1) << 62) | (psz << 8) |
		     (b % 4) | ((uint64_t)(b >> 5) << 59);
	if (psz == 2 || psz == 3)
		v |= (addr & 0x0000ffffffff0000ull) | (((addr >> 48) & 0xf) << 12);
	else
		v |= addr & 0x0000fffffffff000ull;
	return v;
}

static uint64_t gen_value(struct in *in, uint64_t off)
{
	uint8_t how = u8(in);
	if (how & 0x80)
		return u64(in);
	switch (off & ~7ull) {
	case GITS_CBASER:
		return ((uint64_t)(how & 1) << 63 | 1ull << 63) * ((how >> 1) & 1) |
		       (gen_addr(in) & 0x000ffffffffff000ull) | (how % 3);
	case GITS_BASER0:
	case GITS_BASER1:
		return gen_baser(in, gen_addr(in)) | (1ull << 63);
	case GITS_CWRITER:
		return ((uint64_t)u8(in) << 5) | (how & 1);
	case GITS_CTLR:
		return how & 1;
	default:
		return u32(in);
	}
}

static uint64_t gen_offset(struct in *in, unsigned *size)
{
	static const uint64_t offs[] = {
		GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_TYPER + 4, GITS_CBASER, GITS_CBASER + 4,
		GITS_CWRITER, GITS_CWRITER + 4, GITS_CREADR, GITS_CREADR + 4, GITS_BASER0,
		GITS_BASER0 + 4, GITS_BASER1, GITS_BASER1 + 4, 0x0110, 0x0018, GITS_TRANSLATER,
		GITS_PIDR2, 0xfffc, 0x10000,
	};
	static const unsigned sizes[] = { 8, 8, 4, 4, 4, 2, 1, 3 };
	uint8_t k = u8(in);
	*size = sizes[u8(in) % 8];
	if (k < 240)
		return offs[k % (sizeof(offs) / sizeof(offs[0]))];
	return u32(in) % (ITS_FRAME_SIZE + 64);
}

static struct its_cmd_raw gen_cmd(struct in *in)
{
	static const uint8_t ops[] = { 0x01, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0a,
				       0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x0a, 0x08 };
	uint8_t k = u8(in), f = u8(in);
	/* Mostly small IDs, so that commands and MSIs meet; sometimes any. */
	uint32_t devid = (f & 1) ? u32(in) : u8(in) % ((f & 64) ? 48 : 4);
	uint32_t ev = (f & 2) ? u32(in) : u8(in) % ((f & 128) ? 64 : 4);
	uint32_t intid = (f & 4) ? u32(in) : ITS_LPI_BASE + u16(in) % 2048;
	uint32_t icid = (f & 8) ? u16(in) : u8(in) % 16;
	uint32_t vcpu = (f & 16) ? u32(in) : u8(in) % 6;
	bool valid = !(f & 32);
	struct its_cmd_raw c;
	switch (k < 250 ? ops[k % (sizeof(ops) / sizeof(ops[0]))] : k) {
	case 0x01:
		return cmd_movi(devid, ev, icid);
	case 0x03:
		return cmd_int(devid, ev);
	case 0x04:
		return cmd_clear(devid, ev);
	case 0x05:
		return cmd_sync(vcpu);
	case 0x08:
		return cmd_mapd(devid, 1 + u8(in) % ((f & 64) ? 18 : 4), gen_addr(in), valid);
	case 0x09:
		return cmd_mapc(icid, vcpu, valid);
	case 0x0a:
		return cmd_mapti(devid, ev, intid, icid);
	case 0x0b:
		return cmd_mapi(devid, ev, icid);
	case 0x0c:
		return cmd_inv(devid, ev);
	case 0x0d:
		return cmd_invall(icid);
	case 0x0e:
		return cmd_movall(vcpu, u8(in) % 6);
	case 0x0f:
		return cmd_discard(devid, ev);
	default:
		for (int d = 0; d < 4; d++)
			c.dw[d] = u64(in);
		return c;
	}
}

/* Write commands at CWRITER where that is RAM, then move CWRITER. */
static void queue(struct in *in, int i)
{
	struct its *its = &g.its[i];
	uint64_t cbaser, w;
	its_mmio_read(its, GITS_CBASER, 8, &cbaser);
	its_mmio_read(its, GITS_CWRITER, 8, &w);
	uint64_t base = cbaser & 0x000ffffffffff000ull;
	uint64_t qsize = ((cbaser & 0xff) + 1) * 4096;
	int n = 1 + u8(in) % 24;
	for (int k = 0; k < n; k++) {
		struct its_cmd_raw c = gen_cmd(in);
		uint8_t *p = fake_ptr(&g.f, base + w, 32);
		for (int d = 0; p && d < 4; d++)
			for (int b = 0; b < 8; b++)
				p[8 * d + b] = (uint8_t)(c.dw[d] >> (8 * b));
		w = (w + 32) % qsize;
	}
	its_mmio_write(its, GITS_CWRITER, 8, w | (u8(in) & 1));
}

/* A 64-bit value shaped like a table entry of some kind. */
static uint64_t gen_entry(struct in *in)
{
	uint8_t k = u8(in);
	switch (k % 5) {
	case 0: /* DTE */
		return (1ull << 63) | ((uint64_t)(u8(in) % 8) << 49) |
		       ((gen_addr(in) >> 8) << 5) % (1ull << 49) | (u8(in) & 0x1f);
	case 1: /* ITE */
		return ((uint64_t)(u8(in) % 8) << 48) |
		       ((uint64_t)(ITS_LPI_BASE + u16(in) % 4096) << 16) | (u8(in) % 16);
	case 2: /* CTE */
		return (1ull << 63) | ((uint64_t)(u8(in) % 6) << 16) | (u8(in) % 16);
	case 3: /* level-1 entry */
		return (1ull << 63) | (gen_addr(in) & 0x000ffffffffff000ull);
	default:
		return u64(in);
	}
}

static void check_delivery(struct guest *x)
{
	int r = fake_check_delivery(&x->f, &x->vm);
	if (r)
		FAIL("delivery record inconsistent (%d)", r);
}

static void init_guest(struct guest *x)
{
	if (guest_init_ram(x, vcpus, NITS, &cfg, &ram))
		FAIL("guest_init");
	x->f.quiet = true;
}

static void fini_guest(struct guest *x)
{
	check_delivery(x);
	for (int i = 0; i < x->nits; i++)
		its_destroy(&x->its[i]);
	its_vm_destroy(&x->vm);
	if (x->f.live_allocs || x->f.bad_frees || x->f.protocol_errors)
		FAIL("leak or bad free: %llu allocs live, %llu bad frees, %llu protocol errors",
		     (unsigned long long)x->f.live_allocs, (unsigned long long)x->f.bad_frees,
		     (unsigned long long)x->f.protocol_errors);
	fake_fini(&x->f);
}

/* A sensible starting point, so that inputs reach deep states quickly. */
static void baseline(struct in *in, bool rich)
{
	its_vm_write_propbaser(&g.vm, RAM0 | 13); /* 14 ID bits: INTIDs < 16384 */
	for (uint32_t v = 0; v < vcpus; v++) {
		its_vm_write_pendbaser(&g.vm, v, RAM0 + 0x10000 * (v + 1));
		its_vm_set_lpis_enabled(&g.vm, v, true);
	}
	for (int i = 0; i < NITS; i++) {
		struct its *its = &g.its[i];
		uint64_t t = RAM0 + 0x60000 + 0x3000 * (uint64_t)i;
		bool two_level = u8(in) & 1;
		its_mmio_write(its, GITS_BASER0, 8,
			       (1ull << 63) | ((uint64_t)two_level << 62) | t);
		its_mmio_write(its, GITS_BASER1, 8, (1ull << 63) | (t + 0x1000));
		its_mmio_write(its, GITS_CBASER, 8, (1ull << 63) | (t + 0x2000));
		its_mmio_write(its, GITS_CTLR, 4, 1);
		if (two_level)
			fake_w64(&g.f, t, (1ull << 63) | (RAM0 + 0x70000 + 0x1000 * (uint64_t)i));
		for (uint32_t v = 0; v < vcpus; v++) {
			struct its_cmd_raw c = cmd_mapc(v, v, true);
			guest_cmds(&g, i, &c, 1);
		}
		/* Devices 0-3 with events 0-3, LPIs enabled: MSIs land. */
		for (uint32_t d = 0; rich && d < 4; d++) {
			struct its_cmd_raw c[5];
			c[0] = cmd_mapd(d, 2, RAM0 + 0x66000 + 0x1000 * (uint64_t)i + 0x100 * d, true);
			for (uint32_t e = 0; e < 4; e++) {
				uint32_t intid = ITS_LPI_BASE + 64 * (uint32_t)i + 4 * d + e;
				c[1 + e] = cmd_mapti(d, e, intid, e % vcpus);
				fake_ptr(&g.f, RAM0 + intid - ITS_LPI_BASE, 1)[0] = 0xa1;
			}
			guest_cmds(&g, i, c, 5);
		}
		if (rich) {
			struct its_cmd_raw c = cmd_invall(0);
			guest_cmds(&g, i, &c, 1);
		}
	}
}

static void save_restore(void)
{
	struct its_regs regs[NITS];
	struct its_save_report rep;
	bool clean = true, injecting = g.f.fail_after >= 0;
	int ret;

	fake_track(&g.f, true);
	ret = its_vm_save(&g.vm, vm_img);
	if (ret)
		FAIL("its_vm_save: %s", its_strerror(ret));
	have_vm_img = true;
	for (int i = 0; i < NITS; i++) {
		ret = its_save(&g.its[i], &regs[i], &rep);
		if (ret == ITS_ERR_NOMEM && injecting) {
			fake_track(&g.f, false);
			return;
		}
		if (ret)
			FAIL("its_save: %s", its_strerror(ret));
		if (rep.dropped_devices || rep.dropped_ites || rep.write_failures)
			clean = false;
		saved_regs[i] = regs[i];
		have_regs[i] = true;
	}
	if (g.f.overlaps)
		clean = false;
	fake_track(&g.f, false);
	g.f.fail_after = -1;

	uint64_t dig[NITS], vm_dig = its_vm_digest(&g.vm);
	for (int i = 0; i < NITS; i++)
		dig[i] = its_digest(&g.its[i]);

	init_guest(&y);
	ret = its_vm_restore(&y.vm, vm_img);
	if (clean && ret)
		FAIL("its_vm_restore of a clean save: %s", its_strerror(ret));
	for (int i = 0; i < NITS; i++) {
		struct its_restore_report rr;
		int r = its_restore(&y.its[i], &regs[i], &rr);
		if (clean && !ret && r)
			FAIL("its_restore of a clean save (its %d): %s: %s", i, its_strerror(r),
			     rr.reason);
		if (clean && !ret && its_digest(&y.its[i]) != dig[i])
			FAIL("restored ITS %d differs", i);
	}
	if (clean && !ret && its_vm_digest(&y.vm) != vm_dig)
		FAIL("restored VM LPI state differs");
	fini_guest(&y);

	/* Restoring the live model from its own clean save changes nothing. */
	if (clean) {
		for (int i = 0; i < NITS; i++) {
			if (its_restore(&g.its[i], &regs[i], NULL))
				FAIL("self-restore failed");
			if (its_digest(&g.its[i]) != dig[i])
				FAIL("self-restore changed ITS %d", i);
		}
		if (its_vm_restore(&g.vm, vm_img) || its_vm_digest(&g.vm) != vm_dig)
			FAIL("VM self-restore");
		check_delivery(&g);
	}
}

/* Restore a mutated image into the live model: all or nothing. */
static void hostile_restore(struct in *in)
{
	int i = u8(in) & 1;
	struct its_regs r;
	memset(&r, 0, sizeof(r));
	if (have_regs[i] && (u8(in) & 1)) {
		r = saved_regs[i];
	} else {
		/* The live registers, as a migration source would read them. */
		uint64_t v;
		its_mmio_read(&g.its[i], GITS_IIDR, 4, &v);
		r.iidr = (uint32_t)v;
		its_mmio_read(&g.its[i], GITS_CTLR, 4, &v);
		r.ctlr = (uint32_t)v & 1;
		its_mmio_read(&g.its[i], GITS_TYPER, 8, &r.typer);
		its_mmio_read(&g.its[i], GITS_CBASER, 8, &r.cbaser);
		its_mmio_read(&g.its[i], GITS_CWRITER, 8, &r.cwriter);
		its_mmio_read(&g.its[i], GITS_CREADR, 8, &r.creadr);
		its_mmio_read(&g.its[i], GITS_BASER0, 8, &r.baser[0]);
		its_mmio_read(&g.its[i], GITS_BASER1, 8, &r.baser[1]);
	}
	uint8_t what = u8(in);
	uint64_t x = u64(in);
	switch (what % 8) {
	case 0: r.baser[0] ^= x; break;
	case 1: r.baser[1] ^= x; break;
	case 2: r.cbaser ^= x; break;
	case 3: r.creadr ^= x & 0xfffff; break;
	case 4: r.cwriter ^= x & 0xfffff; break;
	case 5: r.ctlr ^= (uint32_t)x; break;
	case 6: r.iidr ^= (uint32_t)x; break;
	default: break;
	}
	uint64_t d0 = its_digest(&g.its[0]), d1 = its_digest(&g.its[1]);
	uint64_t dv = its_vm_digest(&g.vm), live = g.f.live_allocs;
	int ret = its_restore(&g.its[i], &r, NULL);
	if (ret && (its_digest(&g.its[0]) != d0 || its_digest(&g.its[1]) != d1 ||
		    its_vm_digest(&g.vm) != dv || g.f.live_allocs != live))
		FAIL("failed restore changed the model (%s)", its_strerror(ret));
	if (!ret && its_digest(&g.its[1 - i]) != (i ? d0 : d1))
		FAIL("restore of one ITS changed the other");
}

static void hostile_vm_restore(struct in *in)
{
	if (!have_vm_img)
		return;
	uint8_t buf[sizeof(vm_img_buf)];
	memcpy(buf, vm_img_buf, sizeof(buf));
	struct its_vm_image *img = (struct its_vm_image *)buf;
	uint8_t what = u8(in);
	uint64_t x = u64(in);
	if (what % 4 == 0)
		img->propbaser ^= x;
	else if (what % 4 == 1)
		img->vcpu[u8(in) % vcpus].pendbaser ^= x;
	else if (what % 4 == 2)
		img->vcpu[u8(in) % vcpus].lpis_enabled ^= (uint32_t)x & 3;
	uint64_t dv = its_vm_digest(&g.vm), live = g.f.live_allocs;
	int ret = its_vm_restore(&g.vm, img);
	if (ret && (its_vm_digest(&g.vm) != dv || g.f.live_allocs != live))
		FAIL("failed VM restore changed the model (%s)", its_strerror(ret));
	check_delivery(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };

	if (!ram.banks) {
		fake_init(&ram);
		if (fake_add_bank(&ram, RAM0, RAM0_SIZE) || fake_add_bank(&ram, RAM1, RAM1_SIZE))
			FAIL("RAM");
		fake_track(&ram, true);
		fake_track(&ram, false);
	}
	memset(ram.bank[0].mem, 0, RAM0_SIZE);
	memset(ram.bank[1].mem, 0, RAM1_SIZE);
	memset(have_regs, 0, sizeof(have_regs));
	have_vm_img = false;

	uint8_t setup = u8(&in);
	vcpus = 1 + setup % 4;
	init_guest(&g);
	if (setup & 0x30)
		baseline(&in, setup & 0x40);

	for (int ops = 0; ops < MAX_OPS && in.n; ops++) {
		uint8_t op = u8(&in);
		int i = op >> 7;
		struct its *its = &g.its[i];
		unsigned sz;
		uint64_t off, v, ipa;
		switch (op % 19) {
		case 0:
		case 1:
			off = gen_offset(&in, &sz);
			its_mmio_write(its, off, sz, gen_value(&in, off));
			break;
		case 2:
			off = gen_offset(&in, &sz);
			its_mmio_read(its, off, sz, &v);
			break;
		case 3:
		case 4:
		case 5:
			queue(&in, i);
			break;
		case 6: {
			ipa = gen_addr(&in);
			uint8_t len = 1 + u8(&in) % 32;
			uint8_t *p = fake_ptr(&g.f, ipa, len);
			for (int b = 0; b < len; b++) {
				uint8_t byte = u8(&in);
				if (p)
					p[b] = byte;
			}
			break;
		}
		case 7: {
			/* An entry in one of the baseline tables, or anywhere. */
			static const uint64_t at[] = {
				RAM0 + 0x60000, RAM0 + 0x61000, RAM0 + 0x63000, RAM0 + 0x64000,
				RAM0 + 0x66000, RAM0 + 0x67000, RAM0 + 0x70000, RAM0 + 0x71000,
			};
			uint8_t where = u8(&in);
			if (where & 0x80)
				ipa = gen_addr(&in) & ~7ull;
			else
				ipa = at[where % 8] + 8ull * (u8(&in) % 64);
			v = gen_entry(&in);
			if (fake_ptr(&g.f, ipa, 8))
				fake_w64(&g.f, ipa, v);
			break;
		}
		case 8:
			its_vm_write_propbaser(&g.vm, (gen_addr(&in) & 0x000ffffffffff000ull) |
							      (u8(&in) % 20));
			break;
		case 9:
			v = u8(&in);
			its_vm_write_pendbaser(&g.vm, (uint32_t)(v % vcpus),
					       (gen_addr(&in) & 0x000fffffffff0000ull) |
						       ((v & 0x80) ? 1ull << 62 : 0));
			break;
		case 10:
			v = u8(&in);
			its_vm_set_lpis_enabled(&g.vm, (uint32_t)(v % vcpus), v & 0x80);
			break;
		case 11: {
			/* Acknowledge something delivered, or anything. */
			uint32_t intid = ITS_LPI_BASE + u16(&in) % 8192;
			uint32_t vcpu = u8(&in) % vcpus;
			if (g.f.on[intid])
				vcpu = g.f.on[intid] - 1u;
			fake_ack(&g.f, &g.vm, vcpu, intid);
			break;
		}
		case 12: {
			uint8_t d = u8(&in), e = u8(&in);
			its_signal_msi(its, d & 0x80 ? d % 48 : d % 4, e & 0x80 ? e % 64 : e % 4);
			break;
		}
		case 13:
			its_process(its);
			break;
		case 14:
			if (u8(&in) % 8 == 0)
				its_reset(its);
			break;
		case 15:
			save_restore();
			break;
		case 16:
			if (u8(&in) & 1)
				hostile_vm_restore(&in);
			else
				hostile_restore(&in);
			break;
		case 17:
			/* The next operation runs with a failing allocator. */
			g.f.fail_after = (int64_t)g.f.allocs + u8(&in) % 4;
			break;
		default: {
			/* Configure an LPI in the property table. */
			uint64_t pb = its_vm_read_propbaser(&g.vm) & 0x000ffffffffff000ull;
			uint8_t *p = fake_ptr(&g.f, pb + u16(&in) % 2048, 1);
			uint8_t prop = u8(&in);
			if (p)
				*p = prop;
			break;
		}
		}
		if (op % 19 != 17)
			g.f.fail_after = -1;
		if ((ops & 15) == 15)
			check_delivery(&g);
	}
	g.f.fail_after = -1;
	save_restore();
	fini_guest(&g);
	return 0;
}
