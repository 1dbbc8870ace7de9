/*
 * ITS life cycle, translation of (DeviceID, EventID), error strings, the
 * register image encoding and state digests.
 */
#include "its_internal.h"

#define BASER_RESET(type)                                                   \
	(((uint64_t)(type) << BASER_TYPE_SHIFT) |                            \
	 ((uint64_t)(ITS_ENTRY_SIZE - 1) << BASER_ESZ_SHIFT) | ((uint64_t)2 << 8))

const char *its_strerror(int status)
{
	switch (status) {
	case ITS_OK:
		return "success";
	case ITS_ERR_INVAL:
		return "invalid argument";
	case ITS_ERR_NOMEM:
		return "out of memory";
	case ITS_ERR_ACCESS:
		return "unsupported register access width or alignment";
	case ITS_ERR_BUSY:
		return "not allowed in the current state";
	case ITS_ERR_ABI:
		return "unsupported ITS table ABI revision or image version";
	case ITS_ERR_REGS:
		return "inconsistent register image";
	case ITS_ERR_FAULT:
		return "table outside guest RAM";
	case ITS_ERR_CORRUPT:
		return "invalid table entry";
	case ITS_ERR_LIMIT:
		return "state exceeds the configured limits";
	default:
		return "unknown error";
	}
}

const char *its_cmd_strerror(uint32_t err)
{
	switch (err) {
	case ITS_CMDERR_NONE: return "none";
	case ITS_CMDERR_MOVI_UNMAPPED_INTERRUPT: return "MOVI: unmapped interrupt";
	case ITS_CMDERR_MOVI_UNMAPPED_COLLECTION: return "MOVI: unmapped collection";
	case ITS_CMDERR_INT_UNMAPPED_INTERRUPT: return "INT: unmapped interrupt";
	case ITS_CMDERR_CLEAR_UNMAPPED_INTERRUPT: return "CLEAR: unmapped interrupt";
	case ITS_CMDERR_MAPD_DEVICE_OOR: return "MAPD: DeviceID out of range";
	case ITS_CMDERR_MAPD_ITTSIZE_OOR: return "MAPD: ITT size out of range";
	case ITS_CMDERR_MAPC_PROCNUM_OOR: return "MAPC: processor number out of range";
	case ITS_CMDERR_MAPC_COLLECTION_OOR: return "MAPC: ICID out of range";
	case ITS_CMDERR_MAPTI_UNMAPPED_DEVICE: return "MAPTI: unmapped device";
	case ITS_CMDERR_MAPTI_ID_OOR: return "MAPTI: EventID out of range";
	case ITS_CMDERR_MAPTI_PHYSICALID_OOR: return "MAPTI: pINTID out of range";
	case ITS_CMDERR_INV_UNMAPPED_INTERRUPT: return "INV: unmapped interrupt";
	case ITS_CMDERR_INVALL_UNMAPPED_COLLECTION: return "INVALL: unmapped collection";
	case ITS_CMDERR_MOVALL_PROCNUM_OOR: return "MOVALL: processor number out of range";
	case ITS_CMDERR_DISCARD_UNMAPPED_INTERRUPT: return "DISCARD: unmapped interrupt";
	case ITS_CMDERR_UNKNOWN_COMMAND: return "unknown command";
	case ITS_CMDERR_MAPD_ITT_NOT_RAM: return "MAPD: ITT not in guest RAM";
	case ITS_CMDERR_MAPD_TABLE_NOT_RAM: return "MAPD: device table entry not in guest RAM";
	case ITS_CMDERR_MAPC_TABLE_NOT_RAM: return "MAPC: collection table not in guest RAM";
	case ITS_CMDERR_MAPTI_COLLECTION_OOR: return "MAPTI: ICID out of range";
	case ITS_CMDERR_INT_UNMAPPED_COLLECTION: return "INT: unmapped collection";
	case ITS_CMDERR_SYNC_PROCNUM_OOR: return "SYNC: processor number out of range";
	case ITS_CMDERR_LIMIT: return "configured mapping limit reached";
	case ITS_CMDERR_CMD_READ: return "command queue not in guest RAM";
	case ITS_CMDERR_NOMEM: return "out of hypervisor memory";
	case ITS_CMDERR_CWRITER_OOR: return "CWRITER beyond the command queue";
	default: return "unknown command error";
	}
}

