/* Ticket spinlocks (normal cacheable memory only: MMU on). */
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

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		spin_hint();
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
