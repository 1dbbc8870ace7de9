/* Per-CPU state at the runtime stage and the CPU life cycle
 * (docs/lifecycle.md). */
#ifndef ARMHV_CPU_H
#define ARMHV_CPU_H

#include <lib/types.h>
#include <boot/boot_params.h>
#include <lib/spinlock.h>

enum cpu_state {
	CPU_OFF,	/* not running armhv (never started, or powered off) */
	CPU_STARTING,	/* CPU_ON issued, not yet at the runtime stage */
	CPU_ONLINE,	/* runtime stage, taking requests */
	CPU_DEAD,	/* stopped after an unexpected exception */
};

typedef void (*cpu_request_fn)(void *arg);

struct cpu {
	unsigned index;
	uint64_t mpidr;
	volatile enum cpu_state state;
	vaddr_t gicr_va;		/* this CPU's redistributor */
	/* One pending request, run by the CPU in its idle loop. */
	spinlock_t request_lock;
	cpu_request_fn volatile request_fn;
	void *volatile request_arg;
	volatile bool leave_requested;
};

extern struct cpu cpus[NR_CPUS];
extern unsigned cpu_count;
struct cpu_stack_slot {
	uint8_t emergency[EMERGENCY_STACK_SIZE];
	uint8_t guard[STACK_GUARD_SIZE];	/* never mapped */
	uint8_t stack[STACK_SIZE];
};
extern struct cpu_stack_slot cpu_stacks[NR_CPUS];
extern char __stacks_start[], __stacks_end[];
extern char runtime_vectors[];
extern volatile unsigned console_owner;

void runtime_entry(unsigned cpu);
unsigned this_cpu(void);
struct cpu *cpu_self(void);
const char *cpu_state_name(enum cpu_state s);
const char *cpu_stage_name(uint64_t stage);
uint64_t cpu_stage(unsigned cpu);

/* Runs fn(arg) on another online CPU and waits for it to finish. */
int cpu_call(unsigned cpu, cpu_request_fn fn, void *arg);
void cpu_kick(unsigned cpu);
void __noreturn cpu_idle_loop(void);
unsigned cpus_online_count(void);

/* Leaving the runtime stage (boot/idmap.S). */
void __noreturn cpu_leave_runtime(unsigned cpu, void (*cont)(void),
				  uint64_t a2, uint64_t a3, uint64_t a4);
void stub_cpu_off(void);
void stub_system_off(void);
void stub_system_reset(void);
void secondary_entry(void);

#endif
