/* What a decoded snapshot must say to be a VM armhv could have had
 * (docs/snapshot-format.md, "Validation"): ranges, counts, cross-section
 * consistency, and architectural states. Registers the guest writes
 * itself take any value; the rules here are about what neither the guest
 * nor armhv can produce. */
#include "internal.h"

#define FAIL(...) return snap_fail(err, err_size, SNAP_EINVAL, __VA_ARGS__)

#define PSTATE_BITS	0xf3f03fdfull	/* NZCV, TCO-IL, ALLINT-F, M */
#define FPSR_BITS	0xf800009fu
#define FPCR_BITS	0x07ffbf07u
#define VMCR_BITS	0xfffc021full
#define ROUTE_BITS	0xff00ffffffull	/* Aff3, Aff2, Aff1, Aff0 (No1N) */
#define PROPBASER_BITS	0x070fffffffffff9full
#define PENDBASER_BITS	0x070fffffffff0f80ull	/* PTZ reads as 0 */
#define ITS_FRAME	0x20000ull
#define ITS_REGS_MAGIC	0x52535449u		/* "ITSR" */
#define IPA_LIMIT	(1ull << 48)
#define MIB		(1ull << 20)

static bool in_ram(const struct snap_config *c, uint64_t addr, uint64_t size)
{
	return addr >= c->ram_base && size <= c->mem_size &&
	       addr - c->ram_base <= c->mem_size - size;
}

static int check_config(const struct snap_vm *vm, char *err, size_t err_size)
{
	const struct snap_config *c = &vm->config;

	if (!vm->meta.counter_freq)
		FAIL("header: counter frequency is 0");
	if (!snap_string_ok(vm->meta.armhv_version, SNAP_VERSION_MAX, SNAP_CHARS_PRINTABLE, false))
		FAIL("header: armhv version is not 1-63 printable characters");
	if (!snap_string_ok(c->name, SNAP_NAME_MAX, SNAP_CHARS_VM, false))
		FAIL("config: name is not 1-15 characters from [A-Za-z0-9_-]");
	if (c->mem_size < SNAP_BLOCK_SIZE || c->mem_size > SNAP_MAX_MEM ||
	    c->mem_size % SNAP_BLOCK_SIZE)
		FAIL("config: mem_size 0x%llx is not a multiple of 2 MiB from 2 MiB to 1 TiB",
		     (unsigned long long)c->mem_size);
	if (c->ram_base % SNAP_BLOCK_SIZE || c->ram_base < (1ull << 30) ||
	    c->ram_base > IPA_LIMIT - c->mem_size)
		FAIL("config: ram_base 0x%llx is not 2 MiB aligned, from 1 GiB, with RAM below 2^48",
		     (unsigned long long)c->ram_base);
	if (c->vcpus < 1 || c->vcpus > SNAP_MAX_VCPUS)
		FAIL("config: vcpus %u is not 1 to %u", (unsigned)c->vcpus, SNAP_MAX_VCPUS);
	if (!snap_string_ok(c->kernel, SNAP_MODULE_MAX, SNAP_CHARS_MODULE, false))
		FAIL("config: kernel is not a module name of 1-31 characters from [A-Za-z0-9_.-]");
	if (!snap_string_ok(c->initrd, SNAP_MODULE_MAX, SNAP_CHARS_MODULE, true))
		FAIL("config: initrd is not a module name of 0-31 characters from [A-Za-z0-9_.-]");
	if (!snap_string_ok(c->cmdline, SNAP_CMDLINE_MAX, SNAP_CHARS_PRINTABLE, true))
		FAIL("config: cmdline is not 0-255 printable ASCII characters");
	return 0;
}

