/*
 * Restore: rebuild an ITS from a register image and the ITS Table ABI
 * REV0 tables in guest RAM (docs/its-abi.md).
 *
 * Everything is parsed into staging tables first; the live ITS is touched
 * only once every entry has been validated and every allocation made, so
 * a restore either replaces the whole ITS or changes nothing. Every loop
 * is bounded by a table size that is itself capped (65536 DeviceIDs, the
 * configured ITT budget, 65536 collections).
 */
#include "its_internal.h"

struct restore {
	struct its *its;
	const struct its_env *env;
	struct its_restore_report *rep;
	const struct its_regs *regs;
	struct its_tab dev, ite, coll;
	uint64_t itt_entries;
	bool need_chunk[ITS_LPI_CHUNKS];
};

static int fail(struct restore *r, int err, enum its_table_kind table, uint32_t id,
		uint32_t event, ipaddr_t ipa, uint64_t entry, const char *reason)
{
	r->rep->table = table;
	r->rep->id = id;
	r->rep->event = event;
	r->rep->ipa = ipa;
	r->rep->entry = entry;
	r->rep->reason = reason;
	return err;
}

#define REG_FAIL(r, why) fail(r, ITS_ERR_REGS, ITS_TABLE_REGS, 0, 0, ipa_init(0), 0, why)

static int check_baser(struct restore *r, unsigned n, uint64_t v)
{
	uint64_t type = n == 0 ? BASER_TYPE_DEVICE : BASER_TYPE_COLLECTION;
	uint64_t ro = (type << BASER_TYPE_SHIFT) |
		      ((uint64_t)(ITS_ENTRY_SIZE - 1) << BASER_ESZ_SHIFT);
	if ((v & BASER_RO) != ro)
		return REG_FAIL(r, "BASER type or entry size differs");
	if (v & ~(BASER_WRITABLE | BASER_RO))
		return REG_FAIL(r, "BASER reserved bits set");
	if (BASER_PSZ(v) == 3 || (BASER_PSZ(v) == 1 && (v & MASK64(13, 12))))
		return REG_FAIL(r, "BASER page size invalid");
	if (n == 1 && (v & BASER_INDIRECT))
		return REG_FAIL(r, "collection table cannot be two-level");
	return ITS_OK;
}

static int check_regs(struct restore *r)
{
	const struct its_regs *g = r->regs;
	if (IIDR_REVISION(g->iidr) != ITS_ABI_REV)
		return fail(r, ITS_ERR_ABI, ITS_TABLE_REGS, 0, 0, ipa_init(0), g->iidr,
			    "unsupported table ABI revision");
	if (g->typer != ITS_TYPER_VALUE)
		return REG_FAIL(r, "GITS_TYPER differs from this ITS");
	if (g->ctlr & ~(uint32_t)(CTLR_ENABLED | CTLR_QUIESCENT))
		return REG_FAIL(r, "GITS_CTLR reserved bits set");
	if (g->cbaser & ~CBASER_WRITABLE)
		return REG_FAIL(r, "GITS_CBASER reserved bits set");
	uint64_t qsize = CBASER_QUEUE_SIZE(g->cbaser);
	if ((g->cwriter & ~QUEUE_OFFSET_MASK) || g->cwriter >= qsize)
		return REG_FAIL(r, "GITS_CWRITER invalid");
	if ((g->creadr & ~(QUEUE_OFFSET_MASK | CREADR_STALLED)) ||
	    (g->creadr & QUEUE_OFFSET_MASK) >= qsize)
		return REG_FAIL(r, "GITS_CREADR invalid");
	for (unsigned n = 0; n < 2; n++) {
		int ret = check_baser(r, n, g->baser[n]);
		if (ret)
			return ret;
	}
	/* A valid table is guest RAM, as the BASER write made sure. */
	if ((g->baser[0] & BASER_VALID) && !its_dev_table_in_ram(r->env, g->baser[0]))
		return fail(r, ITS_ERR_FAULT,
			    (g->baser[0] & BASER_INDIRECT) ? ITS_TABLE_L1 : ITS_TABLE_DEVICE,
			    0, 0, its_baser_addr(g->baser[0]), g->baser[0],
			    "device table not in guest RAM");
	if ((g->baser[1] & BASER_VALID) && !its_coll_table_in_ram(r->env, g->baser[1]))
		return fail(r, ITS_ERR_FAULT, ITS_TABLE_COLLECTION, 0, 0,
			    its_baser_addr(g->baser[1]), g->baser[1],
			    "collection table not in guest RAM");
	if ((g->ctlr & CTLR_ENABLED) &&
	    (!(g->cbaser & CBASER_VALID) || !(g->baser[0] & BASER_VALID) ||
	     !(g->baser[1] & BASER_VALID)))
		return REG_FAIL(r, "ITS enabled without tables");
	return ITS_OK;
}

