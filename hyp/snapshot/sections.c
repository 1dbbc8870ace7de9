/* Each section's fields in order, written (snap_put_*) and read
 * (snap_get_*) side by side, so that the two directions cannot drift
 * apart; offsets and meanings are in docs/snapshot-format.md. A get
 * checks only what exists on disk alone (ids, counts, flag bits, padding);
 * snap_check() judges the values. */
#include "internal.h"

#include <string.h>

const char *const snap_sysreg_names[SNAP_NR_SYSREGS] = {
	"SCTLR_EL1", "ACTLR_EL1", "CPACR_EL1", "TTBR0_EL1", "TTBR1_EL1",
	"TCR_EL1", "MAIR_EL1", "AMAIR_EL1", "VBAR_EL1", "CONTEXTIDR_EL1",
	"TPIDR_EL0", "TPIDRRO_EL0", "TPIDR_EL1", "ESR_EL1", "FAR_EL1",
	"AFSR0_EL1", "AFSR1_EL1", "PAR_EL1", "CNTKCTL_EL1", "CSSELR_EL1",
	"MDSCR_EL1",
};

const char *snap_section_name(uint16_t type)
{
	static const char *const names[] = {
		[SNAP_SEC_CONFIG] = "config", [SNAP_SEC_VCPU] = "vcpu",
		[SNAP_SEC_VGIC_DIST] = "vgic-dist", [SNAP_SEC_VGIC_REDIST] = "vgic-redist",
		[SNAP_SEC_ITS] = "its", [SNAP_SEC_UART] = "uart",
		[SNAP_SEC_RAM_MAP] = "ram-map", [SNAP_SEC_RAM] = "ram",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ? names[type] : "unknown";
}

const char *snap_strerror(int status)
{
	switch (status) {
	case SNAP_OK: return "ok";
	case SNAP_EIO: return "read or write error";
	case SNAP_EFORMAT: return "not a snapshot";
	case SNAP_EVERSION: return "unsupported version";
	case SNAP_ECRC: return "checksum mismatch";
	case SNAP_EINVAL: return "invalid contents";
	case SNAP_ENOSPC: return "no room";
	case SNAP_ENOENT: return "no such snapshot";
	default: return "unknown error";
	}
}

/* A string field of max bytes: the characters, then zeros. */
static void put_str(struct snap_wr *w, const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	snap_wr_bytes(w, s, n);
	snap_wr_zero(w, max - n);
}

/* Reads up to the first NUL; the rest must be zero (reserved). Always
 * NUL-terminated in out; a field without a NUL leaves its last byte in
 * place so that snap_string_ok() refuses it. */
static void get_str(struct snap_rd *r, char *out, size_t max)
{
	size_t n = 0;

	memset(out, 0, max);
	while (n < max) {
		out[n] = (char)snap_rd_u8(r);
		if (!out[n++])
			break;
	}
	snap_rd_zero(r, max - n);
}

/* ---- config ------------------------------------------------------------------------ */

void snap_put_config(struct snap_wr *w, const struct snap_config *c)
{
	put_str(w, c->name, SNAP_NAME_MAX);
	snap_wr_u64(w, c->mem_size);
	snap_wr_u64(w, c->ram_base);
	snap_wr_u32(w, c->vcpus);
	snap_wr_zero(w, 4);
	snap_wr_u64(w, c->cpu_mask);
	put_str(w, c->kernel, SNAP_MODULE_MAX);
	put_str(w, c->initrd, SNAP_MODULE_MAX);
	put_str(w, c->cmdline, SNAP_CMDLINE_MAX);
	snap_wr_u64(w, c->cntvoff);
	snap_wr_zero(w, 136);
}

int snap_get_config(struct snap_rd *r, const struct snap_section *s, struct snap_config *c,
		    const char *label, char *err, size_t err_size)
{
	get_str(r, c->name, SNAP_NAME_MAX);
	c->mem_size = snap_rd_u64(r);
	c->ram_base = snap_rd_u64(r);
	c->vcpus = snap_rd_u32(r);
	snap_rd_zero(r, 4);
	c->cpu_mask = snap_rd_u64(r);
	get_str(r, c->kernel, SNAP_MODULE_MAX);
	get_str(r, c->initrd, SNAP_MODULE_MAX);
	get_str(r, c->cmdline, SNAP_CMDLINE_MAX);
	c->cntvoff = snap_rd_u64(r);
	snap_rd_zero(r, 136);
	return snap_rd_end(r, s->crc, label, err, err_size);
}

/* ---- vcpu -------------------------------------------------------------------------- */

#define VCPU_FLAG_PAUTH	1u

void snap_put_vcpu(struct snap_wr *w, const struct snap_vcpu *v, uint32_t id)
{
	snap_wr_u32(w, id);
	snap_wr_u32(w, v->power);
	snap_wr_u64(w, v->mpidr);
	for (unsigned i = 0; i < 31; i++)
		snap_wr_u64(w, v->x[i]);
	snap_wr_u64(w, v->pc);
	snap_wr_u64(w, v->pstate);
	snap_wr_u64(w, v->sp_el0);
	snap_wr_u64(w, v->sp_el1);
	snap_wr_u64(w, v->elr_el1);
	snap_wr_u64(w, v->spsr_el1);
	for (unsigned i = 0; i < SNAP_NR_SYSREGS; i++)
		snap_wr_u64(w, v->sysreg[i]);
	snap_wr_u32(w, v->pauth ? VCPU_FLAG_PAUTH : 0);
	snap_wr_zero(w, 4);
	for (unsigned i = 0; i < 10; i++)
		snap_wr_u64(w, v->pauth_keys[i]);
	snap_wr_u64(w, v->cntv_ctl);
	snap_wr_u64(w, v->cntv_cval);
	snap_wr_u64(w, v->ptimer_ctl);
	snap_wr_u64(w, v->ptimer_cval);
	for (unsigned i = 0; i < 32; i++) {
		snap_wr_u64(w, v->v[i][0]);
		snap_wr_u64(w, v->v[i][1]);
	}
	snap_wr_u32(w, v->fpsr);
	snap_wr_u32(w, v->fpcr);
	snap_wr_zero(w, 32);
}

int snap_get_vcpu(struct snap_rd *r, const struct snap_section *s, struct snap_vcpu *v,
		  const char *label, char *err, size_t err_size)
{
	uint32_t id = snap_rd_u32(r), flags;
	int rc;

	v->power = snap_rd_u32(r);
	v->mpidr = snap_rd_u64(r);
	for (unsigned i = 0; i < 31; i++)
		v->x[i] = snap_rd_u64(r);
	v->pc = snap_rd_u64(r);
	v->pstate = snap_rd_u64(r);
	v->sp_el0 = snap_rd_u64(r);
	v->sp_el1 = snap_rd_u64(r);
	v->elr_el1 = snap_rd_u64(r);
	v->spsr_el1 = snap_rd_u64(r);
	for (unsigned i = 0; i < SNAP_NR_SYSREGS; i++)
		v->sysreg[i] = snap_rd_u64(r);
	flags = snap_rd_u32(r);
	snap_rd_zero(r, 4);
	for (unsigned i = 0; i < 10; i++)
		v->pauth_keys[i] = snap_rd_u64(r);
	v->cntv_ctl = snap_rd_u64(r);
	v->cntv_cval = snap_rd_u64(r);
	v->ptimer_ctl = snap_rd_u64(r);
	v->ptimer_cval = snap_rd_u64(r);
	for (unsigned i = 0; i < 32; i++) {
		v->v[i][0] = snap_rd_u64(r);
		v->v[i][1] = snap_rd_u64(r);
	}
	v->fpsr = snap_rd_u32(r);
	v->fpcr = snap_rd_u32(r);
	snap_rd_zero(r, 32);
	if ((rc = snap_rd_end(r, s->crc, label, err, err_size)))
		return rc;
	if (id != s->index)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "%s: id %u, but the section table says vcpu %u", label,
				 (unsigned)id, (unsigned)s->index);
	if (flags & ~VCPU_FLAG_PAUTH)
		return snap_fail(err, err_size, SNAP_EINVAL, "%s: flags 0x%x: only bit 0 is defined",
				 label, (unsigned)flags);
	v->pauth = flags & VCPU_FLAG_PAUTH;
	return 0;
}

