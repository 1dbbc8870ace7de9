/*
 * Secondary CPUs. CPU indexes: 0 is the boot CPU, 1..ncpus()-1 the other
 * CPUs of the device tree's /cpus in its order (at most MAX_CPUS).
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdbool.h>
#include <stdint.h>

unsigned int ncpus(void);
uint64_t cpu_mpidr(unsigned int idx);

/*
 * Starts CPU idx with PSCI CPU_ON at secondary_entry; it sets itself up
 * (stack, vectors, MMU, its GIC if gic_init() ran) and calls fn(arg) with
 * IRQs masked; when fn returns, the CPU turns itself off (CPU_OFF).
 * Returns the PSCI result.
 */
int32_t cpu_start(unsigned int idx, void (*fn)(void *), void *arg);
/* Turns this (secondary) CPU off; never returns. */
_Noreturn void cpu_stop(void);
/* Waits until PSCI AFFINITY_INFO says CPU idx is off; false on timeout. */
bool cpu_wait_off(unsigned int idx, unsigned int ms);
/* How many times CPU idx has entered secondary_entry. */
unsigned int cpu_entries(unsigned int idx);
extern char secondary_entry[];

/*
 * Runs fn(arg) on every CPU: starts the secondaries, runs it on the boot
 * CPU too, then waits (timeout_ms) until each has returned and is off.
 * A CPU that fails a CHECK ends the test from where it is.
 */
void smp_run(void (*fn)(void *), void *arg, unsigned int timeout_ms);

/* A reusable barrier for n CPUs. */
struct barrier {
	uint32_t count, generation;
};
#define BARRIER_INIT	{ 0, 0 }
/* Fails the test if the other CPUs do not arrive within timeout_ms. */
void barrier_wait(struct barrier *b, unsigned int n, unsigned int timeout_ms);

#endif
