/* Unexpected exceptions at the runtime stage: report, then stop this CPU
 * cleanly while the others (and the console) go on. */
#include <exc/exception.h>
#include <exc/panic.h>
#include <cpu/cpu.h>
#include <lifecycle/lifecycle.h>
#include <lib/log.h>
#include <lib/symbols.h>
#include <arch/sysreg.h>
#include <stdio.h>

static const char *kind_name(unsigned kind)
{
	static const char *const what[] = { "synchronous", "IRQ", "FIQ", "SError" };

	return what[kind & 3];
}

static const char *kind_from(unsigned kind)
{
	static const char *const from[] = { "EL2 (SP_EL0)", "EL2", "lower EL (AArch64)",
					    "lower EL (AArch32)" };

	return from[(kind >> 4) & 3];
}

static void print_sym(const char *label, uint64_t addr)
{
	uint64_t off;
	const char *name = symbol_lookup(addr, &off);

	if (name)
		con_report_printf("armhv cpu%u:   %s 0x%016llx %s+0x%llx\n", this_cpu(), label,
				  (unsigned long long)addr, name, (unsigned long long)off);
	else
		con_report_printf("armhv cpu%u:   %s 0x%016llx\n", this_cpu(), label,
				  (unsigned long long)addr);
}

/* A frame record is followed only if it lies on this CPU's stack or its
 * emergency stack: never in the guard page between them (unmapped). */
static bool on_own_stack(const struct cpu_stack_slot *s, uint64_t fp)
{
	uint64_t e = (uint64_t)s->emergency, st = (uint64_t)s->stack;

	return (fp & 7) == 0 &&
	       ((fp >= e && fp + 16 <= e + EMERGENCY_STACK_SIZE) ||
		(fp >= st && fp + 16 <= st + STACK_SIZE));
}

void backtrace_print(uint64_t pc, uint64_t fp)
{
	struct cpu *c = cpu_self();
	const struct cpu_stack_slot *slot = &cpu_stacks[c->index];
	char label[8];

	con_report_printf("armhv cpu%u:   backtrace:\n", c->index);
	print_sym("#0 ", pc);
	for (unsigned depth = 1; depth < 32; depth++) {
		uint64_t next_fp, lr;

		if (!on_own_stack(slot, fp))
			break;
		next_fp = ((uint64_t *)fp)[0];
		lr = ((uint64_t *)fp)[1];
		if (!lr)
			break;
		snprintf(label, sizeof(label), "#%-2u", depth);
		print_sym(label, lr - 4);	/* the call, not the return */
		if (next_fp <= fp)
			break;
		fp = next_fp;
	}
}

static void report(const struct exc_frame *f, unsigned kind)
{
	unsigned me = this_cpu();
	unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;

	con_report_printf("\narmhv cpu%u: unexpected exception at stage runtime: %s from %s\n",
			  me, kind_name(kind), kind_from(kind));
	con_report_printf("armhv cpu%u:   EC 0x%02x %s, ISS 0x%07llx\n", me, ec,
			  esr_class_name(ec), (unsigned long long)(f->esr & 0x1ffffff));
	con_report_printf("armhv cpu%u:   ESR 0x%016llx  ELR 0x%016llx\n", me,
			  (unsigned long long)f->esr, (unsigned long long)f->elr);
	con_report_printf("armhv cpu%u:   FAR 0x%016llx  SPSR 0x%016llx  SP 0x%016llx\n", me,
			  (unsigned long long)f->far, (unsigned long long)f->spsr,
			  (unsigned long long)f->sp);
	for (unsigned i = 0; i < 31; i += 4) {
		char line[160];
		int n = snprintf(line, sizeof(line), "armhv cpu%u:  ", me);

		for (unsigned j = i; j < i + 4 && j < 31 && n > 0 && n < (int)sizeof(line); j++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " x%-2u 0x%016llx", j,
				      (unsigned long long)f->x[j]);
		con_report_printf("%s\n", line);
	}
	/* A leaf function keeps no frame record (-momit-leaf-frame-pointer):
	 * its caller is x30's, which the chain below would skip. */
	print_sym("lr ", f->x[30]);
	backtrace_print(f->elr, f->x[29]);
}

static void frame_regs(const struct exc_frame *f, struct cpu_regs *r)
{
	for (unsigned i = 0; i < 31; i++)
		r->x[i] = f->x[i];
	r->sp = f->sp;
	r->pc = f->elr;
	r->pstate = f->spsr;
}

void exc_unexpected(struct exc_frame *f, unsigned kind)
{
	struct cpu *c = cpu_self();
	struct cpu_regs regs;
	bool took_lock;

	if (c->in_report) {
		/* The report itself faulted: nothing sane is left to try. */
		con_unlock_report(false);	/* releases it: this CPU holds it */
		panic("exception (ESR 0x%llx at 0x%llx) while reporting an exception",
		      (unsigned long long)f->esr, (unsigned long long)f->elr);
	}
	c->in_report = true;
	took_lock = con_lock_for_report();
	report(f, kind);
	if (c->selftest_fault_in_report) {
		c->selftest_fault_in_report = false;
		(void)*(volatile uint64_t *)0xdead08ULL;	/* selftest panic report */
	}
	con_report_printf("armhv cpu%u: cpu%u stopped; the other CPUs go on\n", c->index, c->index);
	con_unlock_report(took_lock);
	c->in_report = false;
	frame_regs(f, &regs);
	cpu_park_dead(&regs);	/* the dump shows where it faulted */
}

void exc_dispatch(struct exc_frame *f, unsigned kind)
{
	if (kind & EXC_STACK_OVERFLOW)
		panic("stack overflow at EL2 (ELR 0x%llx, FAR 0x%llx): now on the emergency stack",
		      (unsigned long long)f->elr, (unsigned long long)f->far);
	exc_unexpected(f, kind);
}