/* ---- interrupts ---------------------------------------------------------------------- */

enum {
	IRQ_ENABLED = 1u << 0, IRQ_PENDING = 1u << 1, IRQ_ACTIVE = 1u << 2,
	IRQ_LEVEL = 1u << 3, IRQ_EDGE = 1u << 4, IRQ_GROUP1 = 1u << 5, IRQ_HW = 1u << 6,
};

static void put_irq(struct snap_wr *w, const struct snap_irq *q)
{
	unsigned f = (q->enabled ? IRQ_ENABLED : 0) | (q->pending ? IRQ_PENDING : 0) |
		     (q->active ? IRQ_ACTIVE : 0) | (q->level ? IRQ_LEVEL : 0) |
		     (q->edge ? IRQ_EDGE : 0) | (q->group1 ? IRQ_GROUP1 : 0) |
		     (q->hw ? IRQ_HW : 0);

	snap_wr_u64(w, q->route);
	snap_wr_u8(w, q->priority);
	snap_wr_u8(w, (uint8_t)f);
	snap_wr_u8(w, q->target);
	snap_wr_zero(w, 5);
}

/* Returns the flags byte, for the caller to check bit 7 after the end. */
static uint8_t get_irq(struct snap_rd *r, struct snap_irq *q)
{
	uint8_t f;

	q->route = snap_rd_u64(r);
	q->priority = snap_rd_u8(r);
	f = snap_rd_u8(r);
	q->target = snap_rd_u8(r);
	snap_rd_zero(r, 5);
	q->enabled = f & IRQ_ENABLED;
	q->pending = f & IRQ_PENDING;
	q->active = f & IRQ_ACTIVE;
	q->level = f & IRQ_LEVEL;
	q->edge = f & IRQ_EDGE;
	q->group1 = f & IRQ_GROUP1;
	q->hw = f & IRQ_HW;
	return f;
}

