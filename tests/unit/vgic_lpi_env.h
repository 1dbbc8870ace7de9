/* The environment of unit-vgic_lpi (vgic_lpi_test.c): the vGIC of
 * vgic_env.h given LPIs and an ITS (vgic_lpi_init) over a fake guest RAM
 * and malloc, the model's callbacks wired as vm/its.c wires them, and
 * helpers that play the guest: the redistributors' LPI registers, the
 * ITS's tables, commands queued and submitted by a chosen vCPU. */
#ifndef TESTS_VGIC_LPI_ENV_H
#define TESTS_VGIC_LPI_ENV_H

#include "check.h"
#pragma GCC diagnostic ignored "-Wunused-function"	/* vgic_env.h's, not all used */
#include "vgic_env.h"
#include <vgic/lpi.h>
#include <vgic/lpi_internal.h>

#define RAM	0x40000000ULL
#define RAM_SIZE (8ULL << 20)
#define PROP	(RAM + 0x100000)	/* LPI property table, 56 KiB */
#define PEND	(RAM + 0x200000)	/* pending tables, 64 KiB per vCPU */
#define DEVT	(RAM + 0x300000)	/* device table, 1 page */
#define COLT	(RAM + 0x310000)	/* collection table, 1 page */
#define CMDQ	(RAM + 0x320000)	/* command queue, 16 pages */
#define ITT	(RAM + 0x400000)	/* ITTs, 4 KiB per device */

#define GICR_CTLR	0x0
#define GICR_TYPER	0x8
#define GICR_PROPBASER	0x70
#define GICR_PENDBASER	0x78
#define VALID		(1ULL << 63)

static uint8_t *ram;
static void *lpi_mem;
static long live_allocs;
static unsigned logs;

static uint8_t *ram_at(ipaddr_t ipa, uint64_t size)
{
	uint64_t a = ipa_addr(ipa);

	if (a < RAM || a - RAM > RAM_SIZE || size > RAM_SIZE - (a - RAM))
		return NULL;
	return ram + (a - RAM);
}

static int f_read(void *ctx, ipaddr_t ipa, void *buf, size_t size)
{
	uint8_t *p = ram_at(ipa, size);

	(void)ctx;
	if (!p)
		return -1;
	memcpy(buf, p, size);
	return 0;
}

static int f_write(void *ctx, ipaddr_t ipa, const void *buf, size_t size)
{
	uint8_t *p = ram_at(ipa, size);

	(void)ctx;
	if (!p)
		return -1;
	memcpy(p, buf, size);
	return 0;
}

static bool f_check(void *ctx, ipaddr_t ipa, uint64_t size)
{
	(void)ctx;
	return ram_at(ipa, size) != NULL;
}

static void *f_alloc(void *ctx, size_t size)
{
	(void)ctx;
	live_allocs++;
	return aligned_alloc(16, (size + 15) & ~(size_t)15);
}

static void f_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	live_allocs--;
	free(ptr);
}

/* The model's callbacks, as vm/its.c makes them. */
static void f_deliver(void *ctx, uint32_t vcpu, uint32_t intid, uint8_t prio)
{
	vgic_lpi_deliver(ctx, vcpu, intid, prio);
}

static void f_withdraw(void *ctx, uint32_t vcpu, uint32_t intid)
{
	vgic_lpi_withdraw(ctx, vcpu, intid);
}

static void f_repend(void *ctx, uint32_t vcpu, uint32_t intid)
{
	vgic_lpi_repend(ctx, vcpu, intid);
}

static void f_log(void *ctx, enum its_log_level level, const char *event, uint64_t a, uint64_t b)
{
	(void)ctx, (void)level, (void)event, (void)a, (void)b;
	logs++;
}

static uint64_t cwriter;
static unsigned cmd_from;	/* the vCPU that writes GITS_CWRITER */

/* A VM of nr vCPUs on a CPU with nr_lrs LRs, with LPIs and an ITS that
 * processes `budget` work units a slice. */
