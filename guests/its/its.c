/*
 * its: the GICv3 Interrupt Translation Service, from the architecture
 * (Arm IHI 0069) and the device tree alone. The ITS is the
 * arm,gic-v3-its node under the arm,gic-v3 node (FAIL if there is none).
 *
 * Setup: the Device and Collection tables the GITS_BASER<n> registers ask
 * for (flat, entry and page sizes as they say), a command queue
 * (GITS_CBASER), GITS_CTLR.Enabled; on every CPU a shared LPI property
 * table (GICR_PROPBASER) and its own zeroed pending table
 * (GICR_PENDBASER), then GICR_CTLR.EnableLPIs.
 *
 * Then, with every command going through the queue (GITS_CWRITER, then
 * GITS_CREADR polled until it catches up, never stalled, within 2 s):
 *  - map: MAPC a collection per CPU (ICIDs 1, 3, 5, ..., so that ICID and
 *    CPU differ; RDbase in the form GITS_TYPER.PTA asks for), MAPD three
 *    devices with 8-event ITTs and MAPTI six events each, MAPD a fourth
 *    with 14 EventID bits and MAPI two events (pINTID = EventID); LPIs
 *    spread over the collections. INT each event: each LPI arrives
 *    exactly once, with its INTID, on exactly its collection's CPU.
 *  - MOVI an event to the next CPU's collection, INT: it arrives there.
 *    MOVI an event whose LPI is pending (disabled): enabled again, it
 *    arrives at the new CPU.
 *  - DISCARD an event, INT it: nothing arrives and the queue goes on;
 *    DISCARD an event whose LPI is pending (disabled): enabled again,
 *    nothing arrives.
 *  - INV / INVALL: an LPI disabled in the property table delivers nothing
 *    on INT; enabled again and INV'd (INVALL'd), the pending LPI arrives.
 *  - CLEAR of a pending disabled LPI: enabled again, nothing arrives; the
 *    event still works.
 *  - MAPD V=0: INT to the unmapped device's events delivers nothing; mapped
 *    again (fresh ITT, MAPTI), its event arrives.
 *  - every live event in three more rounds, so the queue wraps.
 * "Nothing arrives" is judged after 50 ms; every count on every CPU is
 * checked after each stage, so a stray or doubled LPI anywhere fails.
 *
 * With "migrate" on the command line (vm-snapshot-its), after the map
 * stage comes migrate.c's stage: three LPIs left pending, interrupts
 * left active (an LPI, an SGI, the virtual timer's PPI) and timers
 * ticking while the guest waits for a key (armhv saves and restores it
 * meanwhile); then the active ones are still active, the pending LPIs
 * arrive exactly once on their CPUs, every event still arrives on its
 * collection's CPU and the timers still fire ("migrate=S": the wait
 * starts S seconds into the virtual count at the earliest).
 *
 * QEMU 7.2's ITS does all of this as the architecture says; nothing is
 * left out for its sake. Not checked: GITS_TRANSLATER (the DeviceID of
 * an MSI comes from the bus, and a CPU's write has none the architecture
 * defines), MOVALL, two-level tables (flat ones always fit these few
 * IDs), GICv4. An LPI enabled again without INV/INVALL may or may not
 * arrive (QEMU: not), so the guest always sends one.
 */
#include "its.h"

GUEST_NAME("its");

#define NSLOTS		256		/* LPIs counted: 8192 .. 8447 */

#define NDEVS		3
#define DEV_BITS	3		/* 8 EventIDs per ITT */
#define EVS_PER_DEV	6
#define MAPI_DEV	0x40
#define MAPI_BITS	14		/* EventIDs up to 16383: room for pINTIDs */
#define NMAPI		2
#define MAPI_LPI	(GIC_LPI_BASE + 200)
_Static_assert(NEVS == NDEVS * EVS_PER_DEV + NMAPI, "its.h's NEVS");

static const uint32_t devids[NDEVS] = { 0x3, 0x11, 0x2a };

struct event evs[NEVS];
static void *itts[NDEVS];
static uint32_t got[MAX_CPUS][NSLOTS], want[MAX_CPUS][NSLOTS];
static uint32_t done;
static struct barrier bar = BARRIER_INIT;

static uint32_t icid(unsigned int cpu)
{
	return 1 + 2 * cpu;
}

static void on_lpi(unsigned int intid, void *arg)
{
	unsigned int me = cpu_index();

	if (intid < GIC_LPI_BASE || intid >= GIC_LPI_BASE + NSLOTS)
		guest_fail_raw("cpu%u: LPI %u, which no event maps to", me, intid);
	__atomic_add_fetch(&got[me][intid - GIC_LPI_BASE], 1, __ATOMIC_RELAXED);
}

static void on_sgi(unsigned int intid, void *arg)
{
}

static uint32_t count(unsigned int cpu, unsigned int slot)
{
	return __atomic_load_n(&got[cpu][slot], __ATOMIC_RELAXED);
}

void lpi_counted(uint32_t lpi)
{
	on_lpi(lpi, NULL);
}

