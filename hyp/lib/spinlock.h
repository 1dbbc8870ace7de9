/* Spinlocks (normal cacheable memory only: MMU on). Test-and-test-and-
 * set, not first come first served: whoever finds the lock free first
 * takes it. A ticket lock hands the lock to one waiter, and when that
 * waiter's CPU is not running (QEMU with more CPUs than host cores, or
 * armhv nested under another hypervisor) every other waiter spins until
 * it runs again: a Linux VM with 4 vCPUs on 4 CPUs of a 2-core host took
 * 40 s to reach init with ticket locks on its vGIC, 3 s with these.
 * armhv's critical sections are short, so no waiter starves in practice. */
#ifndef ARMHV_SPINLOCK_H
#define ARMHV_SPINLOCK_H

#include <arch/types.h>

typedef struct {
	volatile uint16_t owner;
	volatile uint16_t next;
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

/* Host tests run the same code with a compiler barrier instead. */
#ifdef HOST_TEST
#define spin_hint()	__asm__ volatile("" : : : "memory")
#else
#define spin_hint()	__asm__ volatile("yield" : : : "memory")
#endif

static inline bool spin_trylock(spinlock_t *l);
static inline void spin_lock(spinlock_t *l)
{
	while (!spin_trylock(l)) {
		/* Reads only until it looks free. */
		while (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
		       __atomic_load_n(&l->next, __ATOMIC_RELAXED))
			spin_hint();
	}
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	uint16_t next = owner;

	return __atomic_compare_exchange_n(&l->next, &next, (uint16_t)(owner + 1),
					   false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

#endif
