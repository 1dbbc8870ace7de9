/* The per-CPU structure, state changes, requests between CPUs and the
 * idle loop. See docs/lifecycle.md for the states and transitions. */
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <drivers/gic.h>
#include <lib/log.h>
#include <arch/time.h>

#define CPU_CALL_WAIT_MS	5000

struct cpu cpus[NR_CPUS];
unsigned cpu_count;
struct cpu_stack_slot cpu_stacks[NR_CPUS] __aligned(PAGE_SIZE) __section(".bss.stacks");

static cpu_idle_work_fn idle_work[CPU_IDLE_WORK_MAX];
static unsigned idle_work_count;
static cpu_leave_hook_fn leave_hook;
static cpu_leave_fn leave_fn;
static struct {
	unsigned intid;
	cpu_irq_fn fn;
} irq_handlers[CPU_IRQ_HANDLERS];
static unsigned irq_handler_count;

void cpu_set_irq_handler(unsigned intid, cpu_irq_fn fn)
{
	if (irq_handler_count < CPU_IRQ_HANDLERS)
		irq_handlers[irq_handler_count++] = (typeof(irq_handlers[0])){ intid, fn };
}

bool cpu_handle_irq(unsigned intid)
{
	for (unsigned i = 0; i < irq_handler_count; i++) {
		if (irq_handlers[i].intid == intid) {
			irq_handlers[i].fn(intid);
			return true;
		}
	}
	return false;
}

void cpu_attach(unsigned index)
{
	write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)&cpus[index]);
	isb();
}

void cpu_set_state(struct cpu *c, enum cpu_state s)
{
	if (s == CPU_ONLINE)
		__atomic_store_n(&c->runq_closed, false, __ATOMIC_RELAXED);
	__atomic_store_n(&c->state, s, __ATOMIC_RELEASE);
}

bool cpu_state_change(struct cpu *c, enum cpu_state from, enum cpu_state to)
{
	if (to == CPU_ONLINE)
		__atomic_store_n(&c->runq_closed, false, __ATOMIC_RELAXED);
	return __atomic_compare_exchange_n(&c->state, &from, to, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

const char *cpu_state_name(enum cpu_state s)
{
	switch (s) {
	case CPU_OFF: return "off";
	case CPU_STARTING: return "starting";
	case CPU_ONLINE: return "online";
	case CPU_DEAD: return "dead";
	default: return "?";
	}
}

unsigned cpus_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cpu_count; i++)
		n += cpu_state(&cpus[i]) == CPU_ONLINE;
	return n;
}

void cpu_add_idle_work(cpu_idle_work_fn fn)
{
	if (idle_work_count < CPU_IDLE_WORK_MAX)
		idle_work[idle_work_count++] = fn;
}

static bool run_idle_work(void)
{
	bool did = false;

	for (unsigned i = 0; i < idle_work_count; i++)
		did |= idle_work[i]();
	return did;
}

void cpu_set_leave_hook(cpu_leave_hook_fn fn)
{
	leave_hook = fn;
}

void cpu_notify_leave(unsigned cpu, bool powering_off)
{
	if (leave_hook)
		leave_hook(cpu, powering_off);
}

void cpu_set_leave_fn(cpu_leave_fn fn)
{
	leave_fn = fn;
}

void cpu_leave(void)
{
	leave_fn();
	__builtin_unreachable();
}

/* Waits until the request slot is empty; false after the timeout or if
 * the CPU left the online state. */
static bool wait_slot_empty(struct cpu *c)
{
	uint64_t t0 = time_ms();

	while (__atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE)) {
		cpu_stop_check(NULL);
		if (cpu_state(c) != CPU_ONLINE || time_ms() - t0 > CPU_CALL_WAIT_MS)
			return false;
		cpu_relax();
	}
	return true;
}

int cpu_call(unsigned cpu, cpu_request_fn fn, void *arg)
{
	struct cpu *c = &cpus[cpu];
	int ret = 0;

	if (cpu >= cpu_count || cpu_state(c) != CPU_ONLINE)
		return -ENODEV;
	spin_lock(&c->request_lock);
	/* A request that timed out earlier may still be running: the slot is
	 * the target's until it clears it. */
	if (!wait_slot_empty(c)) {
		spin_unlock(&c->request_lock);
		return -EBUSY;
	}
	c->request_arg = arg;
	__atomic_store_n(&c->request_fn, fn, __ATOMIC_RELEASE);
	cpu_kick(cpu);
	if (!wait_slot_empty(c)) {
		/* It died running the request (a dead CPU runs no requests, so
		 * the slot is free again), or it is still busy (the slot stays
		 * its own). */
		if (cpu_state(c) == CPU_DEAD) {
			__atomic_store_n(&c->request_fn, NULL, __ATOMIC_RELEASE);
			ret = -EIO;
		} else {
			ret = -ETIMEDOUT;
		}
	}
	spin_unlock(&c->request_lock);
	return ret;
}

/* Acknowledge whatever woke us: SGIs carry no payload, and the UART's
 * interrupt only means "look at the FIFO", which the loop does anyway.
 * Bounded: a level-triggered line stays pending until its cause is
 * handled, which happens after this returns. */
static void drain_interrupts(void)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned intid = gic_ack();

		if (intid >= INTID_SPURIOUS)
			break;
		gic_eoi(intid);
		cpu_handle_irq(intid);
	}
}

void cpu_wait_interrupt(void)
{
	wfi();
	drain_interrupts();
}

void cpu_idle_loop(void)
{
	struct cpu *c = cpu_self();

	for (;;) {
		cpu_request_fn fn;

		drain_interrupts();
		cpu_stop_check(NULL);
		fn = __atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE);
		if (fn) {
			fn(c->request_arg);
			__atomic_store_n(&c->request_fn, NULL, __ATOMIC_RELEASE);
		}
		/* The leave request is a flag of its own: it never takes the
		 * place of a pending request. */
		if (__atomic_load_n(&c->leave_requested, __ATOMIC_ACQUIRE))
			cpu_leave();
		if (run_idle_work())
			continue;
		wfi();
	}
}
