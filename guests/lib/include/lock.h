/* Spinlocks for test guests (usable once the MMU is on). */
#ifndef GUEST_LOCK_H
#define GUEST_LOCK_H

#include "arch.h"

typedef struct {
	uint32_t locked;
	uint32_t owner;		/* cpu_index() + 1 of the holder, 0 if free */
} spinlock_t;

#define SPINLOCK_INIT	{ 0, 0 }

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
	l->owner = cpu_index() + 1;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	l->owner = cpu_index() + 1;
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->owner = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_held_by_me(const spinlock_t *l)
{
	return READ_ONCE(l->locked) && READ_ONCE(l->owner) == cpu_index() + 1;
}

#endif
