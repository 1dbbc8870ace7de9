/* Handling a vCPU's exits (vm/exit.c): one handler per exception class,
 * in a table. */
#ifndef ARMHV_EXIT_H
#define ARMHV_EXIT_H

#include <vm/vcpu.h>

/* What happens after an exit (vcpu_exit): the guest again at once, or
 * back to the run loop (vm/vcpu.c) and the idle loop for the rest. */
enum exit_action {
	EXIT_RESUME,	/* re-enter the guest at once */
	EXIT_YIELD,	/* back to the idle loop (interrupts, other work), then on */
	EXIT_BLOCK,	/* the vCPU waits (WFI, CPU_OFF): back to the idle loop */
	EXIT_STOP,	/* the VM stops */
};

/* Every exit of a vCPU, from guest_exit (vm/switch.S) with its registers
 * saved; kind: EXC_* of arch/esr.h. EXIT_RESUME re-enters the guest. */
enum exit_action vcpu_exit(struct vcpu_regs *regs, unsigned kind);

/* Register Rt of the trapped instruction (31 is the zero register). */
static inline uint64_t vcpu_get_reg(const struct vcpu *v, unsigned rt)
{
	return rt < 31 ? v->regs.x[rt] : 0;
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned rt, uint64_t val)
{
	if (rt < 31)
		v->regs.x[rt] = val;
}

/* Steps over the trapped instruction (all traps armhv emulates are
 * 32-bit A64 instructions). */
static inline void vcpu_skip_insn(struct vcpu *v)
{
	v->regs.pc += 4;
}

#endif
