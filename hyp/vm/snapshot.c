/* A VM's state to and from struct snap_vm (vm/snapshot.h), field by
 * field. Capture runs on a paused VM: every vCPU is off its CPU, so its
 * registers, FP/SIMD state (saved when it gave the CPU back) and timers
 * are in its struct vcpu, and every list register has been retired into
 * the vGIC's records. */
#include <vm/snapshot.h>
#include <vm/vm.h>
#include <vgic/ich.h>
#include <vgic/lpi.h>
#include <lib/log.h>
#include <lib/version.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <stdio.h>
#include <string.h>

void vm_snap_gic_bits(uint8_t *nr_lrs, uint8_t *pri_bits, uint8_t *pre_bits)
{
	uint64_t vtr = read_sysreg_s(ICH_VTR_EL2);

	*nr_lrs = (uint8_t)((vtr & 0x1f) + 1);
	*pre_bits = (uint8_t)(((vtr >> 26) & 7) + 1);
	*pri_bits = (uint8_t)(((vtr >> 29) & 7) + 1);
}

static void irq_out(const struct vgic_irq *i, struct snap_irq *o)
{
	*o = (struct snap_irq){
		.route = i->route, .priority = i->priority, .target = i->target,
		.enabled = i->enabled, .pending = i->pending, .active = i->active,
		.level = i->level, .edge = i->edge, .group1 = i->group1, .hw = i->hw,
	};
}

static void irq_in(struct vgic_irq *i, const struct snap_irq *o)
{
	*i = (struct vgic_irq){
		.route = o->route, .priority = o->priority, .target = o->target,
		.enabled = o->enabled, .pending = o->pending, .active = o->active,
		.level = o->level, .edge = o->edge, .group1 = o->group1, .hw = o->hw,
	};
}

static void vcpu_out(const struct vcpu *v, struct snap_vcpu *o, bool pauth)
{
	const struct vcpu_el1 *e = &v->el1;

	o->power = v->power == VCPU_ON ? SNAP_POWER_ON :
		   v->power == VCPU_ON_PENDING ? SNAP_POWER_ON_PENDING : SNAP_POWER_OFF;
	o->mpidr = v->vmpidr;
	memcpy(o->x, v->regs.x, sizeof(o->x));
	o->pc = v->regs.pc;
	o->pstate = v->regs.pstate;
	o->sp_el0 = e->sp_el0;
	o->sp_el1 = e->sp_el1;
	o->elr_el1 = e->elr;
	o->spsr_el1 = e->spsr;
	o->sysreg[SNAP_SCTLR_EL1] = e->sctlr;
	o->sysreg[SNAP_ACTLR_EL1] = e->actlr;
	o->sysreg[SNAP_CPACR_EL1] = e->cpacr;
	o->sysreg[SNAP_TTBR0_EL1] = e->ttbr0;
	o->sysreg[SNAP_TTBR1_EL1] = e->ttbr1;
	o->sysreg[SNAP_TCR_EL1] = e->tcr;
	o->sysreg[SNAP_MAIR_EL1] = e->mair;
	o->sysreg[SNAP_AMAIR_EL1] = e->amair;
	o->sysreg[SNAP_VBAR_EL1] = e->vbar;
	o->sysreg[SNAP_CONTEXTIDR_EL1] = e->contextidr;
	o->sysreg[SNAP_TPIDR_EL0] = e->tpidr_el0;
	o->sysreg[SNAP_TPIDRRO_EL0] = e->tpidrro_el0;
	o->sysreg[SNAP_TPIDR_EL1] = e->tpidr_el1;
	o->sysreg[SNAP_ESR_EL1] = e->esr;
	o->sysreg[SNAP_FAR_EL1] = e->far;
	o->sysreg[SNAP_AFSR0_EL1] = e->afsr0;
	o->sysreg[SNAP_AFSR1_EL1] = e->afsr1;
	o->sysreg[SNAP_PAR_EL1] = e->par;
	o->sysreg[SNAP_CNTKCTL_EL1] = e->cntkctl;
	o->sysreg[SNAP_CSSELR_EL1] = e->csselr;
	o->sysreg[SNAP_MDSCR_EL1] = e->mdscr;
	o->pauth = pauth;
	if (pauth) {
		const uint64_t *k[5] = { e->apia, e->apib, e->apda, e->apdb, e->apga };

		for (unsigned i = 0; i < 5; i++) {
			o->pauth_keys[2 * i] = k[i][0];
			o->pauth_keys[2 * i + 1] = k[i][1];
		}
	}
	o->cntv_ctl = e->cntv_ctl & 7;
	o->cntv_cval = e->cntv_cval;
	o->ptimer_ctl = v->ptimer_ctl & 3;
	o->ptimer_cval = v->ptimer_cval;
	for (unsigned i = 0; i < 32; i++) {
		o->v[i][0] = v->fp.q[2 * i];
		o->v[i][1] = v->fp.q[2 * i + 1];
	}
	o->fpsr = (uint32_t)v->fp.fpsr;
	o->fpcr = (uint32_t)v->fp.fpcr;
}

