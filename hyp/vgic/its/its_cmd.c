/*
 * The ITS command queue. Commands run synchronously when the guest writes
 * GITS_CWRITER (or polls GITS_CREADR/GITS_CTLR), at most cfg.cmd_budget
 * work units per call, so no guest-built queue can hold the CPU for long.
 *
 * Errors (docs/its-abi.md): a command with bad parameters is ignored and
 * the queue moves on; the queue stalls (GITS_CREADR.Stalled) only when the
 * command cannot be read from guest RAM or the hypervisor is out of
 * memory. A stalled queue resumes on a CWRITER write with Retry set, which
 * executes the stalled command again.
 */
#include "its_internal.h"

#define OP_MOVI 0x01u
#define OP_INT 0x03u
#define OP_CLEAR 0x04u
#define OP_SYNC 0x05u
#define OP_MAPD 0x08u
#define OP_MAPC 0x09u
#define OP_MAPTI 0x0au
#define OP_MAPI 0x0bu
#define OP_INV 0x0cu
#define OP_INVALL 0x0du
#define OP_MOVALL 0x0eu
#define OP_DISCARD 0x0fu

enum cmd_result { CMD_DONE, CMD_STALL };

struct cmd {
	uint64_t dw[4];
	uint32_t op;
	uint32_t devid;
	uint32_t eventid;
};

static enum cmd_result cmd_error(struct its *its, const struct cmd *c, uint32_t err)
{
	its->stats.errors++;
	its->stats.last_error = err;
	its->stats.last_opcode = c->op;
	its_log(&its->vm->env, ITS_LOG_DEBUG, "its: command error", c->op, err);
	return CMD_DONE;
}

static enum cmd_result cmd_stall(struct its *its, const struct cmd *c, uint32_t err)
{
	cmd_error(its, c, err);
	its->stalled = true;
	its->stats.stalls++;
	its_log(&its->vm->env, ITS_LOG_WARN, "its: command queue stalled", c->op, err);
	return CMD_STALL;
}

/* The mapping for the command's DeviceID/EventID, or NULL. */
static uint64_t *cmd_ite(const struct its *its, const struct cmd *c)
{
	if (c->devid >= (1u << ITS_DEVID_BITS) || c->eventid >= (1u << ITS_EVENTID_BITS_MAX))
		return NULL;
	return its_tab_find(&its->ite, ITE_KEY(c->devid, c->eventid));
}

static uint32_t cmd_rdbase(uint64_t dw)
{
	uint64_t rd = FIELD(dw, 50, 16);
	return rd > 0xffffffffu ? 0xffffffffu : (uint32_t)rd;
}

static enum cmd_result cmd_mapd(struct its *its, const struct cmd *c, uint32_t *work)
{
	const struct its_env *env = &its->vm->env;
	bool valid = c->dw[2] >> 63;
	uint32_t bits = (uint32_t)(c->dw[1] & 0x1f) + 1;
	ipaddr_t itt = ipa_init(FIELD(c->dw[2], 51, 8) << 8);
	ipaddr_t dte;

	if (c->devid >= its_dev_capacity(its->baser[0]))
		return cmd_error(its, c, ITS_CMDERR_MAPD_DEVICE_OOR);
	if (!its_dev_table_in_ram(env, its->baser[0]))
		return cmd_error(its, c, ITS_CMDERR_MAPD_TABLE_NOT_RAM);
	if (!its_dte_locate(its, c->devid, &dte))
		return cmd_error(its, c, ITS_CMDERR_MAPD_DEVICE_OOR);

	uint64_t *old = its_tab_find(&its->dev, c->devid);
	if (valid) {
		if (bits > ITS_EVENTID_BITS_MAX)
			return cmd_error(its, c, ITS_CMDERR_MAPD_ITTSIZE_OOR);
		if (!env->ram_check(env->ctx, itt, its_itt_bytes(bits)))
			return cmd_error(its, c, ITS_CMDERR_MAPD_ITT_NOT_RAM);
		uint64_t entries = its->itt_entries + (1ull << bits);
		if (old)
			entries -= 1ull << DEV_BITS(old);
		if (entries > its->cfg.max_itt_entries ||
		    (!old && its->dev.count >= its->cfg.max_devices))
			return cmd_error(its, c, ITS_CMDERR_LIMIT);
	}
	/* Remapping or unmapping forgets the old ITT and its events. */
	if (old)
		*work += its_unmap_device(its, c->devid);
	if (valid) {
		/* Fails only for a new device: then nothing has changed. */
		uint64_t *e = its_tab_insert(env, &its->dev, c->devid, NULL);
		if (!e)
			return cmd_stall(its, c, ITS_CMDERR_NOMEM);
		dev_set(e, c->devid, bits, itt, 0);
		its->itt_entries += 1ull << bits;
	}
	return CMD_DONE;
}

