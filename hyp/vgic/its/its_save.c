/*
 * Save: write the device table, every ITT and the collection table into
 * guest RAM in the ITS Table ABI REV0 layout (docs/its-abi.md).
 *
 * A restore scans each table from its start, one entry at a time over
 * invalid entries and by the "next" offsets from valid ones. Save writes
 * zeros into exactly the invalid slots such a scan visits, so whatever
 * the memory held before (stale entries, guest scribbles) cannot come back
 * as mappings: everything save writes, restore accepts and rebuilds.
 */
#include "its_internal.h"

#define ZERO_BLOCK 256u
static const uint8_t zero_block[ZERO_BLOCK];

#define L1_MAX_ENTRIES ((1u << ITS_DEVID_BITS) / (4096u / ITS_ENTRY_SIZE))

struct save {
	struct its *its;
	const struct its_env *env;
	struct its_save_report *rep;
};

static void put(struct save *s, ipaddr_t ipa, uint64_t v)
{
	if (its_write64(s->env, ipa, v))
		s->rep->write_failures++;
}

static void zero(struct save *s, ipaddr_t ipa, uint64_t entries)
{
	uint64_t bytes = entries * ITS_ENTRY_SIZE;
	while (bytes) {
		size_t n = bytes < ZERO_BLOCK ? (size_t)bytes : ZERO_BLOCK;
		if (s->env->ram_write(s->env->ctx, ipa, zero_block, n))
			s->rep->write_failures++;
		ipa = ipa_add(ipa, n);
		bytes -= n;
	}
}

static void sort_u32(uint32_t *a, uint32_t n)
{
	/* Heapsort: no recursion, no extra memory. */
	for (uint32_t start = n / 2; start-- > 0;) {
		for (uint32_t root = start;;) {
			uint32_t child = 2 * root + 1;
			if (child >= n)
				break;
			if (child + 1 < n && a[child + 1] > a[child])
				child++;
			if (a[root] >= a[child])
				break;
			uint32_t t = a[root];
			a[root] = a[child];
			a[child] = t;
			root = child;
		}
	}
	for (uint32_t end = n; end-- > 1;) {
		uint32_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		for (uint32_t root = 0;;) {
			uint32_t child = 2 * root + 1;
			if (child >= end)
				break;
			if (child + 1 < end && a[child + 1] > a[child])
				child++;
			if (a[root] >= a[child])
				break;
			t = a[root];
			a[root] = a[child];
			a[child] = t;
			root = child;
		}
	}
}

static uint64_t ite_value(uint32_t next, uint32_t intid, uint32_t icid)
{
	return ((uint64_t)next << 48) | ((uint64_t)intid << 16) | icid;
}

/* Write one device's ITT. Its events, in EventID order, chained by next. */
static void save_itt(struct save *s, uint32_t devid, const uint64_t *dev)
{
	uint32_t bits = DEV_BITS(dev);
	uint32_t left = DEV_ITES(dev);
	ipaddr_t itt = DEV_ITT(dev);
	bool have_prev = false;
	uint32_t prev_ev = 0;
	uint64_t prev = 0;

	if (!left) {
		zero(s, itt, 1ull << bits); /* restore scans it all */
		return;
	}
	for (uint32_t ev = 0; left && ev < (1u << bits); ev++) {
		const uint64_t *ite = its_tab_find(&s->its->ite, ITE_KEY(devid, ev));
		if (!ite)
			continue;
		left--;
		if (have_prev)
			put(s, ipa_add(itt, (uint64_t)prev_ev * ITS_ENTRY_SIZE),
			    ite_value(ev - prev_ev, ITE_INTID(&prev), ITE_ICID(&prev)));
		else
			zero(s, itt, ev);
		have_prev = true;
		prev_ev = ev;
		prev = ite[0];
		s->rep->ites++;
	}
	if (have_prev)
		put(s, ipa_add(itt, (uint64_t)prev_ev * ITS_ENTRY_SIZE),
		    ite_value(0, ITE_INTID(&prev), ITE_ICID(&prev)));
}

static void save_dte(struct save *s, ipaddr_t ipa, uint32_t devid, uint32_t next)
{
	const uint64_t *dev = its_tab_find(&s->its->dev, devid);
	uint64_t v = BIT64(63) | ((uint64_t)next << 49) |
		     ((ipa_addr(DEV_ITT(dev)) >> 8) << 5) | (DEV_BITS(dev) - 1);
	put(s, ipa, v);
	save_itt(s, devid, dev);
	s->rep->devices++;
}

static uint32_t dte_next(const uint32_t *d, uint32_t n, uint32_t i)
{
	if (i + 1 >= n)
		return 0;
	uint32_t gap = d[i + 1] - d[i];
	return gap < ITS_DTE_NEXT_MAX ? gap : ITS_DTE_NEXT_MAX;
}