/* INTIDs first.. of n records with an undefined flag bit: the first. */
static int irq_flags_check(const uint8_t *flags, unsigned n, unsigned first, const char *label,
			   char *err, size_t err_size)
{
	for (unsigned i = 0; i < n; i++)
		if (flags[i] & 0x80)
			return snap_fail(err, err_size, SNAP_EINVAL,
					 "%s: INTID %u: flags 0x%02x: bit 7 is not defined", label,
					 first + i, flags[i]);
	return 0;
}

/* ---- vgic-dist ------------------------------------------------------------------------ */

void snap_put_dist(struct snap_wr *w, const struct snap_vgic_dist *d)
{
	snap_wr_u32(w, d->ctlr);
	snap_wr_u32(w, SNAP_NR_SPIS);
	snap_wr_u8(w, d->nr_lrs);
	snap_wr_u8(w, d->pri_bits);
	snap_wr_u8(w, d->pre_bits);
	snap_wr_zero(w, 21);
	for (unsigned i = 0; i < SNAP_NR_SPIS; i++)
		put_irq(w, &d->spi[i]);
}

int snap_get_dist(struct snap_rd *r, const struct snap_section *s, struct snap_vgic_dist *d,
		  const char *label, char *err, size_t err_size)
{
	uint8_t flags[SNAP_NR_SPIS];
	uint32_t nr;
	int rc;

	d->ctlr = snap_rd_u32(r);
	nr = snap_rd_u32(r);
	d->nr_lrs = snap_rd_u8(r);
	d->pri_bits = snap_rd_u8(r);
	d->pre_bits = snap_rd_u8(r);
	snap_rd_zero(r, 21);
	for (unsigned i = 0; i < SNAP_NR_SPIS; i++)
		flags[i] = get_irq(r, &d->spi[i]);
	if ((rc = snap_rd_end(r, s->crc, label, err, err_size)))
		return rc;
	if (nr != SNAP_NR_SPIS)
		return snap_fail(err, err_size, SNAP_EINVAL, "%s: %u SPIs, format 1 has %u",
				 label, (unsigned)nr, SNAP_NR_SPIS);
	return irq_flags_check(flags, SNAP_NR_SPIS, SNAP_NR_PRIVATE, label, err, err_size);
}

/* ---- vgic-redist ------------------------------------------------------------------------ */

void snap_put_redist(struct snap_wr *w, const struct snap_redist *rd)
{
	snap_wr_u32(w, rd->waker);
	snap_wr_u32(w, rd->lpis_enabled ? 1 : 0);
	snap_wr_u64(w, rd->propbaser);
	snap_wr_u64(w, rd->pendbaser);
	snap_wr_u64(w, rd->vmcr);
	for (unsigned i = 0; i < 4; i++)
		snap_wr_u32(w, rd->ap0r[i]);
	for (unsigned i = 0; i < 4; i++)
		snap_wr_u32(w, rd->ap1r[i]);
	snap_wr_u32(w, SNAP_NR_PRIVATE);
	snap_wr_zero(w, 28);
	for (unsigned i = 0; i < SNAP_NR_PRIVATE; i++)
		put_irq(w, &rd->priv[i]);
}

