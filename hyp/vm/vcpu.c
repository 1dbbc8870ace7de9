/* Running a vCPU: its EL1 state in and out of the CPU, the run loop,
 * lazy FP/SIMD.
 *
 * A vCPU's EL1 system registers are loaded when it gets the CPU and saved
 * when it gives the CPU back; the exits handled in between (HVC, MMIO,
 * system registers) move only the general registers (vm/switch.S). Its
 * FP/SIMD registers move only if the guest uses them while it runs:
 * CPTR_EL2.TFP traps the first use, which loads them. armhv's own code
 * never touches FP/SIMD inside the run loop (-mgeneral-regs-only, and
 * lib/format.c instead of the library's printf).
 */
#include <vm/vcpu.h>
#include <vm/exit.h>
#include <vm/timer.h>
#include <vm/vm.h>
#include <cpu/cpu.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

#define SCTLR_EL1_RESET	0x30d00800	/* RES1 bits, MMU and caches off */

bool vcpu_cpu_has_pauth(void)
{
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t isar2 = read_sysreg_s("s3_0_c0_c6_2");

	/* APA, API, GPA, GPI; APA3, GPA3. */
	return (isar1 & 0xff000ff0ULL) || (isar2 & 0xff00ULL);
}

void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t ctx)
{
	for (unsigned i = 0; i < 31; i++)
		v->regs.x[i] = 0;
	v->regs.x[0] = ctx;
	v->regs.pc = entry;
	v->regs.pstate = PSR_DAIF | PSR_MODE_EL1H;
	v->el1 = (struct vcpu_el1){ .sctlr = SCTLR_EL1_RESET };
	v->fp = (struct vcpu_fp){ 0 };
	v->ptimer_ctl = 0;
	v->ptimer_cval = 0;
	v->fp_live = false;
	__atomic_store_n(&v->power, VCPU_ON_PENDING, __ATOMIC_RELEASE);
}

static void load_el1(const struct vcpu_el1 *e, bool pauth)
{
	write_sysreg(sctlr_el1, e->sctlr);
	write_sysreg(actlr_el1, e->actlr);
	write_sysreg(cpacr_el1, e->cpacr);
	write_sysreg(ttbr0_el1, e->ttbr0);
	write_sysreg(ttbr1_el1, e->ttbr1);
	write_sysreg(tcr_el1, e->tcr);
	write_sysreg(mair_el1, e->mair);
	write_sysreg(amair_el1, e->amair);
	write_sysreg(vbar_el1, e->vbar);
	write_sysreg(contextidr_el1, e->contextidr);
	write_sysreg(tpidr_el0, e->tpidr_el0);
	write_sysreg(tpidrro_el0, e->tpidrro_el0);
	write_sysreg(tpidr_el1, e->tpidr_el1);
	write_sysreg(sp_el0, e->sp_el0);
	write_sysreg(sp_el1, e->sp_el1);
	write_sysreg(elr_el1, e->elr);
	write_sysreg(spsr_el1, e->spsr);
	write_sysreg(esr_el1, e->esr);
	write_sysreg(far_el1, e->far);
	write_sysreg(afsr0_el1, e->afsr0);
	write_sysreg(afsr1_el1, e->afsr1);
	write_sysreg(par_el1, e->par);
	write_sysreg(cntkctl_el1, e->cntkctl);
	write_sysreg(csselr_el1, e->csselr);
	write_sysreg(mdscr_el1, e->mdscr);
	write_sysreg(cntv_cval_el0, e->cntv_cval);
	write_sysreg(cntv_ctl_el0, e->cntv_ctl);
	if (pauth) {
		write_sysreg_s("s3_0_c2_c1_0", e->apia[0]);
		write_sysreg_s("s3_0_c2_c1_1", e->apia[1]);
		write_sysreg_s("s3_0_c2_c1_2", e->apib[0]);
		write_sysreg_s("s3_0_c2_c1_3", e->apib[1]);
		write_sysreg_s("s3_0_c2_c2_0", e->apda[0]);
		write_sysreg_s("s3_0_c2_c2_1", e->apda[1]);
		write_sysreg_s("s3_0_c2_c2_2", e->apdb[0]);
		write_sysreg_s("s3_0_c2_c2_3", e->apdb[1]);
		write_sysreg_s("s3_0_c2_c3_0", e->apga[0]);
		write_sysreg_s("s3_0_c2_c3_1", e->apga[1]);
	}
}