static enum cmd_result cmd_mapc(struct its *its, const struct cmd *c)
{
	uint32_t icid = (uint32_t)(c->dw[2] & 0xffff);
	uint32_t vcpu = cmd_rdbase(c->dw[2]);

	if (icid >= its_coll_capacity(its->baser[1]))
		return cmd_error(its, c, ITS_CMDERR_MAPC_COLLECTION_OOR);
	if (!(c->dw[2] >> 63)) {
		/* Pending LPIs stay where they are until MOVALL/MOVI. */
		its_tab_remove(&its->coll, icid);
		return CMD_DONE;
	}
	if (vcpu >= its->vm->vcpu_count)
		return cmd_error(its, c, ITS_CMDERR_MAPC_PROCNUM_OOR);
	if (!its_coll_table_in_ram(&its->vm->env, its->baser[1]))
		return cmd_error(its, c, ITS_CMDERR_MAPC_TABLE_NOT_RAM);
	uint64_t *e = its_tab_insert(&its->vm->env, &its->coll, icid, NULL);
	if (!e)
		return cmd_stall(its, c, ITS_CMDERR_NOMEM);
	coll_set(e, icid, vcpu);
	return CMD_DONE;
}

static enum cmd_result cmd_mapti(struct its *its, const struct cmd *c)
{
	uint32_t intid = c->op == OP_MAPTI ? (uint32_t)(c->dw[1] >> 32) : c->eventid;
	uint32_t icid = (uint32_t)(c->dw[2] & 0xffff);

	uint64_t *dev = c->devid < (1u << ITS_DEVID_BITS) ? its_tab_find(&its->dev, c->devid) : NULL;
	if (!dev)
		return cmd_error(its, c, ITS_CMDERR_MAPTI_UNMAPPED_DEVICE);
	if (c->eventid >= (1u << DEV_BITS(dev)))
		return cmd_error(its, c, ITS_CMDERR_MAPTI_ID_OOR);
	if (intid < ITS_LPI_BASE || intid >= (1u << ITS_INTID_BITS))
		return cmd_error(its, c, ITS_CMDERR_MAPTI_PHYSICALID_OOR);
	if (icid >= its_coll_capacity(its->baser[1]))
		return cmd_error(its, c, ITS_CMDERR_MAPTI_COLLECTION_OOR);
	uint32_t key = ITE_KEY(c->devid, c->eventid);
	if (!its_tab_find(&its->ite, key) && its->ite.count >= its->cfg.max_ites)
		return cmd_error(its, c, ITS_CMDERR_LIMIT);
	if (its_lpi_chunk_alloc(its->vm, its_lpi_chunk_of(intid)))
		return cmd_stall(its, c, ITS_CMDERR_NOMEM);
	bool created;
	uint64_t *ite = its_tab_insert(&its->vm->env, &its->ite, key, &created);
	if (!ite)
		return cmd_stall(its, c, ITS_CMDERR_NOMEM);
	/* Mapping an event again replaces its translation. */
	ite_set(ite, key, intid, icid);
	if (created)
		dev_set_ites(dev, DEV_ITES(dev) + 1);
	its_lpi_reload_one(its->vm, intid);
	return CMD_DONE;
}

static enum cmd_result cmd_movi(struct its *its, const struct cmd *c)
{
	uint32_t icid = (uint32_t)(c->dw[2] & 0xffff);
	uint64_t *ite = cmd_ite(its, c);
	if (!ite)
		return cmd_error(its, c, ITS_CMDERR_MOVI_UNMAPPED_INTERRUPT);
	const uint64_t *coll = its_tab_find(&its->coll, icid);
	if (!its_tab_find(&its->coll, ITE_ICID(ite)) || !coll)
		return cmd_error(its, c, ITS_CMDERR_MOVI_UNMAPPED_COLLECTION);
	ite_set(ite, (uint32_t)ite[0], ITE_INTID(ite), icid);
	its_lpi_move(its->vm, ITE_INTID(ite), COLL_VCPU(coll));
	return CMD_DONE;
}

static enum cmd_result cmd_discard(struct its *its, const struct cmd *c)
{
	uint64_t *ite = cmd_ite(its, c);
	if (!ite)
		return cmd_error(its, c, ITS_CMDERR_DISCARD_UNMAPPED_INTERRUPT);
	uint32_t intid = ITE_INTID(ite);
	its_tab_remove(&its->ite, ITE_KEY(c->devid, c->eventid));
	uint64_t *dev = its_tab_find(&its->dev, c->devid);
	if (dev)
		dev_set_ites(dev, DEV_ITES(dev) - 1);
	its_lpi_clear_pending(its->vm, intid);
	return CMD_DONE;
}

