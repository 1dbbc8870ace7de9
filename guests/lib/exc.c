/* Exception dispatch, catching, and the report of unexpected exceptions. */
#include "guest.h"

struct exc_jmp {
	uint64_t regs[12];	/* x19-x30 */
	uint64_t sp;
};

struct exc_catch {
	struct exc_jmp jb;
	struct exc_catch *prev;
};

uint64_t exc_try_call(struct exc_jmp *jb, void (*fn)(void *), void *arg);
extern char exc_try_landing[];

static struct exc_catch *catching[MAX_CPUS];
static struct exc_info last[MAX_CPUS];

uint64_t exc_try(void (*fn)(void *), void *arg, struct exc_info *info)
{
	unsigned int cpu = cpu_index();
	struct exc_catch c;
	uint64_t esr;

	c.prev = catching[cpu];
	WRITE_ONCE(catching[cpu], &c);
	esr = exc_try_call(&c.jb, fn, arg);
	WRITE_ONCE(catching[cpu], c.prev);
	if (info) {
		if (esr)
			*info = last[cpu];
		else
			*info = (struct exc_info){ 0, 0, 0 };
	}
	return esr;
}

static void call_void(void *fn)
{
	((void (*)(void))fn)();
}

uint64_t expect_abort(void (*fn)(void))
{
	return exc_try(call_void, (void *)fn, NULL);
}

const struct exc_info *exc_last(void)
{
	return &last[cpu_index()];
}

struct probe {
	uintptr_t addr;
	unsigned int size;
	uint64_t val;
};

static void do_read(void *arg)
{
	struct probe *p = arg;
	switch (p->size) {
	case 1: p->val = probe_read8(p->addr); break;
	case 2: p->val = probe_read16(p->addr); break;
	case 4: p->val = probe_read32(p->addr); break;
	default: p->val = probe_read64(p->addr); break;
	}
}

static void do_write(void *arg)
{
	struct probe *p = arg;
	switch (p->size) {
	case 1: probe_write8(p->addr, p->val); break;
	case 2: probe_write16(p->addr, p->val); break;
	case 4: probe_write32(p->addr, p->val); break;
	default: probe_write64(p->addr, p->val); break;
	}
}

uint64_t probe_read(uintptr_t addr, unsigned int size, uint64_t *val, struct exc_info *info)
{
	struct probe p = { addr, size, 0 };
	uint64_t esr = exc_try(do_read, &p, info);
	if (val)
		*val = p.val;
	return esr;
}

uint64_t probe_write(uintptr_t addr, unsigned int size, uint64_t val, struct exc_info *info)
{
	struct probe p = { addr, size, val };
	return exc_try(do_write, &p, info);
}

bool esr_is_sea(uint64_t esr)
{
	unsigned int ec = ESR_EC(esr);
	return (ec == EC_DABT_CUR || ec == EC_DABT_LOW || ec == EC_IABT_CUR || ec == EC_IABT_LOW) &&
	       ESR_FSC(esr) == FSC_SEA;
}

const char *esr_class_name(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_UNKNOWN: return "unknown reason (UNDEFINED instruction?)";
	case EC_WFX: return "WFI/WFE";
	case EC_FP: return "FP/SIMD access trapped";
	case EC_ILLEGAL: return "illegal execution state";
	case EC_SVC64: return "SVC";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYS64: return "system register access";
	case EC_IABT_LOW: return "instruction abort from a lower EL";
	case EC_IABT_CUR: return "instruction abort";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW: return "data abort from a lower EL";
	case EC_DABT_CUR: return "data abort";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_SERROR: return "SError";
	case EC_BRK64: return "BRK";
	default: return "other";
	}
}

static const char *const type_names[] = { "synchronous", "IRQ", "FIQ", "SError" };
static const char *const origin_names[] = {
	"current EL with SP_EL0", "current EL", "lower EL (AArch64)", "lower EL (AArch32)",
};

static void backtrace(uint64_t fp)
{
	uintptr_t lo = (uintptr_t)__stacks + cpu_index() * STACK_SIZE, hi = lo + STACK_SIZE;
	for (int i = 0; i < 16 && fp >= lo && fp + 16 <= hi && !(fp & 7); i++) {
		const uint64_t *rec = (const uint64_t *)fp;
		if (!rec[1])
			break;
		printf_locked("  called from 0x%lx\n", rec[1]);
		if (rec[0] <= fp)
			break;
		fp = rec[0];
	}
}

static void unexpected(struct exc_frame *f, unsigned int kind)
{
	unsigned int cpu = cpu_index(), type = kind & 3, origin = kind >> 2;
	const char *what = type == EXC_SYNC || type == EXC_SERROR ? esr_class_name(f->esr) : "";
	unsigned long flags;
	int took = console_lock_reentrant(&flags);

	printf_locked("%s cpu%u: unexpected %s exception from the %s%s%s\n", guest_name, cpu,
		      type_names[type], origin_names[origin], *what ? ": " : "", what);
	printf_locked("  ESR=0x%lx ELR=0x%lx FAR=0x%lx SPSR=0x%lx SP=0x%lx\n",
		      f->esr, f->elr, f->far, f->spsr, f->sp);
	for (int i = 0; i < 31; i += 4) {
		printf_locked(" ");
		for (int j = i; j < i + 4 && j < 31; j++)
			printf_locked(" x%-2d=0x%016lx", j, f->x[j]);
		printf_locked("\n");
	}
	backtrace(f->x[29]);
	(void)took;
	guest_fail_raw("cpu%u: unexpected %s exception (%s) ESR=0x%lx ELR=0x%lx FAR=0x%lx",
		       cpu, type_names[type], type == EXC_SYNC ? esr_class_name(f->esr) : origin_names[origin],
		       f->esr, f->elr, f->far);
}

void exc_dispatch(struct exc_frame *f, unsigned int kind)
{
	unsigned int cpu = cpu_index(), type = kind & 3, origin = kind >> 2;

	if (origin == EXC_CUR_SPX && type == EXC_IRQ) {
		gic_handle_irq();
		return;
	}
	if (origin == EXC_CUR_SPX && type == EXC_SYNC && cpu < MAX_CPUS && catching[cpu]) {
		struct exc_catch *c = catching[cpu];
		last[cpu] = (struct exc_info){ f->esr, f->elr, f->far };
		catching[cpu] = c->prev;
		f->x[0] = (uintptr_t)&c->jb;
		f->x[1] = f->esr;
		f->elr = (uintptr_t)exc_try_landing;
		return;
	}
	unexpected(f, kind);
}