static void save_el1(struct vcpu_el1 *e, bool pauth)
{
	e->sctlr = read_sysreg(sctlr_el1);
	e->actlr = read_sysreg(actlr_el1);
	e->cpacr = read_sysreg(cpacr_el1);
	e->ttbr0 = read_sysreg(ttbr0_el1);
	e->ttbr1 = read_sysreg(ttbr1_el1);
	e->tcr = read_sysreg(tcr_el1);
	e->mair = read_sysreg(mair_el1);
	e->amair = read_sysreg(amair_el1);
	e->vbar = read_sysreg(vbar_el1);
	e->contextidr = read_sysreg(contextidr_el1);
	e->tpidr_el0 = read_sysreg(tpidr_el0);
	e->tpidrro_el0 = read_sysreg(tpidrro_el0);
	e->tpidr_el1 = read_sysreg(tpidr_el1);
	e->sp_el0 = read_sysreg(sp_el0);
	e->sp_el1 = read_sysreg(sp_el1);
	e->elr = read_sysreg(elr_el1);
	e->spsr = read_sysreg(spsr_el1);
	e->esr = read_sysreg(esr_el1);
	e->far = read_sysreg(far_el1);
	e->afsr0 = read_sysreg(afsr0_el1);
	e->afsr1 = read_sysreg(afsr1_el1);
	e->par = read_sysreg(par_el1);
	e->cntkctl = read_sysreg(cntkctl_el1);
	e->csselr = read_sysreg(csselr_el1);
	e->mdscr = read_sysreg(mdscr_el1);
	e->cntv_ctl = read_sysreg(cntv_ctl_el0);
	e->cntv_cval = read_sysreg(cntv_cval_el0);
	if (pauth) {
		e->apia[0] = read_sysreg_s("s3_0_c2_c1_0");
		e->apia[1] = read_sysreg_s("s3_0_c2_c1_1");
		e->apib[0] = read_sysreg_s("s3_0_c2_c1_2");
		e->apib[1] = read_sysreg_s("s3_0_c2_c1_3");
		e->apda[0] = read_sysreg_s("s3_0_c2_c2_0");
		e->apda[1] = read_sysreg_s("s3_0_c2_c2_1");
		e->apdb[0] = read_sysreg_s("s3_0_c2_c2_2");
		e->apdb[1] = read_sysreg_s("s3_0_c2_c2_3");
		e->apga[0] = read_sysreg_s("s3_0_c2_c3_0");
		e->apga[1] = read_sysreg_s("s3_0_c2_c3_1");
	}
}

static void vcpu_load(struct vcpu *v)
{
	struct vm *vm = v->vm;

	load_el1(&v->el1, vm->pauth);
	write_sysreg(vmpidr_el2, v->vmpidr);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(cntvoff_el2, vm->cntvoff);
	write_sysreg(vtcr_el2, vm->vtcr);
	write_sysreg(vttbr_el2, vm->vttbr);
	/* The counter readable, the EL1 physical timer trapped. */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(mdcr_el2, MDCR_GUEST);
	/* The guest's FP/SIMD registers come in on its first use. */
	write_sysreg(cptr_el2, CPTR_EL2_DEFAULT | CPTR_TFP);
	/* Alone on its CPU, its WFI waits on the hardware: an interrupt
	 * for it (a list register, its timer's PPI, the wake-up SGI) ends
	 * the wait without a trip through the scheduler. */
	write_sysreg(hcr_el2, v->sole ? HCR_GUEST & ~HCR_TWI : HCR_GUEST);
	isb();	/* the guest's context is in place before it is entered */
	vgic_load(&vm->vgic, v->id);
	timer_load(v);
	ptimer_sync(v);
}

static void vcpu_put(struct vcpu *v)
{
	timer_put(v);
	vgic_put(&v->vm->vgic, v->id);
	save_el1(&v->el1, v->vm->pauth);
	/* Its timer must not fire for whoever runs next. */
	write_sysreg(cntv_ctl_el0, 0);
	if (v->fp_live) {
		fpsimd_save(&v->fp);	/* TFP is clear while fp_live */
		v->fp_live = false;
	}
	write_sysreg(hcr_el2, HCR_EL2_RW);
	write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	isb();	/* back to armhv's own controls */
}

void vcpu_fp_load(struct vcpu *v)
{
	write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
	isb();	/* FP/SIMD accessible before the restore */
	fpsimd_restore(&v->fp);
	v->fp_live = true;
}

void vcpu_run(struct vcpu *v)
{
	struct cpu *c = cpu_self();

	vcpu_load(v);
	__atomic_store_n(&v->power, VCPU_ON, __ATOMIC_RELEASE);
	v->last_cpu = (int)c->index;
	c->vcpu = v;
	if (vgic_flush_needed(&v->vgic))
		vgic_flush(&v->vm->vgic, v->id);
	guest_enter(&v->regs);	/* until an exit is not resumed */
	c->vcpu = NULL;
	vcpu_put(v);
}