uint32_t lpi_arrivals(unsigned int cpu, uint32_t lpi)
{
	CHECK(cpu < MAX_CPUS && lpi >= GIC_LPI_BASE && lpi < GIC_LPI_BASE + NSLOTS);
	return count(cpu, lpi - GIC_LPI_BASE);
}

static bool all_arrived(void)
{
	for (unsigned int c = 0; c < ncpus(); c++)
		for (unsigned int s = 0; s < NSLOTS; s++)
			if (count(c, s) < want[c][s])
				return false;
	return true;
}

void verify(const char *stage)
{
	WAIT_FOR(all_arrived(), ARRIVE_MS);
	mdelay(QUIET_MS);
	for (unsigned int c = 0; c < ncpus(); c++)
		for (unsigned int s = 0; s < NSLOTS; s++)
			CHECK_MSG(count(c, s) == want[c][s], "%s: LPI %u arrived %u time(s) on cpu%u, expected %u", stage,
				  GIC_LPI_BASE + s, count(c, s), c, want[c][s]);
}

void expect(struct event *e)
{
	want[e->cpu][e->lpi - GIC_LPI_BASE]++;
}

void fire(struct event *e)
{
	its_int(e->dev, e->id);
	expect(e);
}

void sync_all(void)
{
	for (unsigned int c = 0; c < ncpus(); c++)
		its_sync(c);
	its_flush();
}

void config(struct event *e, bool enable)
{
	lpi_config(e->lpi, enable);
	its_inv(e->dev, e->id);
}

static void stage_map(void)
{
	unsigned int n = ncpus(), per_cpu[MAX_CPUS] = { 0 };
	void *mapi_itt = its_itt_alloc(MAPI_BITS);

	for (unsigned int c = 0; c < n; c++)
		its_mapc(icid(c), c, true);
	for (unsigned int d = 0; d < NDEVS; d++) {
		itts[d] = its_itt_alloc(DEV_BITS);
		its_mapd(devids[d], itts[d], DEV_BITS, true);
	}
	its_mapd(MAPI_DEV, mapi_itt, MAPI_BITS, true);
	for (unsigned int i = 0; i < NEVS; i++) {
		struct event *e = &evs[i];
		e->cpu = i % n;
		if (i < NDEVS * EVS_PER_DEV) {
			e->dev = devids[i / EVS_PER_DEV];
			e->id = i % EVS_PER_DEV;
			e->lpi = GIC_LPI_BASE + 8 + i * 3;	/* not the EventID, not contiguous */
			its_mapti(e->dev, e->id, e->lpi, icid(e->cpu));
		} else {
			e->dev = MAPI_DEV;
			e->id = e->lpi = MAPI_LPI + i - NDEVS * EVS_PER_DEV;
			its_mapi(e->dev, e->id, icid(e->cpu));
		}
		lpi_config(e->lpi, true);
	}
	sync_all();
	verify("map");		/* mapping alone delivers nothing */
	for (unsigned int i = 0; i < NEVS; i++) {
		fire(&evs[i]);
		per_cpu[evs[i].cpu]++;
	}
	sync_all();
	verify("map+INT");
	printf("its: map: MAPC x%u, MAPD x%u, MAPTI x%u, MAPI x%u; INT: each of %u LPIs arrived once, on its collection's CPU (",
	       n, NDEVS + 1, NDEVS * EVS_PER_DEV, NMAPI, NEVS);
	for (unsigned int c = 0; c < n; c++)
		printf("%scpu%u %u", c ? ", " : "", c, per_cpu[c]);
	printf(")\n");
}

static void stage_movi(void)
{
	struct event *e = &evs[0], *p = &evs[1];
	unsigned int from = e->cpu, pfrom = p->cpu;

	e->cpu = (from + 1) % ncpus();
	its_movi(e->dev, e->id, icid(e->cpu));
	fire(e);
	sync_all();
	verify("MOVI");
	printf("its: MOVI: LPI %u moved from cpu%u to cpu%u and arrived there\n", e->lpi, from, e->cpu);

	/* A pending LPI moves with its event. */
	config(p, false);
	its_int(p->dev, p->id);
	sync_all();
	verify("MOVI: INT while disabled");
	p->cpu = (pfrom + 1) % ncpus();
	its_movi(p->dev, p->id, icid(p->cpu));
	config(p, true);
	expect(p);
	sync_all();
	verify("MOVI of a pending LPI");
	printf("its: MOVI: LPI %u, pending while disabled on cpu%u, moved to cpu%u, arrived there once enabled\n",
	       p->lpi, pfrom, p->cpu);
}

static void stage_discard(void)
{
	struct event *e = &evs[2], *p = &evs[4];

	its_discard(e->dev, e->id);
	its_int(e->dev, e->id);		/* no mapping: nothing */
	fire(&evs[3]);			/* and the queue goes on */
	sync_all();
	verify("DISCARD");
	e->dead = true;

	config(p, false);
	its_int(p->dev, p->id);
	its_discard(p->dev, p->id);	/* takes the pending state along */
	lpi_config(p->lpi, true);
	its_invall(icid(p->cpu));
	sync_all();
	verify("DISCARD of a pending LPI");
	p->dead = true;
	printf("its: DISCARD: INT of discarded LPI %u delivered nothing, the next command did; "
	       "pending LPI %u discarded, enabled again: nothing\n", e->lpi, p->lpi);
}