static int check_vcpu(const struct snap_vm *vm, unsigned i, char *err, size_t err_size)
{
	const struct snap_vcpu *v = &vm->vcpu[i];
	unsigned mode = (unsigned)(v->pstate & 0x1f);

	if (v->power > SNAP_POWER_ON)
		FAIL("vcpu %u: power %u is not off (0), on-pending (1) or on (2)", i,
		     (unsigned)v->power);
	if (v->mpidr != ((1ull << 31) | i))
		FAIL("vcpu %u: mpidr 0x%llx, armhv gives vCPU %u 0x%llx", i,
		     (unsigned long long)v->mpidr, i, (unsigned long long)((1ull << 31) | i));
	if (mode != 0 && mode != 4 && mode != 5)
		FAIL("vcpu %u: pstate 0x%llx: mode 0x%x is not EL0t, EL1t or EL1h (AArch64)", i,
		     (unsigned long long)v->pstate, mode);
	if (v->pstate & ~PSTATE_BITS)
		FAIL("vcpu %u: pstate 0x%llx has bits outside 0x%llx", i,
		     (unsigned long long)v->pstate, PSTATE_BITS);
	for (unsigned k = 0; !v->pauth && k < 10; k++)
		if (v->pauth_keys[k])
			FAIL("vcpu %u: pointer-authentication key %u set without the pauth flag", i, k);
	if (v->cntv_ctl & ~7ull)
		FAIL("vcpu %u: CNTV_CTL 0x%llx has bits beyond ENABLE, IMASK, ISTATUS", i,
		     (unsigned long long)v->cntv_ctl);
	if (v->ptimer_ctl & ~3ull)
		FAIL("vcpu %u: emulated CNTP_CTL 0x%llx has bits beyond ENABLE, IMASK", i,
		     (unsigned long long)v->ptimer_ctl);
	if (v->fpsr & ~FPSR_BITS)
		FAIL("vcpu %u: FPSR 0x%x has RES0 bits set", i, (unsigned)v->fpsr);
	if (v->fpcr & ~FPCR_BITS)
		FAIL("vcpu %u: FPCR 0x%x has RES0 bits set", i, (unsigned)v->fpcr);
	return 0;
}

/* The vCPU an SPI with this route goes to, as armhv's vGIC decides: the
 * affinity 0.0.0.n of vCPU n, anything else (the guest may write any
 * affinity) vCPU 0. */
static unsigned spi_target(uint64_t route, uint32_t vcpus)
{
	return (route & ~0xffull) == 0 && (route & 0xff) < vcpus ? (unsigned)(route & 0xff) : 0;
}

static int check_irq(const struct snap_vm *vm, const struct snap_irq *q, unsigned intid,
		     int vcpu, char *err, size_t err_size)
{
	uint32_t n = vm->config.vcpus;
	char where[24];

	if (vcpu < 0)
		snap_fail(where, sizeof(where), 0, "vgic-dist");
	else
		snap_fail(where, sizeof(where), 0, "vgic-redist %d", vcpu);
	if (intid >= SNAP_NR_PRIVATE) {
		if (q->route & ~ROUTE_BITS)
			FAIL("%s: SPI %u: route 0x%llx has bits outside Aff3-Aff0 (no 1-of-N)",
			     where, intid, (unsigned long long)q->route);
		if (q->target >= n)
			FAIL("%s: SPI %u: target vCPU %u does not exist (%u vCPUs)", where, intid,
			     q->target, (unsigned)n);
		if (q->target != spi_target(q->route, n))
			FAIL("%s: SPI %u: target vCPU %u, but route 0x%llx goes to vCPU %u", where,
			     intid, q->target, (unsigned long long)q->route, spi_target(q->route, n));
		if (q->hw)
			FAIL("%s: SPI %u: hw set: only PPIs are backed by physical ones", where, intid);
		return 0;
	}
	if (q->route || q->target != (unsigned)vcpu)
		FAIL("%s: INTID %u: route 0x%llx, target %u: a private interrupt has route 0 "
		     "and its own vCPU", where, intid, (unsigned long long)q->route, q->target);
	if (intid < 16 && (!q->edge || q->level || q->hw))
		FAIL("%s: SGI %u: edge %d, level %d, hw %d: an SGI is edge-triggered, has no "
		     "line and no physical interrupt", where, intid, q->edge, q->level, q->hw);
	return 0;
}

static int check_vgic(const struct snap_vm *vm, char *err, size_t err_size)
{
	const struct snap_vgic_dist *d = &vm->dist;
	int rc;

	if (d->ctlr & ~3u)
		FAIL("vgic-dist: GICD_CTLR 0x%x: only EnableGrp0 and EnableGrp1 are kept",
		     (unsigned)d->ctlr);
	if (d->nr_lrs < 1 || d->nr_lrs > SNAP_MAX_LRS)
		FAIL("vgic-dist: %u list registers, not 1 to %u", d->nr_lrs, SNAP_MAX_LRS);
	if (d->pre_bits < 5 || d->pre_bits > 7 || d->pri_bits < d->pre_bits || d->pri_bits > 8)
		FAIL("vgic-dist: %u priority and %u preemption bits: need 5 <= preemption <= "
		     "priority <= 8, preemption <= 7", d->pri_bits, d->pre_bits);
	for (unsigned i = 0; i < SNAP_NR_SPIS; i++)
		if ((rc = check_irq(vm, &d->spi[i], SNAP_NR_PRIVATE + i, -1, err, err_size)))
			return rc;
	for (unsigned v = 0; v < vm->config.vcpus; v++)
		for (unsigned i = 0; i < SNAP_NR_PRIVATE; i++)
			if ((rc = check_irq(vm, &vm->redist[v].priv[i], i, (int)v, err, err_size)))
				return rc;
	return 0;
}

