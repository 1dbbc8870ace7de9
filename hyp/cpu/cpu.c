/* CPUs at the runtime stage: start-up, requests between CPUs, the idle
 * loop. See docs/lifecycle.md for the states and transitions. */
#include <cpu/cpu.h>
#include <boot/early.h>
#include <drivers/gic.h>
#include <lib/log.h>
#include <drivers/psci.h>
#include <arch/sysreg.h>
#include <mgmt/console.h>
#include <handover/crash.h>
#include <arch/time.h>

struct cpu cpus[NR_CPUS];
unsigned cpu_count;
struct cpu_stack_slot cpu_stacks[NR_CPUS] __aligned(PAGE_SIZE) __section(".bss.stacks");
volatile unsigned console_owner;

unsigned this_cpu(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t base = (uint64_t)cpu_stacks;

	/* The stack (normal or emergency) says who we are. */
	if (sp >= base && sp < base + sizeof(cpu_stacks))
		return (unsigned)((sp - base) / STACK_SLOT_SIZE);
	return 0;
}

struct cpu *cpu_self(void)
{
	return &cpus[this_cpu()];
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

const char *cpu_stage_name(uint64_t stage)
{
	switch (stage) {
	case STAGE_NONE: return "none";
	case STAGE_STUB: return "stub";
	case STAGE_INIT: return "init";
	case STAGE_RUNTIME: return "runtime";
	default: return "?";
	}
}

uint64_t cpu_stage(unsigned cpu)
{
	return READ_ONCE(boot_params.cpu[cpu].stage);
}

unsigned cpus_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cpu_count; i++)
		n += cpus[i].state == CPU_ONLINE;
	return n;
}

void cpu_kick(unsigned cpu)
{
	gic_send_sgi(cpus[cpu].mpidr, SGI_WAKE);
}

int cpu_call(unsigned cpu, cpu_request_fn fn, void *arg)
{
	struct cpu *c = &cpus[cpu];
	uint64_t t0;

	if (cpu >= cpu_count || c->state != CPU_ONLINE)
		return -ENODEV;
	spin_lock(&c->request_lock);
	/* A request that timed out earlier may still be running: the slot is
	 * the target's until it clears it. */
	t0 = time_ms();
	while (__atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE)) {
		crash_check(NULL);
		if (c->state != CPU_ONLINE || time_ms() - t0 > 5000) {
			spin_unlock(&c->request_lock);
			return -EBUSY;
		}
		cpu_relax();
	}
	c->request_arg = arg;
	__atomic_store_n(&c->request_fn, fn, __ATOMIC_RELEASE);
	cpu_kick(cpu);
	t0 = time_ms();
	while (__atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE)) {
		crash_check(NULL);
		if (c->state != CPU_ONLINE || time_ms() - t0 > 5000) {
			/* It died running the request (the slot can be cleared:
			 * a dead CPU runs no requests), or it is still busy (the
			 * slot stays its own). */
			if (c->state == CPU_DEAD)
				c->request_fn = NULL;
			spin_unlock(&c->request_lock);
			return c->state == CPU_DEAD ? -EIO : -ETIMEDOUT;
		}
		cpu_relax();
	}
	spin_unlock(&c->request_lock);
	return 0;
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
	}
}

void cpu_idle_loop(void)
{
	struct cpu *c = cpu_self();

	for (;;) {
		cpu_request_fn fn;

		drain_interrupts();
		crash_check(NULL);
		fn = __atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE);
		if (fn) {
			fn(c->request_arg);
			__atomic_store_n(&c->request_fn, NULL, __ATOMIC_RELEASE);
		}
		if (console_owner == c->index) {
			console_settle();
			if (console_poll())
				continue;
		}
		wfi();
	}
}