static void lpi_setup(unsigned nr, unsigned nr_lrs, uint32_t budget)
{
	const struct its_env env = {
		.ctx = &g, .ram_read = f_read, .ram_write = f_write, .ram_check = f_check,
		.alloc = f_alloc, .free = f_free, .deliver = f_deliver, .withdraw = f_withdraw,
		.repend = f_repend, .log = f_log,
	};
	const struct its_config cfg = { .cmd_budget = budget };

	setup(nr, nr_lrs);
	free(ram);
	free(lpi_mem);
	ram = calloc(1, RAM_SIZE);
	lpi_mem = malloc(vgic_lpi_mem_size(nr));
	memset(lpi_mem, 0xa5, vgic_lpi_mem_size(nr));	/* any contents */
	live_allocs = 0;
	cwriter = 0;
	cmd_from = 0;
	CHECK_EQ(vgic_lpi_init(&g, lpi_mem, &env, &cfg), 0);
}

static void lpi_teardown(void)
{
	vgic_lpi_destroy(&g);
	CHECK_EQ(live_allocs, 0);
	CHECK(g.lpis == NULL);
	CHECK_EQ(ich_fake.bad_lr, 0);
}

static void rwr(unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	vgic_redist_write(&g, vcpu, vcpu, off, size, val);
}

static uint64_t rrd(unsigned vcpu, uint64_t off, unsigned size)
{
	return vgic_redist_read(&g, vcpu, vcpu, off, size);
}

static uint64_t gicd_rd(uint64_t off, unsigned size)
{
	uint64_t v;

	vgic_dist_read(&g, 0, off, size, &v);
	return v;
}

static void set_prop(unsigned intid, uint8_t prio, bool on)
{
	ram[PROP - RAM + intid - 8192] = (uint8_t)(prio | on);
}

/* Property table for 16 ID bits, a pending table per vCPU, LPIs on. */
static void lpis_on(unsigned nr)
{
	rwr(0, GICR_PROPBASER, 8, PROP | 15);
	for (unsigned v = 0; v < nr; v++) {
		rwr(v, GICR_PENDBASER, 8, PEND + 0x10000 * v);
		rwr(v, GICR_CTLR, 4, 1);
		CHECK_EQ(rrd(v, GICR_CTLR, 4) & 1, 1);
	}
}

/* Queues a command (4 words) and moves CWRITER past it: a write of
 * vCPU cmd_from, whose list registers are taken back first. */
static void cmd(uint64_t w0, uint64_t w1, uint64_t w2)
{
	uint64_t *c = (uint64_t *)(ram + (CMDQ - RAM) + cwriter);

	c[0] = w0, c[1] = w1, c[2] = w2, c[3] = 0;
	cwriter = (cwriter + 32) % (16 * 4096);
	vgic_its_write(&g, cmd_from, GITS_CWRITER, 8, cwriter);
}

#define MAPD(dev, bits)		cmd(0x08 | (uint64_t)(dev) << 32, (bits) - 1, \
				    (ITT + 0x1000 * (dev)) | VALID)
#define MAPC(icid, vcpu)	cmd(0x09, 0, (icid) | (uint64_t)(vcpu) << 16 | VALID)
#define MAPTI(dev, ev, id, icid) cmd(0x0a | (uint64_t)(dev) << 32, \
				     (ev) | (uint64_t)(id) << 32, icid)
#define EV(op, dev, ev)		cmd((op) | (uint64_t)(dev) << 32, ev, 0)
#define OP_MOVI	0x01
#define OP_INT	0x03
#define OP_CLEAR 0x04
#define OP_INV	0x0c

/* An enabled ITS with the tables above; collection v goes to vCPU v. */
static void its_on(unsigned nr)
{
	vgic_its_write(&g, 0, GITS_BASER0, 8, DEVT | VALID);
	vgic_its_write(&g, 0, GITS_BASER1, 8, COLT | VALID);
	vgic_its_write(&g, 0, GITS_CBASER, 8, CMDQ | VALID | 15);
	vgic_its_write(&g, 0, GITS_CTLR, 4, 1);
	CHECK_EQ(vgic_its_read(&g, 0, GITS_CTLR, 4) & 1, 1);
	for (unsigned v = 0; v < nr; v++)
		MAPC(v, v);
}

static struct its_lpi_info info_of(unsigned intid)
{
	struct its_lpi_info i;

	its_vm_lpi_info(&g.lpis->vm, intid, &i);
	return i;
}

#endif
