/* Each CPU's stack slot, for C and assembly: an emergency stack for stack
 * overflows, an unmapped guard page, then the stack itself (it grows down
 * towards the guard). struct cpu's stack_base is the stack's lowest
 * address. */
#ifndef ARMHV_STACK_H
#define ARMHV_STACK_H

#include <lib/config.h>

#define STACK_SIZE		(16 * 1024)
#define STACK_GUARD_SIZE	(4 * 1024)
#define EMERGENCY_STACK_SIZE	(8 * 1024)
#define STACK_SLOT_SIZE		(EMERGENCY_STACK_SIZE + STACK_GUARD_SIZE + STACK_SIZE)
#define STACK_BASE_OFFSET	(EMERGENCY_STACK_SIZE + STACK_GUARD_SIZE)
#define STACK_TOP_OFFSET	STACK_SLOT_SIZE

#ifndef __ASSEMBLY__
#include <arch/types.h>

struct cpu_stack_slot {
	uint8_t emergency[EMERGENCY_STACK_SIZE];
	uint8_t guard[STACK_GUARD_SIZE];	/* never mapped */
	uint8_t stack[STACK_SIZE];
};
extern struct cpu_stack_slot cpu_stacks[NR_CPUS];
extern char __stacks_start[], __stacks_end[];
#endif

#endif