/* rebase: what to add to a physical count of the saving machine to get
 * this one's (the emulated physical timer keeps its time left). */
/* The emulated physical timer's compare value, from the saving machine's
 * count (created: its counter at the save) to this one's (now): as far
 * ahead of now as it was of created, or as long past. Past by more than
 * now it is 0: still reached, where a plain rebase would wrap into the
 * far future and the timer would never fire again. */
static uint64_t ptimer_rebased(uint64_t cval, uint64_t created, uint64_t now)
{
	if (cval > created)
		return now + (cval - created);
	return created - cval >= now ? 0 : now - (created - cval);
}

static void vcpu_in(struct vcpu *v, const struct snap_vcpu *o, uint64_t created, uint64_t now)
{
	struct vcpu_el1 *e = &v->el1;

	v->power = o->power == SNAP_POWER_ON ? VCPU_ON :
		   o->power == SNAP_POWER_ON_PENDING ? VCPU_ON_PENDING : VCPU_OFF;
	memcpy(v->regs.x, o->x, sizeof(o->x));
	v->regs.pc = o->pc;
	v->regs.pstate = o->pstate;
	e->sp_el0 = o->sp_el0;
	e->sp_el1 = o->sp_el1;
	e->elr = o->elr_el1;
	e->spsr = o->spsr_el1;
	e->sctlr = o->sysreg[SNAP_SCTLR_EL1];
	e->actlr = o->sysreg[SNAP_ACTLR_EL1];
	e->cpacr = o->sysreg[SNAP_CPACR_EL1];
	e->ttbr0 = o->sysreg[SNAP_TTBR0_EL1];
	e->ttbr1 = o->sysreg[SNAP_TTBR1_EL1];
	e->tcr = o->sysreg[SNAP_TCR_EL1];
	e->mair = o->sysreg[SNAP_MAIR_EL1];
	e->amair = o->sysreg[SNAP_AMAIR_EL1];
	e->vbar = o->sysreg[SNAP_VBAR_EL1];
	e->contextidr = o->sysreg[SNAP_CONTEXTIDR_EL1];
	e->tpidr_el0 = o->sysreg[SNAP_TPIDR_EL0];
	e->tpidrro_el0 = o->sysreg[SNAP_TPIDRRO_EL0];
	e->tpidr_el1 = o->sysreg[SNAP_TPIDR_EL1];
	e->esr = o->sysreg[SNAP_ESR_EL1];
	e->far = o->sysreg[SNAP_FAR_EL1];
	e->afsr0 = o->sysreg[SNAP_AFSR0_EL1];
	e->afsr1 = o->sysreg[SNAP_AFSR1_EL1];
	e->par = o->sysreg[SNAP_PAR_EL1];
	e->cntkctl = o->sysreg[SNAP_CNTKCTL_EL1];
	e->csselr = o->sysreg[SNAP_CSSELR_EL1];
	e->mdscr = o->sysreg[SNAP_MDSCR_EL1];
	{
		uint64_t *k[5] = { e->apia, e->apib, e->apda, e->apdb, e->apga };

		/* Keys saved where this CPU has none are dropped: the guest
		 * saw no pointer authentication there either (ID registers). */
		for (unsigned i = 0; i < 5; i++) {
			k[i][0] = o->pauth_keys[2 * i];
			k[i][1] = o->pauth_keys[2 * i + 1];
		}
	}
	e->cntv_ctl = o->cntv_ctl;
	e->cntv_cval = o->cntv_cval;
	v->ptimer_ctl = o->ptimer_ctl;
	v->ptimer_cval = ptimer_rebased(o->ptimer_cval, created, now);
	for (unsigned i = 0; i < 32; i++) {
		v->fp.q[2 * i] = o->v[i][0];
		v->fp.q[2 * i + 1] = o->v[i][1];
	}
	v->fp.fpsr = o->fpsr;
	v->fp.fpcr = o->fpcr;
	v->fp_live = false;
	v->wfi = false;
}