static uint32_t or_default(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

int its_init(struct its *its, struct its_vm *vm, const struct its_config *cfg)
{
	if (!its || !vm || !vm->vcpu)
		return ITS_ERR_INVAL;
	its_memset(its, 0, sizeof(*its));
	its->vm = vm;
	if (cfg)
		its->cfg = *cfg;
	its->cfg.max_devices = or_default(its->cfg.max_devices, ITS_DEFAULT_MAX_DEVICES);
	its->cfg.max_ites = or_default(its->cfg.max_ites, ITS_DEFAULT_MAX_ITES);
	its->cfg.max_itt_entries = or_default(its->cfg.max_itt_entries, ITS_DEFAULT_MAX_ITT_ENTRIES);
	its->cfg.cmd_budget = or_default(its->cfg.cmd_budget, ITS_DEFAULT_CMD_BUDGET);
	its_tab_init(&its->dev, 2);
	its_tab_init(&its->ite, 1);
	its_tab_init(&its->coll, 1);
	its_reset(its);
	return ITS_OK;
}

void its_drop_devices(struct its *its)
{
	its_tab_free(&its->vm->env, &its->dev);
	its_tab_free(&its->vm->env, &its->ite);
	its->itt_entries = 0;
}

void its_drop_collections(struct its *its)
{
	its_tab_free(&its->vm->env, &its->coll);
}

void its_destroy(struct its *its)
{
	its_drop_devices(its);
	its_drop_collections(its);
}

void its_reset(struct its *its)
{
	its_drop_devices(its);
	its_drop_collections(its);
	its->enabled = false;
	its->stalled = false;
	its->cbaser = 0;
	its->cwriter = 0;
	its->creadr = 0;
	its->baser[0] = BASER_RESET(BASER_TYPE_DEVICE);
	its->baser[1] = BASER_RESET(BASER_TYPE_COLLECTION);
	its->baser_written[0] = its->baser[0];
	its->baser_written[1] = its->baser[1];
	its_memset(&its->stats, 0, sizeof(its->stats));
}

uint32_t its_unmap_device(struct its *its, uint32_t devid)
{
	uint64_t *e = its_tab_find(&its->dev, devid);
	uint32_t work = 1;
	if (!e)
		return work;
	uint32_t bits = DEV_BITS(e);
	uint32_t left = DEV_ITES(e);
	/* Bounded by the ITT size (at most 2^16 events). */
	for (uint32_t ev = 0; left && ev < (1u << bits); ev++) {
		if (its_tab_remove(&its->ite, ITE_KEY(devid, ev)))
			left--;
		if ((ev & 63) == 63)
			work++;
	}
	its->itt_entries -= 1ull << bits;
	its_tab_remove(&its->dev, devid);
	return work;
}

enum its_xlate its_translate(const struct its *its, uint32_t devid,
			     uint32_t eventid, struct its_target *out)
{
	if (!its->enabled)
		return ITS_XLATE_DISABLED;
	if (devid >= (1u << ITS_DEVID_BITS) || eventid >= (1u << ITS_EVENTID_BITS_MAX))
		return ITS_XLATE_UNMAPPED;
	const uint64_t *ite = its_tab_find(&its->ite, ITE_KEY(devid, eventid));
	if (!ite)
		return ITS_XLATE_UNMAPPED;
	const uint64_t *coll = its_tab_find(&its->coll, ITE_ICID(ite));
	if (!coll)
		return ITS_XLATE_NO_COLLECTION;
	out->vcpu = COLL_VCPU(coll);
	out->intid = ITE_INTID(ite);
	return ITS_XLATE_OK;
}

enum its_xlate its_signal_msi(struct its *its, uint32_t devid, uint32_t eventid)
{
	struct its_target t;
	enum its_xlate r = its_translate(its, devid, eventid, &t);
	if (r != ITS_XLATE_OK)
		return r;
	struct its_vm *vm = its->vm;
	if (!vm->vcpu[t.vcpu].lpis_enabled)
		return ITS_XLATE_LPIS_OFF;
	if (t.intid >= vm->lpi_limit)
		return ITS_XLATE_OUT_OF_RANGE;
	its_lpi_set_pending(vm, t.intid, t.vcpu);
	return ITS_XLATE_OK;
}

uint32_t its_ctlr_read(const struct its *its)
{
	/* Disabled means no command or translation is in progress. */
	return its->enabled ? (uint32_t)CTLR_ENABLED : (uint32_t)CTLR_QUIESCENT;
}

void its_regs_get(const struct its *its, struct its_regs *regs)
{
	its_memset(regs, 0, sizeof(*regs));
	regs->iidr = ITS_IIDR_VALUE;
	regs->ctlr = its->enabled ? (uint32_t)CTLR_ENABLED : 0;
	regs->typer = ITS_TYPER_VALUE;
	regs->cbaser = its->cbaser;
	regs->cwriter = its->cwriter;
	regs->creadr = its->creadr | (its->stalled ? CREADR_STALLED : 0);
	regs->baser[0] = its->baser[0];
	regs->baser[1] = its->baser[1];
}

/* ---- register image blob --------------------------------------------------- */

#define REGS_MAGIC 0x52535449u /* "ITSR" little-endian */
#define REGS_VERSION 1u

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

void its_regs_encode(const struct its_regs *regs, uint8_t blob[ITS_REGS_BLOB_SIZE])
{
	put32(blob + 0, REGS_MAGIC);
	put32(blob + 4, REGS_VERSION | (ITS_REGS_BLOB_SIZE << 16));
	put32(blob + 8, regs->iidr);
	put32(blob + 12, regs->ctlr);
	its_put_le64(blob + 16, regs->typer);
	its_put_le64(blob + 24, regs->cbaser);
	its_put_le64(blob + 32, regs->cwriter);
	its_put_le64(blob + 40, regs->creadr);
	its_put_le64(blob + 48, regs->baser[0]);
	its_put_le64(blob + 56, regs->baser[1]);
}

int its_regs_decode(struct its_regs *regs, const uint8_t blob[ITS_REGS_BLOB_SIZE])
{
	if (get32(blob) != REGS_MAGIC ||
	    get32(blob + 4) != (REGS_VERSION | (ITS_REGS_BLOB_SIZE << 16)))
		return ITS_ERR_ABI;
	regs->iidr = get32(blob + 8);
	regs->ctlr = get32(blob + 12);
	regs->typer = its_le64(blob + 16);
	regs->cbaser = its_le64(blob + 24);
	regs->cwriter = its_le64(blob + 32);
	regs->creadr = its_le64(blob + 40);
	regs->baser[0] = its_le64(blob + 48);
	regs->baser[1] = its_le64(blob + 56);
	return ITS_OK;
}

/* ---- digest ------------------------------------------------------------------ */

uint64_t its_digest(const struct its *its)
{
	struct its_regs r;
	its_regs_get(its, &r);
	uint64_t h = its_mix64(r.ctlr ^ 0x1111) ^ its_mix64(r.cbaser ^ 0x2222) ^
		     its_mix64(r.cwriter + 0x3333) * 3 ^ its_mix64(r.creadr + 0x4444) * 5 ^
		     its_mix64(r.baser[0] ^ 0x5555) * 7 ^ its_mix64(r.baser[1] ^ 0x6666) * 11;
	for (uint32_t i = 0; i < its->dev.cap; i++) {
		const uint64_t *e = its_tab_slot(&its->dev, i);
		if (e)
			h += its_mix64(e[0] ^ 0x1000000000000000ull) ^ its_mix64(e[1] + 17);
	}
	for (uint32_t i = 0; i < its->ite.cap; i++) {
		const uint64_t *e = its_tab_slot(&its->ite, i);
		if (e)
			h += its_mix64(e[0] ^ 0x2000000000000000ull);
	}
	for (uint32_t i = 0; i < its->coll.cap; i++) {
		const uint64_t *e = its_tab_slot(&its->coll, i);
		if (e)
			h += its_mix64(e[0] ^ 0x3000000000000000ull);
	}
	return h;
}
