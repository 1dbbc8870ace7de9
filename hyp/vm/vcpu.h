/* Virtual CPUs: their registers, EL1 state, and running one (vm/vcpu.c,
 * docs/vm.md). */
#ifndef ARMHV_VCPU_H
#define ARMHV_VCPU_H

#include <arch/types.h>
#include <lib/spinlock.h>
#include <vgic/vgic.h>

/* What guest_enter() and guest_exit() move (offsets generated from C). */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t pc;		/* ELR_EL2 */
	uint64_t pstate;	/* SPSR_EL2 */
};

/* The EL1 state a vCPU owns, loaded while it has a CPU. */
struct vcpu_el1 {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair;
	uint64_t vbar, contextidr, tpidr_el0, tpidrro_el0, tpidr_el1;
	uint64_t sp_el0, sp_el1, elr, spsr, esr, far, afsr0, afsr1, par;
	uint64_t cntkctl, csselr, mdscr;
	uint64_t cntv_ctl, cntv_cval;
	/* Pointer-authentication keys (when the CPU has them). */
	uint64_t apia[2], apib[2], apda[2], apdb[2], apga[2];
};

/* FP/SIMD state: q0-q31, FPSR, FPCR (the layout of vm/fpsimd.S). */
struct vcpu_fp {
	uint64_t q[64];
	uint64_t fpsr, fpcr;
} __aligned(16);

void fpsimd_save(struct vcpu_fp *fp);
void fpsimd_restore(const struct vcpu_fp *fp);

/* PSCI power state of a vCPU (guest's view, vm/psci.c). */
enum vcpu_power {
	VCPU_OFF,
	VCPU_ON_PENDING,	/* CPU_ON accepted, not yet run */
	VCPU_ON,
};

struct vm;

struct vcpu {
	struct vcpu_regs regs;	/* first: guest_enter() takes its address */
	struct vcpu_el1 el1;
	struct vcpu_fp fp;
	bool fp_live;		/* its FP registers are in the CPU's */
	struct vm *vm;
	unsigned id;		/* index in its VM, and its MPIDR's Aff0 */
	uint64_t vmpidr;
	enum vcpu_power power;	/* under vm->lock */
	int last_cpu;		/* the physical CPU it last ran on, or -1 */
	unsigned cpu;		/* the physical CPU that runs it */
	bool on_cpu;		/* some CPU has it loaded right now */
	bool wfi;		/* waiting for an interrupt (WFI, CPU_SUSPEND) */
	bool vtimer_active;	/* its timer's physical PPI left active for
				 * the guest to deactivate (vm/timer.c) */
	uint64_t slice_end;	/* counter value its time slice ends, or 0 */
	/* Alone on its CPU's run queue when it was picked, and no CPU had
	 * more than one: its WFI is not trapped (the CPU has nothing else to
	 * do, nor any other CPU to give), and a queue growing past one
	 * makes it give the CPU back (vm/exit.c). */
	bool sole;
	uint64_t ptimer_ctl;	/* the emulated EL1 physical timer */
	uint64_t ptimer_cval;
	struct vgic_cpu vgic;	/* its redistributor and CPU interface */
};

/* Power-on state for CPU_ON and VM start: PC entry, x0 ctx, EL1h with
 * interrupts masked, MMU off; ON_PENDING until it first runs. Under the
 * VM's lock. */
void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t ctx);
/* Runs v on this CPU until it needs the idle loop (an interrupt for
 * armhv, WFI, CPU_OFF) or its VM stops. */
void vcpu_run(struct vcpu *v);
/* The guest's first FP/SIMD instruction since it got the CPU trapped
 * (CPTR_EL2.TFP): its FP/SIMD registers in, the trap off. */
void vcpu_fp_load(struct vcpu *v);
/* Whether the CPU has pointer-authentication keys to switch. */
bool vcpu_cpu_has_pauth(void);
/* The guest's world: entered until an exit that vcpu_exit() (vm/exit.c)
 * does not resume; returns that exit's enum exit_action (vm/switch.S). */
unsigned guest_enter(struct vcpu_regs *regs);

#endif
