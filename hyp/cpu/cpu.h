/* The per-CPU structure, CPU states, and requests between CPUs
 * (docs/lifecycle.md).
 *
 * Everything armhv keeps per CPU lives in one struct cpu. At the runtime
 * stage TPIDR_EL2 points at the running CPU's (docs/hyp-abi.md), so
 * cpu_self() is one system-register read and the exception entry reaches
 * the stack base and, later, the current vCPU with one more load.
 */
#ifndef ARMHV_CPU_H
#define ARMHV_CPU_H

#include <arch/types.h>
#include <arch/regs.h>
#include <arch/sysreg.h>
#include <lib/config.h>
#include <lib/spinlock.h>
#include <cpu/stack.h>
#include <drivers/gic.h>

enum cpu_state {
	CPU_OFF,	/* not running armhv (never started, or powered off) */
	CPU_STARTING,	/* CPU_ON issued, not yet at the runtime stage */
	CPU_ONLINE,	/* runtime stage, taking requests */
	CPU_DEAD,	/* stopped: unexpected exception, no redistributor, or
			 * came up after its starter gave up on it */
};

typedef void (*cpu_request_fn)(void *arg);

#define CPU_RUNQ_MAX	32	/* vCPUs one CPU may be given */
struct cpu_boot;
struct vcpu;

struct cpu {
	/* Read by assembly at fixed offsets (boot/asm-offsets.c). */
	unsigned index;
	struct vcpu *vcpu;		/* the vCPU this CPU runs, or NULL */
	vaddr_t stack_base;		/* lowest stack address: the vectors'
					 * overflow check */
	struct cpu_boot *boot;		/* its block of the init-parameter
					 * block, read with the MMU off */

	uint64_t mpidr;
	uint64_t wake_sgi1r;		/* ICC_SGI1R_EL1 for SGI_WAKE to it */
	uint64_t nudge_sgi1r;		/* ... and for SGI_NUDGE */
	enum cpu_state state;		/* cpu_state() / cpu_set_state() */
	vaddr_t gicr_va;		/* its redistributor */
	bool virt_enabled;		/* may run vCPUs (lifecycle/virt.c) */

	/* One pending request from another CPU (cpu_call), and the leave
	 * request, both run by the CPU in its idle loop. */
	spinlock_t request_lock;
	cpu_request_fn request_fn;
	void *request_arg;
	bool leave_requested;

	/* Exception reports (exc/). */
	bool in_report;
	bool selftest_fault_in_report;

	/* The vCPUs this CPU runs, in turn (vm/sched.c), and whose EL1
	 * state is in its registers (vm/vcpu.c). */
	spinlock_t runq_lock;
	struct vcpu *runq[CPU_RUNQ_MAX];
	unsigned runq_len, runq_next;
	/* Going off: its vCPUs leave and no CPU gives it one (vm/sched.c);
	 * open again when it next comes online. */
	bool runq_closed;

	/* Where it stopped when a crash stopped every CPU (cpu/stop.c). */
	struct cpu_regs stop_regs;
	bool stop_regs_valid;
} __aligned(64);

extern struct cpu cpus[NR_CPUS];
extern unsigned cpu_count;

static inline struct cpu *cpu_self(void)
{
	return (struct cpu *)read_sysreg(tpidr_el2);
}

static inline unsigned this_cpu(void)
{
	return cpu_self()->index;
}

/* Makes cpus[index] this CPU's struct cpu (TPIDR_EL2). */
void cpu_attach(unsigned index);

/* A CPU's state is written only through cpu_set_state() (a release: what
 * the CPU did before is visible to whoever reads the new state) and read
 * through cpu_state() (an acquire). cpu_state_change() moves it only from
 * an expected state, so two CPUs cannot both decide a CPU's fate. */
static inline enum cpu_state cpu_state(const struct cpu *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
}

void cpu_set_state(struct cpu *c, enum cpu_state s);
bool cpu_state_change(struct cpu *c, enum cpu_state from, enum cpu_state to);
const char *cpu_state_name(enum cpu_state s);
unsigned cpus_online_count(void);

/* Runs fn(arg) on another online CPU and waits for it to finish.
 * Returns 0, -ENODEV (not online), -EBUSY (an earlier request is still
 * running there), -EIO (it died running it) or -ETIMEDOUT. */
int cpu_call(unsigned cpu, cpu_request_fn fn, void *arg);
/* Sends CPU cpu the wake-up SGI (inline: every IPI between vCPUs of
 * different CPUs sends one). */
static inline void cpu_kick(unsigned cpu)
{
	gic_send_sgi1r(cpus[cpu].wake_sgi1r);
}
/* Sends CPU cpu SGI_NUDGE: it stops what it runs (a guest exits; the
 * idle loop wakes) and looks at it again, nothing else. */
static inline void cpu_nudge(unsigned cpu)
{
	gic_send_sgi1r(cpus[cpu].nudge_sgi1r);
}

/* Idle work of the layers above (the console, running vCPUs): run by
 * every online CPU in its idle loop, in the order registered; returns
 * true if it did something (the loop then polls again before waiting
 * for an interrupt). At most CPU_IDLE_WORK_MAX, registered at boot. */
#define CPU_IDLE_WORK_MAX	4
typedef bool (*cpu_idle_work_fn)(void);
void cpu_add_idle_work(cpu_idle_work_fn fn);
/* Called when a CPU stops taking work: it is powering off
 * (powering_off), or it died. Lets the console move elsewhere. */
typedef void (*cpu_leave_hook_fn)(unsigned cpu, bool powering_off);
void cpu_set_leave_hook(cpu_leave_hook_fn fn);
void cpu_notify_leave(unsigned cpu, bool powering_off);

/* Handlers of physical interrupts the layers above own (the console's
 * UART): run after the interrupt is acknowledged and ended, by the idle
 * loop or by the exit path of a guest it interrupted. At most
 * CPU_IRQ_HANDLERS, registered at boot. */
#define CPU_IRQ_HANDLERS	4
typedef void (*cpu_irq_fn)(unsigned intid);
void cpu_set_irq_handler(unsigned intid, cpu_irq_fn fn);
/* Runs intid's handler; false if it has none. */
bool cpu_handle_irq(unsigned intid);

/* How a CPU leaves armhv when asked to (a leave request, or a stop for
 * a crash dump): registered by lifecycle/, which owns leaving. */
typedef void (*cpu_leave_fn)(void);
void cpu_set_leave_fn(cpu_leave_fn fn);
void __noreturn cpu_leave(void);

/* Waits for an interrupt (or a kick) and acknowledges it, for a loop
 * that waits for something outside the idle loop (`vm wait`). */
void cpu_wait_interrupt(void);

/* The idle loop of an online CPU: requests, the leave request, stop
 * requests, idle work; otherwise WFI. */
void __noreturn cpu_idle_loop(void);

#endif
