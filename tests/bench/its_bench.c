/*
 * ITS model benchmark (host, -O2, no sanitizers). Not a test: it prints
 *  - translations per second (its_translate, random order) with 10, 1,000
 *    and 100,000 mapped events, and MSIs per second (its_signal_msi plus
 *    the vCPU's acknowledgement);
 *  - command-queue throughput through the MMIO path (CWRITER written once
 *    per batch, CREADR polled), for MAPTI, INT and DISCARD;
 *  - save and restore times.
 * Run: make its-bench
 */
#include "its_fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROP 0x40000000ull
#define PEND 0x40100000ull
#define DEVT 0x40200000ull
#define COLT 0x40300000ull
#define CMDQ 0x40310000ull
#define ITTS 0x40400000ull
#define EVENTS_PER_DEV 64u
#define LOOKUPS (1u << 22)
#define BATCH 2000

static struct guest g, h;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Run n commands through the queue in batches; returns seconds. */
static double run_cmds(struct its *its, const struct its_cmd_raw *c, uint32_t n)
{
	uint64_t w = mmio_r(its, GITS_CWRITER);
	double t0 = now();
	for (uint32_t k = 0; k < n;) {
		uint32_t batch = n - k < BATCH ? n - k : BATCH;
		for (uint32_t j = 0; j < batch; j++, k++) {
			for (int d = 0; d < 4; d++)
				fake_w64(&g.f, CMDQ + w + 8 * (uint64_t)d, c[k].dw[d]);
			w = (w + 32) % 65536;
		}
		mmio_w(its, GITS_CWRITER, w);
		while (mmio_r(its, GITS_CREADR) != w)
			;
	}
	return now() - t0;
}

/* Lookups per second through dev[k], ev[k] for k < LOOKUPS, the best of
 * three passes; the INTIDs found are added to *sum, which is printed, so
 * that no lookup is optimized away. */
static double lookup_rate(struct its *its, const uint32_t *dev, const uint32_t *ev,
			  uint64_t *sum)
{
	struct its_target t;
	double best = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now();
		for (uint32_t k = 0; k < LOOKUPS; k++) {
			its_translate(its, dev[k], ev[k], &t);
			*sum += t.intid;
		}
		double dt = now() - t0;
		best = dt < best ? dt : best;
	}
	return LOOKUPS / best;
}

static void setup(uint32_t vcpus)
{
	if (guest_init(&g, vcpus, 1, NULL) || guest_lpi_setup(&g, PROP, 16, PEND))
		exit(1);
	g.f.quiet = true;
	struct its_layout l = { .dev_table = DEVT, .dev_pages = 8, .page_size = 65536,
				.coll_table = COLT, .coll_pages = 1, .cmdq = CMDQ,
				.cmdq_pages = 16 };
	if (guest_its_setup(&g, 0, &l))
		exit(1);
	for (uint32_t v = 0; v < vcpus; v++)
		if (guest_cmd(&g, 0, cmd_mapc(v, v, true)))
			exit(1);
	/* All LPIs enabled, so MSIs are delivered. */
	memset(fake_ptr(&g.f, PROP, 65536 - 8192), 0xa1, 65536 - 8192);
	guest_cmd(&g, 0, cmd_invall(0));
}

static void teardown(struct guest *x)
{
	for (int i = 0; i < x->nits; i++)
		its_destroy(&x->its[i]);
	its_vm_destroy(&x->vm);
	fake_fini(&x->f);
}

