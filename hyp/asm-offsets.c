/* Offsets of C structures for the assembly: compiled to assembly only,
 * never linked; the Makefile turns each "->NAME value" marker into
 * "#define NAME value" in asm-offsets.h. */
#include <boot/boot_params.h>
#include <cpu/cpu.h>
#include <exc/exception.h>
#include <vm/vcpu.h>
#include <vm/vm.h>
#include <vm/psci.h>

#define DEFINE(name, value) \
	__asm__ volatile("\n.ascii \"->" #name " %0\"" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, __builtin_offsetof(type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(BP_BOOT_TTBR, struct boot_params, boot_ttbr);
	OFFSET(BP_RUNTIME_TTBR, struct boot_params, runtime_ttbr);
	OFFSET(BP_TCR, struct boot_params, tcr);
	OFFSET(BP_MAIR, struct boot_params, mair);
	OFFSET(BP_RUNTIME_VBAR, struct boot_params, runtime_vbar);
	OFFSET(BP_RUNTIME_ENTRY, struct boot_params, runtime_entry);
	OFFSET(BP_UART_PA, struct boot_params, uart_pa);
	OFFSET(BP_UART_VA, struct boot_params, uart_va);
	OFFSET(BP_IDMAP_PA, struct boot_params, idmap_pa);
	OFFSET(BP_TCR_EL1, struct boot_params, tcr_el1);
	OFFSET(BP_CPU, struct boot_params, cpu);

	OFFSET(CB_MPIDR, struct cpu_boot, mpidr);
	OFFSET(CB_STACK_TOP, struct cpu_boot, stack_top);
	OFFSET(CB_STAGE, struct cpu_boot, stage);
	OFFSET(CB_FAULT_STAGE, struct cpu_boot, fault_stage);
	OFFSET(CB_CPU, struct cpu_boot, cpu);

	OFFSET(CPU_INDEX, struct cpu, index);
	OFFSET(CPU_VCPU, struct cpu, vcpu);
	OFFSET(CPU_STACK_BASE, struct cpu, stack_base);

	OFFSET(FRAME_X30, struct exc_frame, x[30]);
	OFFSET(FRAME_SP, struct exc_frame, sp);
	OFFSET(FRAME_ELR, struct exc_frame, elr);
	OFFSET(FRAME_SPSR, struct exc_frame, spsr);
	OFFSET(FRAME_ESR, struct exc_frame, esr);
	OFFSET(FRAME_FAR, struct exc_frame, far);
	DEFINE(FRAME_SIZE, sizeof(struct exc_frame));

	OFFSET(VREGS_X30, struct vcpu_regs, x[30]);
	OFFSET(VREGS_PC, struct vcpu_regs, pc);
	OFFSET(VCPU_VM, struct vcpu, vm);
	OFFSET(VCPU_VTIMER_ACTIVE, struct vcpu, vtimer_active);
	OFFSET(VCPU_VGIC_LR_USED, struct vcpu, vgic.lr_used);
	OFFSET(VCPU_VGIC_DIRTY, struct vcpu, vgic.dirty);
	OFFSET(VCPU_VGIC_UNDERFLOW, struct vcpu, vgic.underflow);
	OFFSET(VM_EXITS_HVC, struct vm, exits[VM_EXIT_HVC]);
	DEFINE(EXC_LOWER64_SYNC, EXC_FROM_LOWER64 | EXC_SYNC);
	DEFINE(GUEST_PSCI_VERSION_VALUE, GUEST_PSCI_VERSION);
	DEFINE(GUEST_SMCCC_VERSION_VALUE, GUEST_SMCCC_VERSION);

	OFFSET(REGS_X30, struct cpu_regs, x[30]);
	OFFSET(REGS_PC, struct cpu_regs, pc);
	OFFSET(REGS_PSTATE, struct cpu_regs, pstate);
}