static void stage_inv(void)
{
	struct event *e = &evs[5], *a = &evs[6];

	config(e, false);
	its_int(e->dev, e->id);
	sync_all();
	verify("INV: INT while disabled");
	config(e, true);
	expect(e);
	sync_all();
	verify("INV: enabled again");
	printf("its: INV: LPI %u disabled, INT delivered nothing; enabled and INV'd, it arrived on cpu%u\n", e->lpi,
	       e->cpu);

	lpi_config(a->lpi, false);
	its_invall(icid(a->cpu));
	its_int(a->dev, a->id);
	sync_all();
	verify("INVALL: INT while disabled");
	lpi_config(a->lpi, true);
	its_invall(icid(a->cpu));
	expect(a);
	sync_all();
	verify("INVALL: enabled again");
	printf("its: INVALL: LPI %u disabled, INT delivered nothing; enabled and INVALL'd, it arrived on cpu%u\n",
	       a->lpi, a->cpu);
}

static void stage_clear(void)
{
	struct event *e = &evs[7];

	config(e, false);
	its_int(e->dev, e->id);
	its_clear(e->dev, e->id);
	config(e, true);
	sync_all();
	verify("CLEAR");
	fire(e);
	sync_all();
	verify("INT after CLEAR");
	printf("its: CLEAR: pending disabled LPI %u cleared, enabled again: nothing; the next INT arrived on cpu%u\n",
	       e->lpi, e->cpu);
}

static void stage_unmap(void)
{
	unsigned int d = NDEVS - 1;
	struct event *first = NULL;

	its_mapd(devids[d], itts[d], DEV_BITS, false);
	for (unsigned int i = 0; i < NEVS; i++) {
		if (evs[i].dev != devids[d])
			continue;
		its_int(evs[i].dev, evs[i].id);
		evs[i].dead = true;
		if (!first)
			first = &evs[i];
	}
	sync_all();
	verify("MAPD V=0");

	/* Mapped again with a new ITT, only what is mapped anew works. */
	itts[d] = its_itt_alloc(DEV_BITS);
	its_mapd(devids[d], itts[d], DEV_BITS, true);
	its_mapti(first->dev, first->id, first->lpi, icid(first->cpu));
	first->dead = false;
	fire(first);
	sync_all();
	verify("MAPD again");
	printf("its: MAPD V=0: INT to unmapped device 0x%x delivered nothing; mapped again, LPI %u arrived on cpu%u\n",
	       devids[d], first->lpi, first->cpu);
}

static void stage_rounds(void)
{
	unsigned int live = 0;

	for (unsigned int r = 0; r < 3; r++) {
		live = 0;
		for (unsigned int i = 0; i < NEVS; i++) {
			if (!evs[i].dead) {
				fire(&evs[i]);
				live++;
			}
		}
		sync_all();
		verify("rounds");
	}
	CHECK_MSG(its.wraps >= 1, "%u commands never wrapped the queue", its.commands);
	printf("its: 3 more rounds of INT to the %u live events: all arrived; %u commands, the queue wrapped %u time(s)\n",
	       live, its.commands, its.wraps);
}

static void on_each_cpu(void *arg)
{
	unsigned int me = cpu_index(), n = ncpus();

	lpi_cpu_enable();
	gic_enable_irq(0);
	if (guest_arg("migrate", NULL, 0))
		migrate_cpu_setup();
	barrier_wait(&bar, n, 5000);
	if (me) {
		/* Take LPIs until the boot CPU is done; its SGI ends the wait
		 * (and wakes the CPU when it asks for something). */
		while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
			migrate_serve();
			wfi();
			irq_enable();
			isb();
			irq_disable();
		}
		return;
	}
	irq_enable();
	stage_map();
	if (guest_arg("migrate", NULL, 0))
		stage_migrate();
	stage_movi();
	stage_discard();
	stage_inv();
	stage_clear();
	stage_unmap();
	stage_rounds();
	irq_disable();
	for (unsigned int c = 0; c < n; c++) {
		unsigned int total = 0;
		for (unsigned int s = 0; s < NSLOTS; s++)
			total += count(c, s);
		printf("its: cpu%u took %u LPIs\n", c, total);
	}
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	gic_send_sgi_others(0);
}

void guest_main(void)
{
	unsigned int n = ncpus();

	printf("its: %u CPU(s)\n", n);
	CHECK_MSG(n >= 2, "needs at least 2 CPUs (-smp 2)");
	its_probe();
	gic_init();
	lpi_init();
	its_setup(MAPI_DEV, icid(n - 1));
	irq_set_lpi_handler(on_lpi, NULL);
	irq_set_handler(0, on_sgi, NULL);
	smp_run(on_each_cpu, NULL, 20000);
}
