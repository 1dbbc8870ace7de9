/* Entering and leaving the runtime stage (boot/idmap.S, boot/head.S),
 * and which stage owns each CPU (docs/lifecycle.md). */
#ifndef ARMHV_STAGES_H
#define ARMHV_STAGES_H

#include <boot/boot_params.h>

extern char runtime_vectors[];

/* The runtime stage's C entry on every CPU (hyp/main.c). */
void runtime_entry(unsigned cpu);
/* Where a CPU started by PSCI CPU_ON enters (at its PA). */
void secondary_entry(void);

/* Leaves the runtime stage: runtime -> init -> stub, MMU off, then runs
 * cont (one of the stub_* continuations below) with a2-a4. */
void __noreturn cpu_leave_runtime(unsigned cpu, void (*cont)(void),
				  uint64_t a2, uint64_t a3, uint64_t a4);
void stub_cpu_off(void);
void stub_system_off(void);
void stub_system_reset(void);

static inline uint64_t cpu_stage(unsigned cpu)
{
	return READ_ONCE(boot_params.cpu[cpu].stage);
}

const char *cpu_stage_name(uint64_t stage);

#endif