static void uart_out(struct vpl011 *u, struct snap_uart *o)
{
	spin_lock(&u->lock);
	o->cr = u->cr;
	o->lcr_h = u->lcr_h;
	o->ibrd = u->ibrd;
	o->fbrd = u->fbrd;
	o->ifls = u->ifls;
	o->imsc = u->imsc;
	o->ris = u->ris;
	o->dmacr = u->dmacr;
	o->ilpr = u->ilpr;
	o->rx_count = u->rx_count;
	for (unsigned i = 0; i < u->rx_count; i++)
		o->rx[i] = u->rx[(u->rx_head + i) % VPL011_FIFO];
	/* vm_pause printed what was left of a line: normally nothing. */
	o->tx_len = 0;
	for (unsigned i = 0; i < u->line_len && i < SNAP_UART_LINE - 1; i++) {
		uint8_t c = (uint8_t)u->line[i];

		if (c == '\t' || c >= 0x20)
			o->tx[o->tx_len++] = c;
	}
	spin_unlock(&u->lock);
}

static void uart_in(struct vpl011 *u, const struct snap_uart *o)
{
	spin_lock(&u->lock);
	u->cr = o->cr;
	u->lcr_h = o->lcr_h;
	u->ibrd = o->ibrd;
	u->fbrd = o->fbrd;
	u->ifls = o->ifls;
	u->imsc = o->imsc;
	u->ris = o->ris;
	u->dmacr = o->dmacr;
	u->ilpr = o->ilpr;
	u->rx_head = 0;
	u->rx_count = o->rx_count;
	memcpy(u->rx, o->rx, sizeof(u->rx));
	u->line_len = o->tx_len;
	memcpy(u->line, o->tx, o->tx_len);
	spin_unlock(&u->lock);
}