static enum cmd_result cmd_int(struct its *its, const struct cmd *c)
{
	const uint64_t *ite = cmd_ite(its, c);
	if (!ite)
		return cmd_error(its, c, ITS_CMDERR_INT_UNMAPPED_INTERRUPT);
	const uint64_t *coll = its_tab_find(&its->coll, ITE_ICID(ite));
	if (!coll)
		return cmd_error(its, c, ITS_CMDERR_INT_UNMAPPED_COLLECTION);
	uint32_t intid = ITE_INTID(ite);
	/* Like a translation: dropped if the redistributor cannot take it. */
	if (intid < its->vm->lpi_limit)
		its_lpi_set_pending(its->vm, intid, COLL_VCPU(coll));
	return CMD_DONE;
}

static enum cmd_result cmd_exec(struct its *its, const struct cmd *c, uint32_t *work)
{
	const uint64_t *ite;
	uint32_t rd1, rd2;

	switch (c->op) {
	case OP_MAPD:
		return cmd_mapd(its, c, work);
	case OP_MAPC:
		return cmd_mapc(its, c);
	case OP_MAPTI:
	case OP_MAPI:
		return cmd_mapti(its, c);
	case OP_MOVI:
		return cmd_movi(its, c);
	case OP_DISCARD:
		return cmd_discard(its, c);
	case OP_INT:
		return cmd_int(its, c);
	case OP_CLEAR:
		ite = cmd_ite(its, c);
		if (!ite)
			return cmd_error(its, c, ITS_CMDERR_CLEAR_UNMAPPED_INTERRUPT);
		its_lpi_clear_pending(its->vm, ITE_INTID(ite));
		return CMD_DONE;
	case OP_INV:
		ite = cmd_ite(its, c);
		if (!ite)
			return cmd_error(its, c, ITS_CMDERR_INV_UNMAPPED_INTERRUPT);
		its_lpi_reload_one(its->vm, ITE_INTID(ite));
		return CMD_DONE;
	case OP_INVALL:
		if (!its_tab_find(&its->coll, (uint32_t)(c->dw[2] & 0xffff)))
			return cmd_error(its, c, ITS_CMDERR_INVALL_UNMAPPED_COLLECTION);
		/* Re-reading more than the collection's LPIs is allowed. */
		*work += its_lpi_reload_all(its->vm);
		return CMD_DONE;
	case OP_SYNC:
		/* Every command takes effect before the next: nothing to wait for. */
		if (cmd_rdbase(c->dw[2]) >= its->vm->vcpu_count)
			return cmd_error(its, c, ITS_CMDERR_SYNC_PROCNUM_OOR);
		return CMD_DONE;
	case OP_MOVALL:
		rd1 = cmd_rdbase(c->dw[2]);
		rd2 = cmd_rdbase(c->dw[3]);
		if (rd1 >= its->vm->vcpu_count || rd2 >= its->vm->vcpu_count)
			return cmd_error(its, c, ITS_CMDERR_MOVALL_PROCNUM_OOR);
		if (rd1 != rd2)
			*work += its_lpi_move_all(its->vm, rd1, rd2);
		return CMD_DONE;
	default:
		return cmd_error(its, c, ITS_CMDERR_UNKNOWN_COMMAND);
	}
}

bool its_process(struct its *its)
{
	const struct its_env *env = &its->vm->env;
	uint64_t queue_size = CBASER_QUEUE_SIZE(its->cbaser);
	ipaddr_t base = CBASER_ADDR(its->cbaser);
	uint32_t used = 0;

	if (!its->enabled || its->stalled || !(its->cbaser & CBASER_VALID))
		return its->creadr != its->cwriter;
	while (its->creadr != its->cwriter && used < its->cfg.cmd_budget) {
		uint8_t raw[ITS_CMD_SIZE];
		struct cmd c;
		uint32_t work = 1;

		if (env->ram_read(env->ctx, ipa_add(base, its->creadr), raw, sizeof(raw))) {
			its_memset(&c, 0, sizeof(c));
			cmd_stall(its, &c, ITS_CMDERR_CMD_READ);
			return true;
		}
		for (int i = 0; i < 4; i++)
			c.dw[i] = its_le64(raw + 8 * i);
		c.op = (uint32_t)(c.dw[0] & 0xff);
		c.devid = (uint32_t)(c.dw[0] >> 32);
		c.eventid = (uint32_t)c.dw[1];
		its->stats.processed++;
		if (cmd_exec(its, &c, &work) == CMD_STALL)
			return true;
		its->creadr = (its->creadr + ITS_CMD_SIZE) % queue_size;
		used += work;
	}
	return its->creadr != its->cwriter;
}