static int check_redist(const struct snap_vm *vm, unsigned i, char *err, size_t err_size)
{
	const struct snap_redist *rd = &vm->redist[i];
	unsigned aprs = 1u << (vm->dist.pre_bits - 5);
	uint64_t vpmr_low = (1ull << (8 - vm->dist.pri_bits)) - 1;
	uint32_t bits = (uint32_t)(rd->propbaser & 0x1f) + 1, limit;

	if (rd->waker & ~2u)
		FAIL("vgic-redist %u: GICR_WAKER 0x%x: only ProcessorSleep (bit 1) is kept", i,
		     (unsigned)rd->waker);
	if (rd->propbaser & ~PROPBASER_BITS)
		FAIL("vgic-redist %u: GICR_PROPBASER 0x%llx has RES0 bits set", i,
		     (unsigned long long)rd->propbaser);
	if (rd->propbaser != vm->redist[0].propbaser)
		FAIL("vgic-redist %u: GICR_PROPBASER 0x%llx differs from vCPU 0's 0x%llx (armhv "
		     "keeps one per VM)", i, (unsigned long long)rd->propbaser,
		     (unsigned long long)vm->redist[0].propbaser);
	if (rd->pendbaser & ~PENDBASER_BITS)
		FAIL("vgic-redist %u: GICR_PENDBASER 0x%llx has RES0 bits or PTZ set", i,
		     (unsigned long long)rd->pendbaser);
	limit = 1u << (bits > 16 ? 16 : bits);	/* INTIDs below: the ITS model's */
	if (rd->lpis_enabled && limit > 8192) {
		uint64_t prop = rd->propbaser & 0x000ffffffffff000ull;
		uint64_t pend = rd->pendbaser & 0x000fffffffff0000ull;

		if (!in_ram(&vm->config, prop, limit - 8192u))
			FAIL("vgic-redist %u: LPIs enabled with the property table (0x%llx, %u "
			     "bytes) outside guest RAM", i, (unsigned long long)prop, limit - 8192u);
		if (!in_ram(&vm->config, pend, limit / 8))
			FAIL("vgic-redist %u: LPIs enabled with GICR_PENDBASER's table (0x%llx, %u "
			     "bytes) outside guest RAM", i, (unsigned long long)pend, limit / 8);
	}
	if (rd->vmcr & ~VMCR_BITS)
		FAIL("vgic-redist %u: ICH_VMCR_EL2 0x%llx has RES0 bits set", i,
		     (unsigned long long)rd->vmcr);
	if ((rd->vmcr >> 24) & vpmr_low)
		FAIL("vgic-redist %u: ICH_VMCR_EL2.VPMR 0x%llx has bits below the %u priority bits",
		     i, (unsigned long long)(rd->vmcr >> 24), vm->dist.pri_bits);
	for (unsigned k = aprs; k < 4; k++)
		if (rd->ap0r[k] || rd->ap1r[k])
			FAIL("vgic-redist %u: active-priority register %u set, but %u preemption "
			     "bits have %u", i, k, vm->dist.pre_bits, aprs);
	return 0;
}

static int check_its(const struct snap_vm *vm, unsigned i, char *err, size_t err_size)
{
	const struct snap_its *its = &vm->its[i];
	const struct snap_config *c = &vm->config;
	uint32_t magic = snap_get32(its->regs), ver = snap_get32(its->regs + 4);

	if (its->base % 0x10000 || its->base > IPA_LIMIT - ITS_FRAME)
		FAIL("its %u: base 0x%llx is not a 64 KiB aligned frame below 2^48", i,
		     (unsigned long long)its->base);
	if (its->base < c->ram_base + c->mem_size && c->ram_base < its->base + ITS_FRAME)
		FAIL("its %u: frame at 0x%llx overlaps guest RAM", i, (unsigned long long)its->base);
	for (unsigned k = 0; k < i; k++)
		if (vm->its[k].base < its->base + ITS_FRAME && its->base < vm->its[k].base + ITS_FRAME)
			FAIL("its %u: frame at 0x%llx overlaps its %u's", i,
			     (unsigned long long)its->base, k);
	if (its->max_devices > 65536 || its->max_ites > (1u << 24) ||
	    its->max_itt_entries > (1u << 24))
		FAIL("its %u: limits %u devices, %u events, %u ITT entries exceed 65536, 2^24, 2^24",
		     i, (unsigned)its->max_devices, (unsigned)its->max_ites,
		     (unsigned)its->max_itt_entries);
	if (magic != ITS_REGS_MAGIC || ver != (1u | (SNAP_ITS_BLOB << 16)))
		FAIL("its %u: register blob magic 0x%x version 0x%x, expected 0x%x 0x%x "
		     "(docs/its-abi.md)", i, (unsigned)magic, (unsigned)ver, ITS_REGS_MAGIC,
		     1u | (SNAP_ITS_BLOB << 16));
	for (unsigned t = 0; t < 2; t++) {
		uint64_t b = snap_get64(its->regs + 48 + 8 * t), page, addr;

		if (!(b >> 63))
			continue;
		page = ((b >> 8) & 3) == 0 ? 0x1000 : ((b >> 8) & 3) == 1 ? 0x4000 : 0x10000;
		addr = b & 0x0000fffffffff000ull & ~(page - 1);
		if (page == 0x10000)
			addr |= ((b >> 12) & 0xf) << 48;
		if (!in_ram(c, addr, page))
			FAIL("its %u: GITS_BASER%u valid with its table at 0x%llx outside guest RAM",
			     i, t, (unsigned long long)addr);
	}
	return 0;
}

