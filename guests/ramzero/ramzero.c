/*
 * ramzero: a machine's RAM reads zero when the guest starts, every word
 * of it but what the loader put there (this image, the device tree, and on
 * QEMU run directly its boot stub at the start of RAM), whatever touches a
 * 2 MiB block first: a load, a store, an instruction fetch, DC ZVA, a store
 * pair, the walk of a stage-1 table there, two CPUs storing at once. A
 * first touch that faults is taken again, not skipped: the load's register
 * and the stores' values are checked. Then the guest fills all its RAM but
 * its image with a pattern, for whatever runs next on these pages to find
 * if nobody zeroed them (scenario vm-ram-zero: two armhv VMs, one after the
 * other, on the same pages). With `reset` on the command line it restarts
 * with PSCI SYSTEM_RESET instead of powering off: each boot then checks
 * what the last one left (no result line: QEMU run directly with
 * -no-reboot just stops).
 */
#include "guest.h"

GUEST_NAME("ramzero");

#define BLOCK		(2UL << 20)
#define PATTERN		0xd42468a0d42468a0UL	/* BRK #0x2345, twice */
#define MARK		0x5a5a000000000000UL	/* | what | CPU */
#define STUB_SIZE	0x100UL	/* QEMU run directly: its boot stub (0x40 bytes) */
#define PT_SLOT		500		/* a stage-1 L1 entry mapping nothing */

enum touch { T_LOAD, T_STORE, T_FETCH, T_ZVA, T_PAIR, T_WALK, T_RACE0, T_RACE1, T_COUNT };
static const char *const touch_names[T_COUNT] = {
	"a load", "a store", "an instruction fetch", "DC ZVA", "a store pair",
	"a stage-1 table walk", "two CPUs' stores", "two CPUs' stores",
};

struct range {
	uintptr_t lo, hi;
};

static uintptr_t ram_lo, ram_hi;
static struct range skip[3];	/* the image, the device tree, the stub */
static uintptr_t blk[T_COUNT];
/* Words the guest stored itself, and what they must hold. */
static struct {
	uintptr_t addr;
	uint64_t val;
} marks[2 + MAX_CPUS * 2];
static unsigned nmarks;

static bool overlaps(uintptr_t lo, uintptr_t hi, const struct range *r)
{
	return lo < r->hi && r->lo < hi;
}

static void add_mark(uintptr_t addr, uint64_t val)
{
	marks[nmarks].addr = addr;
	marks[nmarks].val = val;
	nmarks++;
}

static uint64_t expected(uintptr_t addr)
{
	for (unsigned i = 0; i < nmarks; i++)
		if (marks[i].addr == addr)
			return marks[i].val;
	return 0;
}

static const char *block_story(uintptr_t addr)
{
	uintptr_t b = addr & ~(BLOCK - 1);

	for (unsigned t = 0; t < T_COUNT; t++)
		if (blk[t] == b)
			return touch_names[t];
	if (overlaps(b, b + BLOCK, &skip[0]) || overlaps(b, b + BLOCK, &skip[1]))
		return "the loader (this image or the device tree)";
	return "a scan";
}

/* Every word of [lo, hi) outside skip[] reads zero, or its mark. */
static void check_words(uintptr_t lo, uintptr_t hi)
{
	for (unsigned i = 0; i < 3; i++) {
		if (overlaps(lo, hi, &skip[i])) {
			if (lo < skip[i].lo)
				check_words(lo, skip[i].lo);
			if (skip[i].hi < hi)
				check_words(skip[i].hi, hi);
			return;
		}
	}
	for (const uint64_t *p = (const uint64_t *)lo; p < (const uint64_t *)hi; p += 8) {
		unsigned words = hi - (uintptr_t)p >= 64 ? 8 : (hi - (uintptr_t)p) / 8;

		if (words == 8 && !(p[0] | p[1] | p[2] | p[3] | p[4] | p[5] | p[6] | p[7]))
			continue;
		for (unsigned k = 0; k < words; k++) {
			uintptr_t a = (uintptr_t)&p[k];

			CHECK_MSG(p[k] == expected(a), "0x%lx reads 0x%lx, not 0x%lx, in a 2 MiB "
				  "block first touched by %s%s", a, p[k], expected(a), block_story(a),
				  p[k] == PATTERN ? " (the pattern a previous owner left)" : "");
		}
	}
}