static void save_flat(struct save *s, const uint32_t *d, uint32_t n)
{
	uint64_t baser = s->its->baser[0];
	ipaddr_t base = its_baser_addr(baser);
	uint32_t pos = 0;

	if (!n) {
		zero(s, base, its_dev_capacity(baser));
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t next = dte_next(d, n, i);
		zero(s, ipa_add(base, (uint64_t)pos * ITS_ENTRY_SIZE), d[i] - pos);
		save_dte(s, ipa_add(base, (uint64_t)d[i] * ITS_ENTRY_SIZE), d[i], next);
		pos = d[i] + next;
	}
}

/* Two-level device table: d[] is filtered to reachable devices here. */
static void save_indirect(struct save *s, uint32_t *d, uint32_t n)
{
	uint64_t baser = s->its->baser[0];
	ipaddr_t base = its_baser_addr(baser);
	uint32_t per_page = (uint32_t)(its_baser_page_size(baser) / ITS_ENTRY_SIZE);
	uint32_t l1_count = its_l1_scan_entries(baser);
	ipaddr_t page[L1_MAX_ENTRIES];
	bool usable[L1_MAX_ENTRIES];
	uint32_t m = 0;

	for (uint32_t l1 = 0; l1 < l1_count; l1++) {
		uint64_t l1e;
		usable[l1] = !its_read64(s->env, ipa_add(base, (uint64_t)l1 * ITS_ENTRY_SIZE), &l1e) &&
			     its_l1_page(s->env, baser, l1e, &page[l1]);
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l1 = d[i] / per_page;
		if (l1 < l1_count && usable[l1]) {
			d[m++] = d[i];
			continue;
		}
		/* The guest took the DTE's page away: the mapping is lost. */
		const uint64_t *dev = its_tab_find(&s->its->dev, d[i]);
		s->rep->dropped_devices++;
		s->rep->dropped_ites += DEV_ITES(dev);
	}

	uint32_t i = 0;
	for (uint32_t l1 = 0; l1 < l1_count; l1++) {
		if (!usable[l1])
			continue;
		uint32_t first = l1 * per_page, end = first + per_page, pos = first;
		if (i >= m || d[i] >= end) {
			if (i < m || !m)
				zero(s, page[l1], per_page); /* scanned entirely */
			continue;
		}
		while (i < m && d[i] < end) {
			uint32_t next = dte_next(d, m, i);
			zero(s, ipa_add(page[l1], (uint64_t)(pos - first) * ITS_ENTRY_SIZE), d[i] - pos);
			save_dte(s, ipa_add(page[l1], (uint64_t)(d[i] - first) * ITS_ENTRY_SIZE), d[i], next);
			pos = d[i] + next;
			i++;
			if (!next)
				return; /* the last device: restore stops here */
		}
	}
}

static void save_collections(struct save *s, uint32_t *icids, uint32_t n)
{
	uint64_t baser = s->its->baser[1];
	ipaddr_t base = its_baser_addr(baser);
	uint64_t entries = its_baser_bytes(baser) / ITS_ENTRY_SIZE;

	for (uint32_t i = 0; i < n; i++) {
		const uint64_t *e = its_tab_find(&s->its->coll, icids[i]);
		put(s, ipa_add(base, (uint64_t)i * ITS_ENTRY_SIZE),
		    BIT64(63) | ((uint64_t)COLL_VCPU(e) << 16) | icids[i]);
		s->rep->collections++;
	}
	if (n < entries)
		put(s, ipa_add(base, (uint64_t)n * ITS_ENTRY_SIZE), 0);
}

static uint32_t collect_keys(const struct its_tab *t, uint32_t *keys)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->cap; i++) {
		const uint64_t *e = its_tab_slot(t, i);
		if (e)
			keys[n++] = (uint32_t)e[0];
	}
	sort_u32(keys, n);
	return n;
}

int its_save(struct its *its, struct its_regs *regs, struct its_save_report *report)
{
	const struct its_env *env = &its->vm->env;
	struct its_save_report local;
	struct save s = { its, env, report ? report : &local };
	its_memset(s.rep, 0, sizeof(*s.rep));

	size_t dev_bytes = (its->dev.count + 1) * sizeof(uint32_t);
	size_t coll_bytes = (its->coll.count + 1) * sizeof(uint32_t);
	uint32_t *devids = env->alloc(env->ctx, dev_bytes);
	uint32_t *icids = env->alloc(env->ctx, coll_bytes);
	if (!devids || !icids) {
		if (devids)
			env->free(env->ctx, devids, dev_bytes);
		if (icids)
			env->free(env->ctx, icids, coll_bytes);
		return ITS_ERR_NOMEM;
	}

	its_regs_get(its, regs);
	if (its->baser[0] & BASER_VALID) {
		uint32_t n = collect_keys(&its->dev, devids);
		if (its->baser[0] & BASER_INDIRECT)
			save_indirect(&s, devids, n);
		else
			save_flat(&s, devids, n);
	}
	if (its->baser[1] & BASER_VALID)
		save_collections(&s, icids, collect_keys(&its->coll, icids));

	if (s.rep->dropped_devices || s.rep->write_failures)
		its_log(env, ITS_LOG_WARN, "its: save left mappings out",
			s.rep->dropped_devices, s.rep->write_failures);
	env->free(env->ctx, devids, dev_bytes);
	env->free(env->ctx, icids, coll_bytes);
	return ITS_OK;
}