static void bench(uint32_t events)
{
	const uint32_t vcpus = 4;
	setup(vcpus);
	struct its *its = &g.its[0];
	uint32_t devs = (events + EVENTS_PER_DEV - 1) / EVENTS_PER_DEV;
	struct its_cmd_raw *c = malloc(sizeof(*c) * (events + devs + 20000));

	uint32_t n = 0;
	for (uint32_t d = 0; d < devs; d++)
		c[n++] = cmd_mapd(d, 6, ITTS + (uint64_t)d * 512, true);
	double t_mapd = run_cmds(its, c, n);
	n = 0;
	for (uint32_t e = 0; e < events; e++)
		c[n++] = cmd_mapti(e / EVENTS_PER_DEV, e % EVENTS_PER_DEV,
				   ITS_LPI_BASE + e % (65536 - ITS_LPI_BASE), e % vcpus);
	double t_mapti = run_cmds(its, c, n);
	if (its->ite.count != events) {
		fprintf(stderr, "mapped %u of %u events\n", its->ite.count, events);
		exit(1);
	}

	/* Lookups in random order over the mapped set. */
	uint32_t *dev = malloc(sizeof(uint32_t) * LOOKUPS), *ev = malloc(sizeof(uint32_t) * LOOKUPS);
	for (uint32_t k = 0; k < LOOKUPS; k++) {
		uint32_t e = rnd() % events;
		dev[k] = e / EVENTS_PER_DEV;
		ev[k] = e % EVENTS_PER_DEV;
	}
	uint64_t sum = 0;
	double xlate_rate = lookup_rate(its, dev, ev, &sum);

	/* Same table, lookups confined to 1,000 events: the cost per lookup
	 * without cache misses, to separate algorithm from memory. */
	double hot = 0;
	if (events > 1000) {
		uint32_t *hd = malloc(sizeof(uint32_t) * LOOKUPS), *he = malloc(sizeof(uint32_t) * LOOKUPS);
		for (uint32_t k = 0; k < LOOKUPS; k++) {
			uint32_t e = (rnd() % 1000) * (events / 1000);
			hd[k] = e / EVENTS_PER_DEV;
			he[k] = e % EVENTS_PER_DEV;
		}
		hot = lookup_rate(its, hd, he, &sum);
		free(hd);
		free(he);
	}

	/* MSIs: translate, make pending, deliver; then the vCPU acks. */
	struct its_target t;
	uint32_t msis = LOOKUPS / 4;
	double t0 = now();
	for (uint32_t k = 0; k < msis; k++) {
		if (its_signal_msi(its, dev[k], ev[k]) == ITS_XLATE_OK) {
			its_translate(its, dev[k], ev[k], &t);
			its_vm_lpi_ack(&g.vm, t.vcpu, t.intid);
		}
	}
	double msi_rate = msis / (now() - t0);

	/* INT commands through the queue. */
	n = 0;
	for (uint32_t k = 0; k < 20000; k++)
		c[n++] = cmd_int(dev[k], ev[k]);
	double t_int = run_cmds(its, c, n);

	/* Save, then restore into a fresh model over the same RAM. */
	struct its_regs regs;
	t0 = now();
	its_save(its, &regs, NULL);
	double t_save = now() - t0;
	if (guest_init_ram(&h, vcpus, 1, NULL, &g.f))
		exit(1);
	h.f.quiet = true;
	t0 = now();
	int ret = its_restore(&h.its[0], &regs, NULL);
	double t_restore = now() - t0;
	if (ret || its_digest(&h.its[0]) != its_digest(its)) {
		fprintf(stderr, "restore: %s\n", its_strerror(ret));
		exit(1);
	}

	/* DISCARD every event. */
	n = 0;
	for (uint32_t e = 0; e < events; e++)
		c[n++] = cmd_discard(e / EVENTS_PER_DEV, e % EVENTS_PER_DEV);
	double t_discard = run_cmds(its, c, n);

	printf("%8u events: translate %6.1f M/s", events, xlate_rate / 1e6);
	if (hot)
		printf(" (1,000 hot: %6.1f M/s)", hot / 1e6);
	else
		printf("                        ");
	printf("  MSI+ack %5.1f M/s | commands/s: "
	       "MAPD %5.2f M  MAPTI %5.2f M  INT %5.2f M  DISCARD %5.2f M | "
	       "save %7.2f ms  restore %7.2f ms   (%llx)\n",
	       msi_rate / 1e6, devs / t_mapd / 1e6,
	       events / t_mapti / 1e6, 20000 / t_int / 1e6, events / t_discard / 1e6,
	       t_save * 1e3, t_restore * 1e3, (unsigned long long)(sum & 0xf));
	free(c);
	free(dev);
	free(ev);
	teardown(&h);
	teardown(&g);
}

int main(void)
{
	printf("ITS model benchmark: %u random lookups per figure, best of 3; "
	       "commands in batches of %u through CWRITER/CREADR\n", LOOKUPS, BATCH);
	bench(10);
	bench(1000);
	bench(100000);
	return 0;
}