int vm_capture(struct vm *vm, struct snap_vm *s, char *err, size_t err_size)
{
	struct vgic *g = &vm->vgic;
	struct vgic_its_image its;
	uint64_t blocks = vm->ram.size / VM_RAM_BLOCK;
	char why[160];

	memset(s, 0, sizeof(*s));
	/* The ITS's tables and the pending tables go into guest RAM first
	 * (docs/its-abi.md), so that the RAM captured below holds them. An
	 * ITS the guest never touched is left out: a restore makes it
	 * pristine. */
	memset(&its, 0, sizeof(its));
	if (vgic_its_in_use(g)) {
		if (vgic_its_save(g, &its, why, sizeof(why))) {
			snprintf(err, err_size, "ITS: %s", why);
			return -EINVAL;
		}
		if (its.dropped)
			log_info("vm %s: save: %u ITS mappings the guest made unreachable left out",
				 vm->cfg.name, its.dropped);
		s->its_count = 1;
		s->its[0] = (struct snap_its){
			.base = GUEST_ITS_BASE, .max_devices = VM_ITS_MAX_DEVICES,
			.max_ites = VM_ITS_MAX_ITES, .max_itt_entries = VM_ITS_MAX_ITT_ENTRIES,
			.translater_devid = 0,
		};
		its_regs_encode(&its.regs, s->its[0].regs);
	}
	s->meta.created = read_sysreg(cntpct_el0);
	s->meta.counter_freq = (uint32_t)read_sysreg(cntfrq_el0);
	snprintf(s->meta.armhv_version, sizeof(s->meta.armhv_version), "%s", armhv_version);

	snprintf(s->config.name, sizeof(s->config.name), "%s", vm->cfg.name);
	s->config.mem_size = vm->cfg.mem_size;
	s->config.ram_base = GUEST_RAM_BASE;
	s->config.vcpus = vm->cfg.vcpus;
	s->config.cpu_mask = vm->cfg.cpu_mask;
	snprintf(s->config.kernel, sizeof(s->config.kernel), "%s", vm->cfg.kernel);
	snprintf(s->config.initrd, sizeof(s->config.initrd), "%s", vm->cfg.initrd);
	snprintf(s->config.cmdline, sizeof(s->config.cmdline), "%s", vm->cfg.cmdline);
	s->config.cntvoff = vm->cntvoff;

	spin_lock(&g->lock);
	for (unsigned i = 0; i < vm->cfg.vcpus; i++) {
		const struct vgic_cpu *c = &vm->vcpu[i].vgic;
		struct snap_redist *r = &s->redist[i];

		vcpu_out(&vm->vcpu[i], &s->vcpu[i], vm->pauth);
		r->waker = c->sleep ? 2u : 0u;
		r->lpis_enabled = its.lpis_enabled[i];
		r->propbaser = its.propbaser;
		r->pendbaser = its.pendbaser[i];
		r->vmcr = c->vmcr;
		r->ap0r[0] = (uint32_t)c->ap0r0;
		r->ap1r[0] = (uint32_t)c->ap1r0;
		for (unsigned n = 0; n < SNAP_NR_PRIVATE; n++)
			irq_out(&c->priv[n], &r->priv[n]);
	}
	s->dist.ctlr = g->ctlr;
	vm_snap_gic_bits(&s->dist.nr_lrs, &s->dist.pri_bits, &s->dist.pre_bits);
	for (unsigned n = 0; n < SNAP_NR_SPIS; n++)
		irq_out(&g->spi[n], &s->dist.spi[n]);
	spin_unlock(&g->lock);
	uart_out(&vm->uart, &s->uart);

	/* Blocks never touched read as zero: left out, and not made ready
	 * by looking; touched ones that are all zero are left out too. */
	s->ram.blocks = (uint32_t)blocks;
	for (uint32_t b = 0; b < blocks; b++) {
		void *p = vm_ram_block_if_ready(vm, b);

		if (!p)
			continue;
		/* A guest with its caches off wrote to memory, under any line
		 * armhv's cache may hold. */
		dcache_clean_inval_poc(p, VM_RAM_BLOCK);
		if (snap_block_is_zero(p))
			continue;
		s->ram.bitmap[b / 64] |= 1ULL << (b % 64);
		s->ram.present++;
	}
	return 0;
}

static const void *ram_block(void *ctx, uint32_t b)
{
	return vm_ram_block_if_ready(ctx, b);
}

void vm_snap_ram_in(struct vm *vm, struct snap_ram_in *in)
{
	in->ctx = vm;
	in->block = ram_block;
}

int vm_snap_restorable(const struct snap_vm *s, char *err, size_t err_size)
{
	uint8_t lrs, pri, pre;
	uint32_t freq = (uint32_t)read_sysreg(cntfrq_el0);

	if (s->meta.counter_freq != freq) {
		snprintf(err, err_size, "its counter ran at %u Hz, this machine's at %u Hz",
			 s->meta.counter_freq, freq);
		return -EINVAL;
	}
	vm_snap_gic_bits(&lrs, &pri, &pre);
	if (s->dist.pri_bits > pri || s->dist.pre_bits > pre) {
		snprintf(err, err_size, "its GIC had %u priority and %u preemption bits, this one %u and %u",
			 s->dist.pri_bits, s->dist.pre_bits, pri, pre);
		return -EINVAL;
	}
	if (s->its_count > 1) {
		snprintf(err, err_size, "it has %u ITSes, armhv's VMs have one", s->its_count);
		return -EINVAL;
	}
	if (s->its_count) {
		const struct snap_its *t = &s->its[0];
		struct its_regs regs;

		if (t->base != GUEST_ITS_BASE) {
			snprintf(err, err_size, "its ITS is at 0x%llx, armhv's VMs have it at 0x%llx",
				 (unsigned long long)t->base, (unsigned long long)GUEST_ITS_BASE);
			return -EINVAL;
		}
		/* Limits at least those saved (docs/its-abi.md); 0 is the
		 * model's default, above armhv's. */
		if (!t->max_devices || t->max_devices > VM_ITS_MAX_DEVICES || !t->max_ites ||
		    t->max_ites > VM_ITS_MAX_ITES || !t->max_itt_entries ||
		    t->max_itt_entries > VM_ITS_MAX_ITT_ENTRIES || t->translater_devid) {
			snprintf(err, err_size, "its ITS's limits (%u devices, %u events, %u ITT entries) exceed armhv's (%u, %u, %u)",
				 t->max_devices, t->max_ites, t->max_itt_entries, VM_ITS_MAX_DEVICES,
				 VM_ITS_MAX_ITES, VM_ITS_MAX_ITT_ENTRIES);
			return -EINVAL;
		}
		if (its_regs_decode(&regs, t->regs)) {
			snprintf(err, err_size, "its ITS's registers are not valid");
			return -EINVAL;
		}
	}
	if (s->config.ram_base != GUEST_RAM_BASE) {
		snprintf(err, err_size, "its RAM is at 0x%llx, armhv's VMs have it at 0x%llx",
			 (unsigned long long)s->config.ram_base, (unsigned long long)GUEST_RAM_BASE);
		return -EINVAL;
	}
	for (unsigned i = 0; i < s->config.vcpus; i++)
		if (s->vcpu[i].mpidr != ((1ULL << 31) | i)) {
			snprintf(err, err_size, "vcpu %u: VMPIDR 0x%llx", i,
				 (unsigned long long)s->vcpu[i].mpidr);
			return -EINVAL;
		}
	return 0;
}

