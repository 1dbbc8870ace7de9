/*
 * bench-lpi: what an LPI costs, sent to handled (bench/vm,
 * docs/benchmarks.md). One device (DeviceID 0, what a CPU's write to
 * GITS_TRANSLATER carries on QEMU's virt machine and in an armhv VM), one
 * event mapped to an LPI on the boot CPU's collection; then ROUNDS round
 * trips of each of:
 *  - translater: the EventID written to GITS_TRANSLATER (an MSI as a
 *    device makes it), the LPI taken, acknowledged and ended by the
 *    library's handler, the loop seeing the handler's count move;
 *  - int: the same with an INT command through the command queue (the
 *    command written, GITS_CWRITER, GITS_CREADR read back until the ITS
 *    has read it, as a driver does), then the LPI as above;
 * each timed with two reads of the virtual counter around the whole loop.
 * Under QEMU's -icount shift=0 a tick is a fixed number of instructions,
 * so bench/vm turns the lines into instructions per round trip, on QEMU
 * directly and in an armhv VM.
 *
 * Prints "bench-lpi: NAME TICKS ROUNDS FREQ SPINS" per loop (hexadecimal,
 * 16 digits: the same length whatever the figures; SPINS are the polls
 * of the count in all), as tests/guests/bench-exits.S does. Command line:
 * "only=translater" or "only=int" runs one loop; "rounds=N" (default
 * 2000, 0 allowed: everything but the loops, the baseline that
 * `bench/profile --minus` subtracts).
 *
 * It fails if an LPI other than its own arrives, on another CPU, or more
 * or fewer than one per send (each must arrive within SPIN_LIMIT polls;
 * after the loops, nothing more within QUIET_MS_AFTER: under -icount
 * every millisecond of waiting is a million instructions for QEMU to run).
 */
#include "../its/its.h"

GUEST_NAME("bench-lpi");

#define ROUNDS		2000
#define DEV		0
#define DEV_BITS	1		/* a 2-entry ITT */
#define EVENT		1
#define ICID		0
#define LPI		(GIC_LPI_BASE + 32)
#define SPIN_LIMIT	10000000	/* polls: far more than a round trip takes */
#define QUIET_MS_AFTER	1		/* after the loops, nothing may arrive for so long (ms) */

static uint64_t taken;			/* LPIs the handler took */

static void on_lpi(unsigned int intid, void *arg)
{
	if (intid != LPI || cpu_index() != 0)
		guest_fail_raw("cpu%u: LPI %u, not the benchmark's %u on cpu0", cpu_index(), intid, LPI);
	WRITE_ONCE(taken, taken + 1);
}

/* Polls until the handler has taken `want` LPIs in all; returns the polls. */
static uint64_t wait_taken(uint64_t want)
{
	uint64_t spins = 0;

	while (READ_ONCE(taken) != want)
		if (++spins == SPIN_LIMIT)
			guest_fail_raw("LPI %u: %lu taken after %u polls, %lu expected", LPI, READ_ONCE(taken),
				       SPIN_LIMIT, want);
	return spins;
}

static void send_translater(void)
{
	its_msi(EVENT);
}

static void send_int(void)
{
	its_int(DEV, EVENT);
	its_flush();
}

static void bench(const char *name, void (*send)(void), unsigned long rounds)
{
	uint64_t want = READ_ONCE(taken), spins = 0, t0, t1;

	t0 = counter();
	for (unsigned long i = 0; i < rounds; i++) {
		send();
		spins += wait_taken(++want);
	}
	t1 = counter();
	printf("bench-lpi: %s 0x%016lx 0x%016lx 0x%016lx 0x%016lx\n", name, t1 - t0, rounds, timer_freq(), spins);
}

static unsigned long rounds_arg(void)
{
	char val[12];
	unsigned long n = 0;

	if (!guest_arg("rounds", val, sizeof(val)))
		return ROUNDS;
	CHECK_MSG(*val, "rounds=: no number");
	for (const char *c = val; *c; c++) {
		CHECK_MSG(*c >= '0' && *c <= '9' && n < 100000000, "rounds=%s: not a number up to 10^8", val);
		n = 10 * n + (unsigned long)(*c - '0');
	}
	return n;
}

void guest_main(void)
{
	unsigned long rounds = rounds_arg(), sent;
	char only[16] = "";
	void *itt;

	if (guest_arg("only", only, sizeof(only)))
		CHECK_MSG(!strcmp(only, "translater") || !strcmp(only, "int"), "only=%s: translater or int", only);
	its_probe();
	gic_init();
	lpi_init();
	its_setup(DEV, ICID);
	lpi_cpu_enable();
	irq_set_lpi_handler(on_lpi, NULL);

	itt = its_itt_alloc(DEV_BITS);
	its_mapd(DEV, itt, DEV_BITS, true);
	its_mapc(ICID, 0, true);
	its_mapti(DEV, EVENT, LPI, ICID);
	lpi_config(LPI, true);
	its_inv(DEV, EVENT);
	its_sync(0);
	its_flush();

	irq_enable();
	/* One of each first: it arrives (and nothing is left over after it). */
	send_translater();
	wait_taken(1);
	send_int();
	wait_taken(2);
	sent = 2;
	if (strcmp(only, "int")) {
		bench("translater", send_translater, rounds);
		sent += rounds;
	}
	if (strcmp(only, "translater")) {
		bench("int", send_int, rounds);
		sent += rounds;
	}
	mdelay(QUIET_MS_AFTER);
	irq_disable();
	CHECK_EQ(READ_ONCE(taken), sent);
	printf("bench-lpi: LPI %u (device %u, event %u) arrived once per send, %lu in all, on cpu0 only\n", LPI, DEV,
	       EVENT, sent);
}