static int restore_collections(struct restore *r)
{
	uint64_t baser = r->regs->baser[1];
	ipaddr_t base = its_baser_addr(baser);
	uint64_t entries = its_baser_bytes(baser) / ITS_ENTRY_SIZE;
	uint32_t cap = its_coll_capacity(baser);
	/* At most one entry per ICID, then the terminator. */
	uint64_t scan = entries < (1ull << ITS_ICID_BITS) + 1 ? entries
							   : (1ull << ITS_ICID_BITS) + 1;

	for (uint64_t i = 0; i < scan; i++) {
		ipaddr_t ipa = ipa_add(base, i * ITS_ENTRY_SIZE);
		uint64_t v;
		if (its_read64(r->env, ipa, &v))
			return fail(r, ITS_ERR_FAULT, ITS_TABLE_COLLECTION, (uint32_t)i, 0,
				    ipa, 0, "collection table not in guest RAM");
		if (!(v >> 63))
			return ITS_OK;
		uint32_t icid = (uint32_t)(v & 0xffff);
		uint64_t rd = FIELD(v, 51, 16);
		if (v & MASK64(62, 52))
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "CTE reserved bits set");
		if (icid >= cap)
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "CTE ICID beyond the collection table");
		if (i == (1ull << ITS_ICID_BITS))
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "more CTEs than ICIDs");
		if (rd == ITS_CTE_PLACEHOLDER)
			continue; /* known but never mapped: nothing to rebuild */
		if (rd >= r->its->vm->vcpu_count)
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "CTE target vCPU out of range");
		bool created;
		uint64_t *e = its_tab_insert(r->env, &r->coll, icid, &created);
		if (!e)
			return fail(r, ITS_ERR_NOMEM, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "out of memory");
		if (!created)
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_COLLECTION, icid, 0, ipa, v,
				    "duplicate CTE");
		coll_set(e, icid, (uint32_t)rd);
	}
	return ITS_OK;
}

static int restore_itt(struct restore *r, uint32_t devid, uint32_t bits, ipaddr_t itt)
{
	uint32_t size = 1u << bits, count = 0;

	for (uint32_t ev = 0; ev < size;) {
		ipaddr_t ipa = ipa_add(itt, (uint64_t)ev * ITS_ENTRY_SIZE);
		uint64_t v;
		if (its_read64(r->env, ipa, &v))
			return fail(r, ITS_ERR_FAULT, ITS_TABLE_ITT, devid, ev, ipa, 0,
				    "ITT not in guest RAM");
		uint64_t intid = FIELD(v, 47, 16);
		if (!intid) {
			ev++;
			continue;
		}
		uint32_t next = (uint32_t)(v >> 48);
		if (intid < ITS_LPI_BASE || intid >= (1u << ITS_INTID_BITS))
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_ITT, devid, ev, ipa, v,
				    "ITE pINTID not an LPI of this ITS");
		if (next && (uint64_t)ev + next >= size)
			return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_ITT, devid, ev, ipa, v,
				    "ITE next beyond the ITT");
		if (r->ite.count >= r->its->cfg.max_ites)
			return fail(r, ITS_ERR_LIMIT, ITS_TABLE_ITT, devid, ev, ipa, v,
				    "too many events");
		uint32_t key = ITE_KEY(devid, ev);
		uint64_t *e = its_tab_insert(r->env, &r->ite, key, NULL);
		if (!e)
			return fail(r, ITS_ERR_NOMEM, ITS_TABLE_ITT, devid, ev, ipa, v,
				    "out of memory");
		ite_set(e, key, (uint32_t)intid, (uint32_t)(v & 0xffff));
		r->need_chunk[its_lpi_chunk_of((uint32_t)intid)] = true;
		count++;
		if (!next)
			break;
		ev += next;
	}
	dev_set_ites(its_tab_find(&r->dev, devid), count);
	return ITS_OK;
}

/* One valid DTE at ipa for devid; returns its next offset in *next. */
static int restore_dte(struct restore *r, uint32_t devid, ipaddr_t ipa, uint64_t v,
		       uint32_t limit, uint32_t *next)
{
	uint32_t bits = (uint32_t)(v & 0x1f) + 1;
	ipaddr_t itt = ipa_init(FIELD(v, 48, 5) << 8);
	*next = (uint32_t)FIELD(v, 62, 49);

	if (bits > ITS_EVENTID_BITS_MAX)
		return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "DTE EventID size beyond ID_bits");
	if (*next && (uint64_t)devid + *next >= limit)
		return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "DTE next beyond the device table");
	if (!r->env->ram_check(r->env->ctx, itt, its_itt_bytes(bits)))
		return fail(r, ITS_ERR_FAULT, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "DTE ITT not in guest RAM");
	if (r->dev.count >= r->its->cfg.max_devices ||
	    r->itt_entries + (1ull << bits) > r->its->cfg.max_itt_entries)
		return fail(r, ITS_ERR_LIMIT, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "too many devices or ITT entries");
	bool created;
	uint64_t *e = its_tab_insert(r->env, &r->dev, devid, &created);
	if (!e)
		return fail(r, ITS_ERR_NOMEM, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "out of memory");
	dev_set(e, devid, bits, itt, 0);
	if (!created)
		return fail(r, ITS_ERR_CORRUPT, ITS_TABLE_DEVICE, devid, 0, ipa, v,
			    "duplicate DTE");
	r->itt_entries += 1ull << bits;
	return restore_itt(r, devid, bits, itt);
}

