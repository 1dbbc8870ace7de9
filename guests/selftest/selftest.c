/*
 * selftest: the library's own promises, so that the other guests' results
 * can be trusted. Without arguments it passes, after checking that
 * expected exceptions (BRK, UDF, an external abort) are caught with the
 * right syndrome, that WAIT_FOR times out, and that lines printed by every
 * CPU at once come out whole. With -append "fail=WHAT" it fails on
 * purpose, and the scenario checks how:
 *   check      a CHECK_EQ on the boot CPU
 *   secondary  a CHECK on cpu1 while cpu0 prints
 *   exception  an unexpected data abort on cpu1
 *   all        a CHECK on every CPU at the same moment
 *   irq        an interrupt without a handler
 * Each must give exactly one result line and power off.
 */
#include "guest.h"

GUEST_NAME("selftest");

#define LINES	40

static struct barrier bar = BARRIER_INIT;
static char mode[16];

static void brk(void)
{
	__asm__ volatile("brk #0x123");
}

static void udf(void)
{
	__asm__ volatile("udf #0");
}

static void check_catching(void)
{
	uint64_t esr;
	uint64_t v = 0;

	esr = expect_abort(brk);
	CHECK_EQ(ESR_EC(esr), EC_BRK64);
	CHECK_EQ(ESR_ISS(esr) & 0xffff, 0x123);
	esr = expect_abort(udf);
	CHECK_EQ(ESR_EC(esr), EC_UNKNOWN);
	esr = probe_read(plat.ram_end, 8, &v, NULL);
	CHECK(esr_is_sea(esr));
	CHECK_EQ(exc_last()->far, plat.ram_end);
	CHECK_EQ(exc_last()->elr, (uintptr_t)probe_read64_insn);
	CHECK_EQ(probe_read((uintptr_t)&bar, 4, &v, NULL), 0);
}

static void check_wait_for(void)
{
	uint64_t t0 = counter();
	CHECK(!WAIT_FOR(false, 20));
	CHECK(counter() - t0 >= ms_to_ticks(20));
	CHECK(WAIT_FOR(true, 0));
}

static void check_args(void)
{
	char val[16];
	CHECK(!guest_arg("no-such-argument", val, sizeof(val)));
}

/* Every CPU prints LINES lines at once; the scenario checks each whole. */
static void chatter(void *arg)
{
	unsigned int me = cpu_index();

	barrier_wait(&bar, ncpus(), 2000);
	for (int i = 0; i < LINES; i++)
		printf("selftest: cpu%u line %02d abcdefghijklmnopqrstuvwxyz0123456789 end\n", me, i);
	barrier_wait(&bar, ncpus(), 2000);

	if (!strcmp(mode, "all")) {
		barrier_wait(&bar, ncpus(), 2000);
		CHECK_MSG(false, "cpu%u fails on purpose", me);
	}
	if (me == 1 && !strcmp(mode, "secondary")) {
		mdelay(5);
		CHECK_MSG(me != 1, "cpu1 fails on purpose");
	}
	if (me == 1 && !strcmp(mode, "exception")) {
		mdelay(5);
		*(volatile uint32_t *)plat.ram_end = 1;
	}
	if (me == 0 && (!strcmp(mode, "secondary") || !strcmp(mode, "exception"))) {
		/* Print until cpu1's failure ends the run. */
		for (int i = 0; i < 100000; i++)
			printf("selftest: cpu0 still printing %d\n", i);
		guest_fail_raw("cpu1 did not end the run");
	}
}

void guest_main(void)
{
	guest_arg("fail", mode, sizeof(mode));
	printf("selftest: %u CPU(s), command line \"%s\"\n", ncpus(), guest_cmdline());
	check_catching();
	check_wait_for();
	check_args();
	if (!strcmp(mode, "check"))
		CHECK_EQ(1 + 1, 3);
	if (!strcmp(mode, "irq")) {
		gic_init();
		gic_enable_irq(5);
		irq_enable();
		gic_send_sgi(5, this_mpidr());
		mdelay(100);
		guest_fail_raw("the SGI did not arrive");
	}
	smp_run(chatter, NULL, 10000);
	CHECK_MSG(!mode[0], "fail=%s did not fail", mode);
}