static int check_uart(const struct snap_uart *u, char *err, size_t err_size)
{
	static const struct { const char *name; uint32_t bits; } regs[] = {
		{ "UARTCR", 0xff87 }, { "UARTLCR_H", 0xff }, { "UARTIBRD", 0xffff },
		{ "UARTFBRD", 0x3f }, { "UARTIFLS", 0x3f }, { "UARTIMSC", 0x7ff },
		{ "UARTRIS", 0x7ff }, { "UARTDMACR", 7 }, { "UARTILPR", 0xff },
	};
	const uint32_t val[] = { u->cr, u->lcr_h, u->ibrd, u->fbrd, u->ifls,
				 u->imsc, u->ris, u->dmacr, u->ilpr };

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (val[i] & ~regs[i].bits)
			FAIL("uart: %s 0x%x has bits outside 0x%x", regs[i].name,
			     (unsigned)val[i], (unsigned)regs[i].bits);
	if (u->rx_count > SNAP_UART_FIFO)
		FAIL("uart: %u bytes in the receive FIFO, it holds %u", (unsigned)u->rx_count,
		     SNAP_UART_FIFO);
	if (u->tx_len >= SNAP_UART_LINE)
		FAIL("uart: output line of %u bytes, at most %u wait", (unsigned)u->tx_len,
		     SNAP_UART_LINE - 1);
	for (unsigned i = 0; i < u->tx_len; i++)
		if (u->tx[i] < 0x20 && u->tx[i] != '\t')
			FAIL("uart: output line byte %u is 0x%02x: armhv keeps no control "
			     "characters but tab there", i, u->tx[i]);
	return 0;
}

static int check_ram(const struct snap_vm *vm, char *err, size_t err_size)
{
	const struct snap_ram *r = &vm->ram;
	uint32_t words = snap_bitmap_words(r->blocks), n;

	if ((uint64_t)r->blocks << SNAP_BLOCK_SHIFT != vm->config.mem_size)
		FAIL("ram-map: %u blocks of 2 MiB, but mem_size is %llu MiB", (unsigned)r->blocks,
		     (unsigned long long)(vm->config.mem_size / MIB));
	for (uint32_t w = r->blocks / 64; w < SNAP_BITMAP_WORDS; w++) {
		uint64_t past = w == r->blocks / 64 ? ~0ull << (r->blocks % 64) : ~0ull;

		if (r->bitmap[w] & past)
			FAIL("ram-map: bitmap names block %u, past the %u blocks of RAM",
			     (unsigned)(w * 64 + (uint32_t)__builtin_ctzll(r->bitmap[w] & past)),
			     (unsigned)r->blocks);
	}
	n = snap_popcount(r->bitmap, words);
	if (n != r->present)
		FAIL("ram-map: %u blocks present, but the bitmap has %u", (unsigned)r->present,
		     (unsigned)n);
	return 0;
}

int snap_check(const struct snap_vm *vm, char *err, size_t err_size)
{
	int rc;

	if ((rc = check_config(vm, err, err_size)))
		return rc;
	for (unsigned i = 0; i < vm->config.vcpus; i++)
		if ((rc = check_vcpu(vm, i, err, err_size)))
			return rc;
	if ((rc = check_vgic(vm, err, err_size)))
		return rc;
	for (unsigned i = 0; i < vm->config.vcpus; i++)
		if ((rc = check_redist(vm, i, err, err_size)))
			return rc;
	if (vm->its_count > SNAP_MAX_ITS)
		FAIL("its: %u ITSes, at most %u", (unsigned)vm->its_count, SNAP_MAX_ITS);
	for (unsigned i = 0; i < vm->its_count; i++)
		if ((rc = check_its(vm, i, err, err_size)))
			return rc;
	if ((rc = check_uart(&vm->uart, err, err_size)))
		return rc;
	return check_ram(vm, err, err_size);
}