int vm_apply(struct vm *vm, const struct snap_vm *s, char *err, size_t err_size)
{
	struct vgic *g = &vm->vgic;
	uint64_t now = read_sysreg(cntpct_el0);

	/* The guest's virtual count goes on from where it stopped:
	 * now - new CNTVOFF = created - old CNTVOFF. */
	vm->cntvoff = now - (s->meta.created - s->config.cntvoff);
	spin_lock(&g->lock);
	for (unsigned i = 0; i < vm->cfg.vcpus; i++) {
		struct vgic_cpu *c = &vm->vcpu[i].vgic;
		const struct snap_redist *r = &s->redist[i];

		vcpu_in(&vm->vcpu[i], &s->vcpu[i], s->meta.created, now);
		c->sleep = r->waker & 2u;
		c->vmcr = r->vmcr;
		c->ap0r0 = r->ap0r[0];
		c->ap1r0 = r->ap1r[0];
		for (unsigned n = 0; n < SNAP_NR_PRIVATE; n++)
			irq_in(&c->priv[n], &r->priv[n]);
		/* The flush looks at every interrupt once and keeps those
		 * that want a list register (vgic.h). */
		c->want_priv = ~0u;
		__atomic_store_n(&c->dirty, true, __ATOMIC_RELEASE);
	}
	g->ctlr = s->dist.ctlr;
	for (unsigned n = 0; n < SNAP_NR_SPIS; n++)
		irq_in(&g->spi[n], &s->dist.spi[n]);
	for (unsigned w = 0; w < VGIC_NR_SPIS / 64; w++)
		g->want_spi[w] = ~0ULL;
	g->want_spi_words = (uint8_t)((1u << (VGIC_NR_SPIS / 64)) - 1);
	spin_unlock(&g->lock);
	uart_in(&vm->uart, &s->uart);
	/* The ITS last: RAM holds its tables, the vGIC takes its LPIs. */
	if (s->its_count) {
		struct vgic_its_image its;
		char why[160];

		unsigned worker = 0;

		memset(&its, 0, sizeof(its));
		its.propbaser = s->redist[0].propbaser;
		for (unsigned i = vm->cfg.vcpus; i-- > 0;) {
			its.pendbaser[i] = s->redist[i].pendbaser;
			its.lpis_enabled[i] = s->redist[i].lpis_enabled;
			if (vm->vcpu[i].power != VCPU_OFF)
				worker = i;	/* the lowest that runs */
		}
		snprintf(why, sizeof(why), "its registers are not valid");
		if (its_regs_decode(&its.regs, s->its[0].regs) ||
		    vgic_its_restore(g, &its, worker, why, sizeof(why))) {
			snprintf(err, err_size, "%s", why);
			return -EINVAL;
		}
	}
	return 0;
}
