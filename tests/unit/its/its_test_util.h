/* Helpers shared by the ITS unit tests: a standard guest layout. */
#ifndef ITS_TEST_UTIL_H
#define ITS_TEST_UTIL_H

#include "../check.h"
#include "its_fake.h"

#include <string.h>

#define PROP 0x40000000ull
#define PEND 0x40100000ull /* 64 KiB per vCPU */
#define DEVT 0x40200000ull
#define COLT 0x40300000ull
#define CMDQ 0x40310000ull
#define ITTS 0x40400000ull /* 4 KiB per device */
#define ITS_STRIDE 0x01000000ull

#define PRIO_ON(p) ((uint8_t)((p) | 1))

static struct guest g_a __attribute__((unused)), g_b __attribute__((unused));

static inline struct its_layout layout(int i)
{
	struct its_layout l = {
		.dev_table = DEVT + i * ITS_STRIDE,
		.dev_pages = 8,
		.page_size = 65536,
		.indirect = false,
		.coll_table = COLT + i * ITS_STRIDE,
		.coll_pages = 1,
		.cmdq = CMDQ + i * ITS_STRIDE,
		.cmdq_pages = 16,
	};
	return l;
}

static inline uint64_t itt(int i, uint32_t dev)
{
	return ITTS + i * ITS_STRIDE + (uint64_t)dev * 0x1000;
}

/* A VM with nits enabled ITSes, LPIs on for every vCPU, ICID v -> vCPU v. */
static inline void setup(struct guest *g, uint32_t vcpus, int nits, const struct its_config *cfg)
{
	CHECK_EQ(guest_init(g, vcpus, nits, cfg), 0);
	CHECK_EQ(guest_lpi_setup(g, PROP, 16, PEND), 0);
	for (int i = 0; i < nits; i++) {
		struct its_layout l = layout(i);
		CHECK_EQ(guest_its_setup(g, i, &l), 0);
		for (uint32_t v = 0; v < vcpus; v++)
			CHECK_EQ(guest_cmd(g, i, cmd_mapc(v, v, true)), 0);
	}
}

static inline void finish(struct guest *g)
{
	CHECK_EQ(g->f.protocol_errors, 0);
	CHECK_EQ(fake_check_delivery(&g->f, &g->vm), 0);
	for (int i = 0; i < g->nits; i++)
		its_destroy(&g->its[i]);
	its_vm_destroy(&g->vm);
	CHECK_EQ(g->f.live_allocs, 0);
	CHECK_EQ(g->f.bad_frees, 0);
	fake_fini(&g->f);
}

static inline uint32_t last_err(struct guest *g, int i)
{
	return g->its[i].stats.last_error;
}

static inline void map_event(struct guest *g, int i, uint32_t dev, uint32_t ev, uint32_t intid,
		      uint32_t icid)
{
	CHECK_EQ(guest_cmd(g, i, cmd_mapti(dev, ev, intid, icid)), 0);
}


/* Map a few devices, events and collections; some pending. */
static inline void populate(struct guest *g, int i)
{
	CHECK_EQ(guest_cmd(g, i, cmd_mapd(0, 3, itt(i, 0), true)), 0);
	CHECK_EQ(guest_cmd(g, i, cmd_mapd(7, 5, itt(i, 7), true)), 0);
	CHECK_EQ(guest_cmd(g, i, cmd_mapd(40000, 1, itt(i, 8), true)), 0);
	CHECK_EQ(guest_cmd(g, i, cmd_mapd(9, 2, itt(i, 9), true)), 0); /* no events */
	CHECK_EQ(guest_cmd(g, i, cmd_mapc(300, 1, true)), 0);
	map_event(g, i, 0, 0, 8192 + 100 * (uint32_t)i, 0);
	map_event(g, i, 0, 7, 8193 + 100 * (uint32_t)i, 1);
	map_event(g, i, 7, 31, 8194 + 100 * (uint32_t)i, 300);
	map_event(g, i, 7, 4, 8195 + 100 * (uint32_t)i, 55); /* unmapped ICID */
	map_event(g, i, 40000, 1, 30000 + (uint32_t)i, 0);
	for (uint32_t k = 0; k < 6; k++)
		guest_set_prop(g, 8192 + 100 * (uint32_t)i + k, PRIO_ON(0x60));
	CHECK_EQ(guest_cmd(g, i, cmd_invall(0)), 0);
	CHECK_EQ(its_signal_msi(&g->its[i], 0, 7), ITS_XLATE_OK);
	CHECK_EQ(its_signal_msi(&g->its[i], 40000, 1), ITS_XLATE_OK);
}

#endif
