/*
 * Open addressing hash table with linear probing and backward-shift
 * deletion (no tombstones), keyed by 32 bits. Lookups cost the same with
 * ten entries or a million: the load factor stays at or below one half.
 */
#include "its_internal.h"

#define TAB_MIN_CAP 16u
#define TAB_MAX_CAP (1u << 28)

void its_tab_init(struct its_tab *t, uint32_t stride)
{
	its_memset(t, 0, sizeof(*t));
	t->stride = stride;
}

void its_tab_free(const struct its_env *env, struct its_tab *t)
{
	if (t->slot)
		env->free(env->ctx, t->slot, (size_t)t->cap * t->stride * sizeof(uint64_t));
	t->slot = NULL;
	t->cap = 0;
	t->count = 0;
	t->shift = 0;
}

static inline uint32_t tab_home(const struct its_tab *t, uint32_t key)
{
	/* Fibonacci hashing: the top bits of key * 2^64/phi. */
	return (uint32_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> t->shift);
}

static inline uint64_t *tab_at(const struct its_tab *t, uint32_t i)
{
	return &t->slot[(size_t)i * t->stride];
}

static inline bool tab_used(const uint64_t *e)
{
	return (e[0] >> 32) != 0;
}

uint64_t *its_tab_find(const struct its_tab *t, uint32_t key)
{
	if (!t->cap)
		return NULL;
	uint32_t mask = t->cap - 1;
	/* Bounded: the table is never full, so an empty slot ends the probe. */
	for (uint32_t i = tab_home(t, key), n = 0; n < t->cap; i = (i + 1) & mask, n++) {
		uint64_t *e = tab_at(t, i);
		if (!tab_used(e))
			return NULL;
		if ((uint32_t)e[0] == key)
			return e;
	}
	return NULL;
}

static int tab_resize(const struct its_env *env, struct its_tab *t, uint32_t cap)
{
	size_t bytes = (size_t)cap * t->stride * sizeof(uint64_t);
	uint64_t *slot = env->alloc(env->ctx, bytes);
	if (!slot)
		return ITS_ERR_NOMEM;
	its_memset(slot, 0, bytes);

	struct its_tab n = *t;
	n.slot = slot;
	n.cap = cap;
	n.shift = 64;
	for (uint32_t c = cap; c > 1; c >>= 1)
		n.shift--;

	for (uint32_t i = 0; i < t->cap; i++) {
		uint64_t *e = tab_at(t, i);
		if (!tab_used(e))
			continue;
		uint32_t j = tab_home(&n, (uint32_t)e[0]);
		while (tab_used(tab_at(&n, j)))
			j = (j + 1) & (cap - 1);
		its_memcpy(tab_at(&n, j), e, t->stride * sizeof(uint64_t));
	}
	its_tab_free(env, t);
	*t = n;
	return ITS_OK;
}

uint64_t *its_tab_insert(const struct its_env *env, struct its_tab *t,
			 uint32_t key, bool *created)
{
	uint64_t *e = its_tab_find(t, key);
	if (created)
		*created = false;
	if (e)
		return e;
	if ((uint64_t)(t->count + 1) * 2 > t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : TAB_MIN_CAP;
		if (cap > TAB_MAX_CAP || tab_resize(env, t, cap))
			return NULL;
	}
	uint32_t i = tab_home(t, key);
	while (tab_used(tab_at(t, i)))
		i = (i + 1) & (t->cap - 1);
	e = tab_at(t, i);
	its_memset(e, 0, t->stride * sizeof(uint64_t));
	e[0] = key;
	t->count++;
	if (created)
		*created = true;
	return e;
}

bool its_tab_remove(struct its_tab *t, uint32_t key)
{
	uint64_t *e = its_tab_find(t, key);
	if (!e)
		return false;
	uint32_t mask = t->cap - 1;
	uint32_t hole = (uint32_t)((e - t->slot) / t->stride);
	/*
	 * Backward shift: pull later members of the probe run into the hole
	 * when their home slot does not lie cyclically in (hole, j].
	 */
	for (uint32_t j = (hole + 1) & mask, n = 0; n < t->cap; j = (j + 1) & mask, n++) {
		uint64_t *ej = tab_at(t, j);
		if (!tab_used(ej))
			break;
		uint32_t home = tab_home(t, (uint32_t)ej[0]);
		bool stays = (hole <= j) ? (home > hole && home <= j)
					 : (home > hole || home <= j);
		if (stays)
			continue;
		its_memcpy(tab_at(t, hole), ej, t->stride * sizeof(uint64_t));
		hole = j;
	}
	its_memset(tab_at(t, hole), 0, t->stride * sizeof(uint64_t));
	t->count--;
	return true;
}
