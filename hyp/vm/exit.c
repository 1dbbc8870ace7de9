/* A vCPU's exits, dispatched by exception class from a table (the hot
 * ones: HVC, MMIO, WFx, system registers, stay in the run loop without
 * touching the scheduler). */
#include <vm/exit.h>
#include <vm/inject.h>
#include <vm/mmio.h>
#include <vm/psci.h>
#include <vm/sched.h>
#include <vm/sysreg.h>
#include <vm/timer.h>
#include <vm/vm.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <drivers/gic.h>
#include <arch/esr.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

typedef enum exit_action (*exit_handler_fn)(struct vcpu *v, uint64_t esr);

static enum exit_action handle_hvc(struct vcpu *v, uint64_t esr)
{
	v->vm->exits[VM_EXIT_HVC]++;
	/* ELR_EL2 already points after the HVC. HVC #imm with imm != 0 is
	 * not an SMCCC call; it still gets NOT_SUPPORTED in x0. */
	return guest_call(v);
}

static enum exit_action handle_smc(struct vcpu *v, uint64_t esr)
{
	v->vm->exits[VM_EXIT_SMC]++;
	/* A trapped SMC leaves ELR_EL2 at the SMC itself. */
	vcpu_skip_insn(v);
	return guest_call(v);
}

static enum exit_action handle_wfx(struct vcpu *v, uint64_t esr)
{
	v->vm->exits[VM_EXIT_WFX]++;
	vcpu_skip_insn(v);
	/* WFE (ISS bit 0) is a hint: give the CPU away for a moment. WFI
	 * waits for an interrupt: none pending, the vCPU waits off the CPU
	 * (the scheduler wakes it on one, or when its timer fires). */
	if (esr & 1)
		return EXIT_YIELD;
	/* What would end the WFI on the hardware: an interrupt the virtual
	 * CPU interface would signal (it does, even while the guest masks
	 * interrupts). One held back by the priority of what the guest has
	 * active, or by its mask, does not. */
	vgic_sample(&v->vm->vgic, v->id);
	if (vgic_vcpu_would_wake(&v->vm->vgic, v->id))
		return EXIT_RESUME;
	v->wfi = true;
	return EXIT_BLOCK;
}

/* Whether this CPU has something to do other than running this vCPU. */
static bool cpu_has_work(const struct cpu *c)
{
	return __atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&c->leave_requested, __ATOMIC_ACQUIRE) ||
	       cpu_stop_in_progress();
}

/* A physical interrupt while the guest ran: the ones about guests are
 * handled here, without leaving the run loop; anything else is armhv's
 * (the console's UART), for the idle loop. */
static enum exit_action handle_irq(struct vcpu *v)
{
	unsigned intid = gic_ack();

	v->vm->exits[VM_EXIT_IRQ]++;
	if (intid >= INTID_SPURIOUS)
		return EXIT_RESUME;
	if (intid == PPI_VTIMER) {
		/* Left active: the guest's deactivation ends it. */
		gic_drop_priority(intid);
		timer_fired(v);
		return EXIT_RESUME;
	}
	gic_eoi(intid);
	switch (intid) {
	case PPI_VGIC_MAINT:
		v->vgic.dirty = true;	/* a list register to refill */
		return EXIT_RESUME;
	case PPI_HYP_TIMER:
		/* Its time slice is over, or its physical timer fired. */
		if (v->slice_end && read_sysreg(cntpct_el0) >= v->slice_end) {
			hyp_timer_arm(0);
			return EXIT_YIELD;
		}
		ptimer_sync(v);
		hyp_timer_for(v, v->slice_end);
		return EXIT_RESUME;
	case SGI_NUDGE:
		/* A vCPU of this CPU has news (sched_wake): this one's are
		 * marked for the flush; another one woken takes the CPU. */
		return sched_woken_other(cpu_self(), v) ? EXIT_YIELD : EXIT_RESUME;
	case SGI_WAKE:
		/* New interrupts for this vCPU are already marked; a request,
		 * a leave, a stop, or another vCPU of this CPU woken by an
		 * interrupt needs the idle loop. */
		return cpu_has_work(cpu_self()) ||
		       __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING ||
		       sched_woken_other(cpu_self(), v) || sched_now_shared(cpu_self(), v) ?
		       EXIT_YIELD : EXIT_RESUME;
	default:
		/* armhv's own (the console's UART): its handler takes what
		 * it must so that the interrupt goes quiet; the idle loop does
		 * the rest. */
		cpu_handle_irq(intid);
		return EXIT_YIELD;
	}
}

static enum exit_action handle_undef(struct vcpu *v, uint64_t esr)
{
	log_ratelimited(LOG_WARN, "vm %s vcpu%u: trapped %s (ESR 0x%llx) at pc 0x%llx: UNDEFINED",
			v->vm->cfg.name, v->id, esr_class_name(ESR_EC(esr)),
			(unsigned long long)esr, (unsigned long long)v->regs.pc);
	v->vm->exits[VM_EXIT_UNDEF]++;
	inject_undef(v);
	return EXIT_RESUME;
}

static enum exit_action handle_fp(struct vcpu *v, uint64_t esr)
{
	vcpu_fp_load(v);
	return EXIT_RESUME;	/* the instruction runs again, untrapped */
}

/* Every class has a handler (no test on the way): the range first, then
 * the ones armhv handles over it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_handler_fn sync_handlers[EC_COUNT] = {
	[0 ... EC_COUNT - 1] = handle_undef,
	[EC_FP] = handle_fp,
	[EC_WFX] = handle_wfx,
	[EC_HVC64] = handle_hvc,
	[EC_SMC64] = handle_smc,
	[EC_SYSREG] = sysreg_handle,
	[EC_IABT_LOW] = mmio_handle_iabt,
	[EC_DABT_LOW] = mmio_handle_abort,
};
#pragma GCC diagnostic pop

static enum exit_action handle_sync(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	_Static_assert(EC_COUNT == 64, "ESR_EC() is six bits");
	return sync_handlers[ESR_EC(esr)](v, esr);
}

static inline __attribute__((always_inline)) enum exit_action
exit_handle(struct vcpu *v, unsigned kind)
{
	switch (kind & 3) {
	case EXC_SYNC:
		return handle_sync(v);
	case EXC_IRQ:
	case EXC_FIQ:
		return handle_irq(v);
	default:
		/* An SError while the guest ran: it is the guest's (its
		 * memory is its own), so it gets it back as a virtual one. */
		log_ratelimited(LOG_WARN, "vm %s vcpu%u: SError (ESR 0x%llx): given to the guest",
				v->vm->cfg.name, v->id, (unsigned long long)read_sysreg(esr_el2));
		write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_VSE);
		return EXIT_RESUME;
	}
}

/* Called by guest_exit (vm/switch.S) on every exit, with the guest's
 * registers saved in regs (the vCPU's first member): handles it; on
 * EXIT_RESUME the guest is entered again at once, anything else returns
 * from guest_enter to the run loop (vm/vcpu.c). */
enum exit_action vcpu_exit(struct vcpu_regs *regs, unsigned kind)
{
	struct vcpu *v = (struct vcpu *)regs;
	enum exit_action a;

	_Static_assert(__builtin_offsetof(struct vcpu, regs) == 0, "regs is the vCPU's address");
	vgic_sync(&v->vgic);
	a = exit_handle(v, kind);
	if (v->vtimer_active)
		timer_sync(v);
	if (a == EXIT_RESUME && vgic_flush_needed(&v->vgic))
		vgic_flush(&v->vm->vgic, v->id);
	return a;
}