int snap_get_redist(struct snap_rd *r, const struct snap_section *s, struct snap_redist *rd,
		    const char *label, char *err, size_t err_size)
{
	uint8_t flags[SNAP_NR_PRIVATE];
	uint32_t ctlr, nr;
	int rc;

	rd->waker = snap_rd_u32(r);
	ctlr = snap_rd_u32(r);
	rd->propbaser = snap_rd_u64(r);
	rd->pendbaser = snap_rd_u64(r);
	rd->vmcr = snap_rd_u64(r);
	for (unsigned i = 0; i < 4; i++)
		rd->ap0r[i] = snap_rd_u32(r);
	for (unsigned i = 0; i < 4; i++)
		rd->ap1r[i] = snap_rd_u32(r);
	nr = snap_rd_u32(r);
	snap_rd_zero(r, 28);
	for (unsigned i = 0; i < SNAP_NR_PRIVATE; i++)
		flags[i] = get_irq(r, &rd->priv[i]);
	if ((rc = snap_rd_end(r, s->crc, label, err, err_size)))
		return rc;
	if (ctlr > 1)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "%s: GICR_CTLR 0x%x: only EnableLPIs (bit 0) is kept", label,
				 (unsigned)ctlr);
	rd->lpis_enabled = ctlr;
	if (nr != SNAP_NR_PRIVATE)
		return snap_fail(err, err_size, SNAP_EINVAL,
				 "%s: %u private interrupts, format 1 has %u", label, (unsigned)nr,
				 SNAP_NR_PRIVATE);
	return irq_flags_check(flags, SNAP_NR_PRIVATE, 0, label, err, err_size);
}

/* ---- its ------------------------------------------------------------------------------- */

void snap_put_its(struct snap_wr *w, const struct snap_its *its)
{
	snap_wr_u64(w, its->base);
	snap_wr_u32(w, its->max_devices);
	snap_wr_u32(w, its->max_ites);
	snap_wr_u32(w, its->max_itt_entries);
	snap_wr_u32(w, its->translater_devid);
	snap_wr_zero(w, 8);
	snap_wr_bytes(w, its->regs, SNAP_ITS_BLOB);
}

int snap_get_its(struct snap_rd *r, const struct snap_section *s, struct snap_its *its,
		 const char *label, char *err, size_t err_size)
{
	its->base = snap_rd_u64(r);
	its->max_devices = snap_rd_u32(r);
	its->max_ites = snap_rd_u32(r);
	its->max_itt_entries = snap_rd_u32(r);
	its->translater_devid = snap_rd_u32(r);
	snap_rd_zero(r, 8);
	snap_rd_bytes(r, its->regs, SNAP_ITS_BLOB);
	return snap_rd_end(r, s->crc, label, err, err_size);
}

/* ---- uart ------------------------------------------------------------------------------- */

void snap_put_uart(struct snap_wr *w, const struct snap_uart *u)
{
	const uint32_t regs[] = { u->cr, u->lcr_h, u->ibrd, u->fbrd, u->ifls,
				  u->imsc, u->ris, u->dmacr, u->ilpr };
	uint32_t rx = u->rx_count < SNAP_UART_FIFO ? u->rx_count : SNAP_UART_FIFO;
	uint32_t tx = u->tx_len < SNAP_UART_LINE ? u->tx_len : SNAP_UART_LINE;

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		snap_wr_u32(w, regs[i]);
	snap_wr_u32(w, u->rx_count);
	snap_wr_bytes(w, u->rx, rx);
	snap_wr_zero(w, SNAP_UART_FIFO - rx);
	snap_wr_u32(w, u->tx_len);
	snap_wr_bytes(w, u->tx, tx);
	snap_wr_zero(w, SNAP_UART_LINE - tx);
	snap_wr_zero(w, 20);
}

int snap_get_uart(struct snap_rd *r, const struct snap_section *s, struct snap_uart *u,
		  const char *label, char *err, size_t err_size)
{
	uint32_t *const regs[] = { &u->cr, &u->lcr_h, &u->ibrd, &u->fbrd, &u->ifls,
				   &u->imsc, &u->ris, &u->dmacr, &u->ilpr };
	uint32_t n;

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		*regs[i] = snap_rd_u32(r);
	u->rx_count = snap_rd_u32(r);
	n = u->rx_count < SNAP_UART_FIFO ? u->rx_count : SNAP_UART_FIFO;
	snap_rd_bytes(r, u->rx, n);
	snap_rd_zero(r, SNAP_UART_FIFO - n);	/* past the count */
	u->tx_len = snap_rd_u32(r);
	n = u->tx_len < SNAP_UART_LINE ? u->tx_len : SNAP_UART_LINE;
	snap_rd_bytes(r, u->tx, n);
	snap_rd_zero(r, SNAP_UART_LINE - n);
	snap_rd_zero(r, 20);
	return snap_rd_end(r, s->crc, label, err, err_size);
}
