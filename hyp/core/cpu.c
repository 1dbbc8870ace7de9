/* CPUs at the runtime stage: start-up, requests between CPUs, the idle
 * loop. See docs/lifecycle.md for the states and transitions. */
#include <armhv/cpu.h>
#include <armhv/early.h>
#include <armhv/gic.h>
#include <armhv/log.h>
#include <armhv/psci.h>
#include <armhv/sysreg.h>
#include <armhv/console.h>

struct cpu cpus[NR_CPUS];
unsigned cpu_count;
uint8_t cpu_stacks[NR_CPUS][STACK_SIZE] __aligned(PAGE_SIZE);
volatile unsigned console_owner;

unsigned this_cpu(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t base = (uint64_t)cpu_stacks;

	/* The stack says who we are: no per-CPU register needed. */
	if (sp >= base && sp < base + sizeof(cpu_stacks))
		return (unsigned)((sp - base) / STACK_SIZE);
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

/* Cleans the line holding p to the point of coherency, for a reader with
 * its MMU off. */
static void clean_to_poc(const void *p)
{
	__asm__ volatile("dc cvac, %0" : : "r"(p) : "memory");
	dsb(sy);
}

static uint64_t counter_ms(void)
{
	return read_sysreg(cntpct_el0) / (read_sysreg(cntfrq_el0) / 1000);
}

static int cpu_start(unsigned i)
{
	struct cpu_boot *cb = &boot_params.cpu[i];
	paddr_t entry = image_pa_of_va(secondary_entry);
	int64_t ret;
	uint64_t t0;

	cb->mpidr = cpus[i].mpidr;
	cb->stack_top = (vaddr_t)cpu_stacks[i] + STACK_SIZE;
	clean_to_poc(cb);
	cpus[i].state = CPU_STARTING;
	ret = (int64_t)smc_call(PSCI_CPU_ON_64, cpus[i].mpidr, entry, i);
	if (ret != PSCI_SUCCESS) {
		cpus[i].state = CPU_OFF;
		log_printf("cpu%u (mpidr 0x%llx) failed to start: PSCI CPU_ON: %s",
			   i, (unsigned long long)cpus[i].mpidr, psci_strerror(ret));
		return -EIO;
	}
	t0 = counter_ms();
	while (READ_ONCE(cpus[i].state) == CPU_STARTING) {
		if (counter_ms() - t0 > 5000) {
			log_printf("cpu%u did not reach the runtime stage (stuck at stage %s)",
				   i, cpu_stage_name(cpu_stage(i)));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return cpus[i].state == CPU_ONLINE ? 0 : -EIO;
}

int cpus_start_secondaries(void)
{
	int err = 0;

	for (unsigned i = 1; i < cpu_count; i++)
		if (cpu_start(i))
			err = -EIO;
	return err;
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
	c->request_arg = arg;
	__atomic_store_n(&c->request_fn, fn, __ATOMIC_RELEASE);
	cpu_kick(cpu);
	t0 = counter_ms();
	while (__atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE)) {
		if (c->state != CPU_ONLINE || counter_ms() - t0 > 5000) {
			/* It died running the request, or is stuck: give up. */
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
		fn = __atomic_load_n(&c->request_fn, __ATOMIC_ACQUIRE);
		if (fn) {
			fn(c->request_arg);
			__atomic_store_n(&c->request_fn, NULL, __ATOMIC_RELEASE);
		}
		if (console_owner == c->index && console_poll())
			continue;
		wfi();
	}
}