/* The highest block of RAM that holds nothing of the loader's and was
 * not picked before. */
static uintptr_t pick_block(void)
{
	static uintptr_t next;

	if (!next)
		next = ram_hi;
	for (;;) {
		next -= BLOCK;
		CHECK_MSG(next >= ram_lo, "RAM too small: not %u free blocks of 2 MiB", T_COUNT);
		if (!overlaps(next, next + BLOCK, &skip[0]) && !overlaps(next, next + BLOCK, &skip[1]) &&
		    !overlaps(next, next + BLOCK, &skip[2]))
			return next;
	}
}

static void jump(void *addr)
{
	((void (*)(void))addr)();
}

/* Stage-1 L1 entry PT_SLOT becomes a table at addr (break, TLBI, make):
 * a read through it walks that table. Then the old entry is put back. */
static void set_l1(uint64_t desc)
{
	uint64_t *l1 = (uint64_t *)mmu_cfg.ttbr0;

	WRITE_ONCE(l1[PT_SLOT], 0);
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	WRITE_ONCE(l1[PT_SLOT], desc);
	dsb(ishst);
	isb();
}

static void touch_walk(uintptr_t table)
{
	uint64_t old = ((uint64_t *)mmu_cfg.ttbr0)[PT_SLOT], val = 0;
	uintptr_t va = (uintptr_t)PT_SLOT << 30;
	struct exc_info info;
	uint64_t esr;

	set_l1(table | 3);
	esr = probe_read(va, 8, &val, &info);
	set_l1(old);
	/* The table's entry 0 is invalid, zero: a level-2 translation fault. */
	CHECK_MSG(ESR_EC(esr) == EC_DABT_CUR && ESR_FSC(esr) == 0x06 && info.far == va,
		  "a read through a stage-1 table at 0x%lx: ESR 0x%lx (%s), FAR 0x%lx", table, esr,
		  esr ? esr_class_name(esr) : "no exception", info.far);
}

static void first_touches(void)
{
	struct exc_info info;
	uint64_t v, esr;

	for (unsigned t = 0; t < T_COUNT; t++)
		blk[t] = pick_block();
	/* The load: its register must be written (not skipped). */
	__asm__ volatile("mov %0, #-1\n\tldr %0, [%1]" : "=&r"(v) : "r"(blk[T_LOAD] + 0x1238) : "memory");
	CHECK_MSG(v == 0, "the first load from 0x%lx gave 0x%lx", blk[T_LOAD] + 0x1238, v);
	WRITE_ONCE(*(uint64_t *)(blk[T_STORE] + 0x2340), MARK | 0x100);
	add_mark(blk[T_STORE] + 0x2340, MARK | 0x100);
	/* Zero is UDF #0 (EC 0): the pattern would be a BRK. */
	esr = exc_try(jump, (void *)blk[T_FETCH], &info);
	CHECK_MSG(ESR_EC(esr) == EC_UNKNOWN && info.elr == blk[T_FETCH],
		  "running 0x%lx: ESR 0x%lx (%s) at 0x%lx", blk[T_FETCH], esr,
		  esr ? esr_class_name(esr) : "no exception", info.elr);
	if (read_sysreg(dczid_el0) & (1UL << 4))
		printf("ramzero: DC ZVA is prohibited here; that block is touched by a scan\n");
	else
		__asm__ volatile("dc zva, %0" : : "r"(blk[T_ZVA] + 0x40000) : "memory");
	__asm__ volatile("stp %0, %1, [%2]" : : "r"(MARK | 0x200), "r"(MARK | 0x201),
			 "r"(blk[T_PAIR] + 0x3330) : "memory");
	add_mark(blk[T_PAIR] + 0x3330, MARK | 0x200);
	add_mark(blk[T_PAIR] + 0x3338, MARK | 0x201);
	touch_walk(blk[T_WALK]);
}