/*
 * Scan DeviceIDs [first, end) whose entries start at ipa. *done is set
 * when a DTE says it is the last one.
 */
static int scan_dtes(struct restore *r, ipaddr_t ipa, uint32_t first, uint32_t end,
		     uint32_t limit, bool *done)
{
	for (uint32_t id = first; id < end;) {
		ipaddr_t at = ipa_add(ipa, (uint64_t)(id - first) * ITS_ENTRY_SIZE);
		uint64_t v;
		uint32_t next;
		if (its_read64(r->env, at, &v))
			return fail(r, ITS_ERR_FAULT, ITS_TABLE_DEVICE, id, 0, at, 0,
				    "device table not in guest RAM");
		if (!(v >> 63)) {
			id++;
			continue;
		}
		int ret = restore_dte(r, id, at, v, limit, &next);
		if (ret)
			return ret;
		if (!next) {
			*done = true;
			return ITS_OK;
		}
		id += next;
	}
	return ITS_OK;
}

static int restore_devices(struct restore *r)
{
	uint64_t baser = r->regs->baser[0];
	ipaddr_t base = its_baser_addr(baser);
	uint32_t cap = its_dev_capacity(baser);
	bool done = false;

	if (!(baser & BASER_INDIRECT))
		return scan_dtes(r, base, 0, cap, cap, &done);

	uint32_t per_page = (uint32_t)(its_baser_page_size(baser) / ITS_ENTRY_SIZE);
	uint32_t l1_count = its_l1_scan_entries(baser);
	for (uint32_t l1 = 0; l1 < l1_count && !done; l1++) {
		ipaddr_t at = ipa_add(base, (uint64_t)l1 * ITS_ENTRY_SIZE), page;
		uint64_t l1e;
		if (its_read64(r->env, at, &l1e))
			return fail(r, ITS_ERR_FAULT, ITS_TABLE_L1, l1, 0, at, 0,
				    "level-1 device table not in guest RAM");
		if (!(l1e >> 63))
			continue;
		if (!its_l1_page(r->env, baser, l1e, &page)) {
			/* Guest-owned entry: a page outside RAM holds no DTEs. */
			r->rep->l1_skipped++;
			continue;
		}
		int ret = scan_dtes(r, page, l1 * per_page, (l1 + 1) * per_page, cap, &done);
		if (ret)
			return ret;
	}
	return ITS_OK;
}

/* Allocate LPI storage for every restored INTID; undo on failure. */
static int alloc_chunks(struct restore *r)
{
	struct its_vm *vm = r->its->vm;
	bool fresh[ITS_LPI_CHUNKS];
	int ret = ITS_OK;

	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++) {
		fresh[c] = false;
		if (!r->need_chunk[c] || vm->chunk[c] || ret)
			continue;
		ret = its_lpi_chunk_alloc(vm, c);
		fresh[c] = !ret;
	}
	if (ret) {
		for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++)
			if (fresh[c])
				its_lpi_chunk_free(vm, c);
		return fail(r, ret, ITS_TABLE_NONE, 0, 0, ipa_init(0), 0, "out of memory");
	}
	return ITS_OK;
}

int its_restore(struct its *its, const struct its_regs *regs,
		struct its_restore_report *report)
{
	struct its_restore_report local;
	struct restore r;
	its_memset(&r, 0, sizeof(r));
	r.its = its;
	r.env = &its->vm->env;
	r.rep = report ? report : &local;
	r.regs = regs;
	its_memset(r.rep, 0, sizeof(*r.rep));
	its_tab_init(&r.dev, 2);
	its_tab_init(&r.ite, 1);
	its_tab_init(&r.coll, 1);

	int ret = check_regs(&r);
	if (!ret && (regs->baser[1] & BASER_VALID))
		ret = restore_collections(&r);
	if (!ret && (regs->baser[0] & BASER_VALID))
		ret = restore_devices(&r);
	if (!ret)
		ret = alloc_chunks(&r);
	if (ret) {
		its_tab_free(r.env, &r.dev);
		its_tab_free(r.env, &r.ite);
		its_tab_free(r.env, &r.coll);
		return ret;
	}

	/* Commit: nothing below can fail. */
	its_drop_devices(its);
	its_drop_collections(its);
	its->dev = r.dev;
	its->ite = r.ite;
	its->coll = r.coll;
	its->itt_entries = r.itt_entries;
	its->enabled = regs->ctlr & CTLR_ENABLED;
	its->cbaser = regs->cbaser;
	its->cwriter = regs->cwriter;
	its->creadr = regs->creadr & QUEUE_OFFSET_MASK;
	its->stalled = regs->creadr & CREADR_STALLED;
	its->baser[0] = its->baser_written[0] = regs->baser[0];
	its->baser[1] = its->baser_written[1] = regs->baser[1];
	r.rep->table = ITS_TABLE_NONE;
	r.rep->reason = "restored";
	return ITS_OK;
}
