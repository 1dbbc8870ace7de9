/*
 * The its guest's pieces: memory for the tables (mem.c), the ITS itself
 * (itsdrv.c: found in the device tree, its tables, the command queue and
 * the commands), and LPIs at the redistributors (lpi.c: the shared
 * property table, a pending table per CPU). its.c is the test, migrate.c
 * its stage for save and restore. The bench-lpi guest links mem.c,
 * itsdrv.c and lpi.c too (mk/guests.mk).
 */
#ifndef ITS_GUEST_H
#define ITS_GUEST_H

#include "guest.h"

/* mem.c: zeroed memory from a static pool in the image's .bss (so it
 * never meets the device tree, wherever the loader put it). Fails the
 * test when the pool is used up. */
void *mem_alloc(size_t size, size_t align);
/* Cleans [p, p+size) to the point of coherency (DC CVAC), then DSB SY:
 * for memory the GIC reads with non-cacheable attributes. */
void dcache_clean(const void *p, size_t size);

/* Memory attributes as GITS_BASER, GITS_CBASER, GICR_PROPBASER and
 * GICR_PENDBASER encode them. */
#define GIC_CACHE_NC	1UL		/* Normal Non-cacheable */
#define GIC_CACHE_WB	7UL		/* Normal Read-allocate Write-allocate Write-back */
#define GIC_SH_NONE	0UL
#define GIC_SH_INNER	1UL

/* itsdrv.c */
struct its_info {
	uint64_t base;			/* the ITS frame (device tree) */
	uint64_t typer;			/* GITS_TYPER */
	uint32_t iidr;
	unsigned int itt_entry;		/* bytes per ITT entry */
	unsigned int event_bits;	/* EventID bits */
	unsigned int dev_bits;		/* DeviceID bits */
	unsigned int icid_bits;		/* collection ID bits */
	unsigned int hcc;		/* hardware collections */
	bool pta;			/* RDbase is a physical address */
	bool cmdq_nc;			/* the command queue is read non-cacheable */
	bool tables_nc;			/* some table is written non-cacheable */
	unsigned int commands, wraps;	/* commands sent, times the queue wrapped */
};
extern struct its_info its;

/* Finds the ITS in the device tree (arm,gic-v3-its under arm,gic-v3) and
 * reads its ID registers; fails the test if there is none. */
void its_probe(void);
/* Device and collection tables large enough for DeviceIDs up to max_dev
 * and ICIDs up to max_icid, the command queue, then GITS_CTLR.Enabled. */
void its_setup(uint32_t max_dev, uint32_t max_icid);
/* An ITT for 2^bits events (zeroed, 256-byte aligned). */
void *its_itt_alloc(unsigned int bits);
/* The RDbase that names CPU idx's redistributor in MAPC and SYNC. */
uint64_t its_rdbase(unsigned int cpu);

/* Commands, queued; its_flush() hands them to the ITS (GITS_CWRITER) and
 * waits until it has read them all (GITS_CREADR), failing the test on a
 * stall or after a timeout. A full queue is flushed on the way. */
void its_mapd(uint32_t dev, const void *itt, unsigned int bits, bool valid);
void its_mapc(uint32_t icid, unsigned int cpu, bool valid);
void its_mapti(uint32_t dev, uint32_t event, uint32_t lpi, uint32_t icid);
void its_mapi(uint32_t dev, uint32_t event, uint32_t icid);
void its_movi(uint32_t dev, uint32_t event, uint32_t icid);
void its_int(uint32_t dev, uint32_t event);
void its_clear(uint32_t dev, uint32_t event);
void its_discard(uint32_t dev, uint32_t event);
void its_inv(uint32_t dev, uint32_t event);
void its_invall(uint32_t icid);
void its_sync(unsigned int cpu);
void its_flush(void);
/* An MSI as a CPU makes one: event written to GITS_TRANSLATER. Its
 * DeviceID is whatever the bus gives a CPU's write (the architecture
 * defines none): 0 on QEMU's virt machine and in an armhv VM. */
void its_msi(uint32_t event);

/* lpi.c */
#define LPI_ID_BITS	14		/* INTIDs below 16384: LPIs 8192-16383 */
#define LPI_PRIO	0xa0
/* Boot CPU, before any CPU enables LPIs: checks the distributor has LPIs
 * and allocates the property table and every CPU's pending table. */
void lpi_init(void);
/* This CPU: GICR_PROPBASER, GICR_PENDBASER, then GICR_CTLR.EnableLPIs. */
void lpi_cpu_enable(void);
/* Writes an LPI's configuration byte (priority, enable) where the
 * redistributors read it. An INV or INVALL makes the ITS pick it up. */
void lpi_config(uint32_t intid, bool enable);

/* its.c: the test's events and the LPIs counted on each CPU. */
#define QUIET_MS	50		/* how long "nothing arrives" waits */
#define ARRIVE_MS	5000		/* how long an expected LPI may take */
struct event {
	uint32_t dev, id, lpi;
	unsigned int cpu;		/* its collection's CPU */
	bool dead;			/* discarded or its device unmapped */
};
#define NEVS		20
extern struct event evs[NEVS];
/* The event's LPI is expected once more on its CPU. */
void expect(struct event *e);
/* INT an event, and expect() it. */
void fire(struct event *e);
/* The event's LPI enabled or disabled in the property table, and INV. */
void config(struct event *e, bool enable);
/* SYNC to every CPU's redistributor, then its_flush(). */
void sync_all(void);
/* Everything expected has arrived, and after QUIET_MS nothing else:
 * every LPI on every CPU as often as expected. */
void verify(const char *stage);
/* An LPI this CPU acknowledged itself (not through the handler). */
void lpi_counted(uint32_t lpi);
/* Times LPI lpi arrived on CPU cpu. */
uint32_t lpi_arrivals(unsigned int cpu, uint32_t lpi);

/* migrate.c: the "migrate" stage (vm-snapshot-its). Every CPU calls
 * migrate_cpu_setup() once; the other CPUs call migrate_serve() in their
 * wait loop, where they do what the boot CPU asks of them. */
void migrate_cpu_setup(void);
void migrate_serve(void);
void stage_migrate(void);

#endif