/* Every CPU stores into two fresh blocks at once; a block zeroed twice
 * would lose the store of whoever came first. */
static struct barrier race_start = BARRIER_INIT;

static void race(void *arg)
{
	unsigned me = cpu_index();

	barrier_wait(&race_start, ncpus(), 5000);
	WRITE_ONCE(*(uint64_t *)(blk[T_RACE0] + me * 0x1000), MARK | 0x300 | me);
	WRITE_ONCE(*(uint64_t *)(blk[T_RACE1] + 0x100000 - me * 0x1000), MARK | 0x400 | me);
}

static void fill(uintptr_t lo, uintptr_t hi)
{
	for (uint64_t *p = (uint64_t *)lo; p < (uint64_t *)hi; p += 4) {
		p[0] = PATTERN;
		p[1] = PATTERN;
		p[2] = PATTERN;
		p[3] = PATTERN;
	}
}

void guest_main(void)
{
	bool reset = guest_arg("reset", NULL, 0);
	unsigned n = ncpus();

	for (unsigned i = 0; i < plat.nmem; i++)
		if (plat.mem[i].base <= (uintptr_t)_start && (uintptr_t)_end <= plat.mem[i].base + plat.mem[i].size) {
			ram_lo = plat.mem[i].base;
			ram_hi = ram_lo + plat.mem[i].size;
		}
	CHECK(ram_lo && !(ram_lo % BLOCK) && !(ram_hi % BLOCK));
	skip[0] = (struct range){ (uintptr_t)_start, (uintptr_t)_end };
	skip[1] = (struct range){ (uintptr_t)plat.fdt & ~7UL,
				  ((uintptr_t)plat.fdt + fdt_totalsize(plat.fdt) + 7) & ~7UL };
	skip[2] = (struct range){ ram_lo, ram_lo + STUB_SIZE };

	first_touches();
	for (unsigned c = 0; c < n; c++) {
		add_mark(blk[T_RACE0] + c * 0x1000, MARK | 0x300 | c);
		add_mark(blk[T_RACE1] + 0x100000 - c * 0x1000, MARK | 0x400 | c);
	}
	smp_run(race, NULL, 10000);
	for (unsigned i = 0; i < nmarks; i++)
		CHECK_MSG(READ_ONCE(*(uint64_t *)marks[i].addr) == marks[i].val,
			  "0x%lx reads 0x%lx, not the 0x%lx stored there (first touch of its block: %s)",
			  marks[i].addr, *(uint64_t *)marks[i].addr, marks[i].val,
			  block_story(marks[i].addr));
	check_words(ram_lo, ram_hi);
	printf("ramzero: %lu MiB read zero\n", (ram_hi - ram_lo) >> 20);
	printf("ramzero: first touches: load 0x%lx, store 0x%lx, fetch 0x%lx, dc zva 0x%lx\n",
	       blk[T_LOAD], blk[T_STORE], blk[T_FETCH], blk[T_ZVA]);
	printf("ramzero: first touches: stp 0x%lx, table walk 0x%lx, %u CPUs 0x%lx 0x%lx\n",
	       blk[T_PAIR], blk[T_WALK], n, blk[T_RACE0], blk[T_RACE1]);

	/* For the next owner of these pages: everything but this image. */
	fill(ram_lo, (uintptr_t)_start);
	fill((uintptr_t)_end, ram_hi);
	dsb(sy);
	printf("ramzero: RAM filled with 0x%lx but the image\n", PATTERN);
	if (reset) {
		printf("ramzero: SYSTEM_RESET\n");
		psci_system_reset();
	}
}
