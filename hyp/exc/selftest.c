/* Self-tests that exercise armhv's own failure paths. */
#include <exc/selftest.h>
#include <cpu/cpu.h>
#include <lib/log.h>
#include <exc/panic.h>

/* An address in the identity half of the VA space: never mapped in the
 * runtime table, so the load takes a translation fault at EL2. */
#define SELFTEST_BAD_VA	0x0000000000dead00ULL

static void __attribute__((noinline)) selftest_fault_now(void *arg)
{
	(void)arg;
	log_info("selftest: forcing a data abort at EL2 (load from 0x%llx)",
		   (unsigned long long)SELFTEST_BAD_VA);
	(void)*(volatile uint64_t *)SELFTEST_BAD_VA;
	log_info("selftest: the load did not fault");
}

static void __attribute__((noinline)) selftest_panic_now(void *arg)
{
	(void)arg;
	panic("selftest: panic requested on cpu%u", this_cpu());
}

void selftest_panic_on(unsigned cpu, enum selftest_panic_where where)
{
	if (where == PANIC_IN_REPORT) {
		cpus[cpu].selftest_fault_in_report = true;
		selftest_fault_on(cpu);
		return;
	}
	if (cpu == this_cpu())
		selftest_panic_now(NULL);
	else
		cpu_call(cpu, selftest_panic_now, NULL);
}

/* Recurses until the stack runs into its guard page (the limit only
 * keeps the compiler from calling the recursion infinite). */
static volatile unsigned selftest_depth_limit = 1u << 30;

static unsigned __attribute__((noinline)) selftest_recurse(unsigned depth)
{
	volatile uint8_t frame[512];

	frame[0] = (uint8_t)depth;
	if (depth >= selftest_depth_limit)
		return frame[0];
	return selftest_recurse(depth + 1) + frame[0];
}

static void selftest_overflow_now(void *arg)
{
	(void)arg;
	log_info("selftest: overflowing the EL2 stack");
	log_info("selftest: %u", selftest_recurse(0));
}

void selftest_overflow_on(unsigned cpu)
{
	if (cpu == this_cpu())
		selftest_overflow_now(NULL);
	else
		cpu_call(cpu, selftest_overflow_now, NULL);
}

static void selftest_fault_locked_now(void *arg)
{
	(void)arg;
	con_selftest_fault_locked();
}

void selftest_fault_locked_on(unsigned cpu)
{
	if (cpu == this_cpu())
		selftest_fault_locked_now(NULL);
	else
		cpu_call(cpu, selftest_fault_locked_now, NULL);
}

void selftest_fault_on(unsigned cpu)
{
	int ret;

	if (cpu == this_cpu()) {
		selftest_fault_now(NULL);
		return;
	}
	ret = cpu_call(cpu, selftest_fault_now, NULL);
	if (ret == -EIO)
		log_info("selftest: cpu%u stopped as expected", cpu);
	else
		log_err("selftest: cpu%u did not stop (%d)", cpu, ret);
}
