/* The init-parameter block: one copy, in the trampoline's data page, read
 * with the MMU off (by physical address) and with it on (at the trampoline
 * VA or the image VA). It serves first boot, CPU_ON and every re-entry
 * after CPU_OFF alike. Offsets are fixed here for the assembly; the C
 * structure is checked against them. */
#ifndef ARMHV_BOOT_PARAMS_H
#define ARMHV_BOOT_PARAMS_H

#define NR_CPUS			8

/* Which code owns VBAR_EL2 on a CPU (docs/lifecycle.md). */
#define STAGE_NONE		0	/* not running armhv: off, or never started */
#define STAGE_STUB		1	/* MMU off, stub vectors */
#define STAGE_INIT		2	/* boot table / trampoline, init vectors */
#define STAGE_RUNTIME		3	/* runtime table, runtime vectors */

#define BP_BOOT_TTBR		0
#define BP_RUNTIME_TTBR		8
#define BP_TCR			16
#define BP_MAIR			24
#define BP_RUNTIME_VBAR		32
#define BP_RUNTIME_ENTRY	40
#define BP_UART_PA		48
#define BP_UART_VA		56
#define BP_IDMAP_PA		64
#define BP_TCR_EL1		72
#define BP_CPU			128
#define CB_MPIDR		0
#define CB_STACK_TOP		8
#define CB_STAGE		16
#define CB_FAULT_STAGE		24
#define CB_SHIFT		7	/* 128 bytes per CPU: at least the cache
					 * writeback granule, so CPUs writing
					 * with their MMU off never share a line */

/* Each CPU's stack slot: an emergency stack for stack overflows, an
 * unmapped guard page, then the stack itself (it grows down towards the
 * guard). TPIDR_EL2 holds the stack's lowest address (its base). */
#define STACK_SIZE		(16 * 1024)
#define STACK_GUARD_SIZE	(4 * 1024)
#define EMERGENCY_STACK_SIZE	(8 * 1024)
#define STACK_SLOT_SIZE		(EMERGENCY_STACK_SIZE + STACK_GUARD_SIZE + STACK_SIZE)
#define STACK_BASE_OFFSET	(EMERGENCY_STACK_SIZE + STACK_GUARD_SIZE)
#define STACK_TOP_OFFSET	STACK_SLOT_SIZE

#ifndef __ASSEMBLY__
#include <lib/types.h>

struct cpu_boot {
	uint64_t mpidr;
	uint64_t stack_top;	/* runtime VA */
	uint64_t stage;		/* STAGE_* */
	uint64_t fault_stage;	/* selftest: fault on entering this stage */
	uint64_t pad[12];
};

struct boot_params {
	paddr_t boot_ttbr;
	paddr_t runtime_ttbr;
	uint64_t tcr;
	uint64_t mair;
	vaddr_t runtime_vbar;
	vaddr_t runtime_entry;
	paddr_t uart_pa;
	vaddr_t uart_va;
	paddr_t idmap_pa;
	uint64_t tcr_el1;
	uint64_t reserved[6];
	struct cpu_boot cpu[NR_CPUS];
};

_Static_assert(__builtin_offsetof(struct boot_params, uart_va) == BP_UART_VA, "bp");
_Static_assert(__builtin_offsetof(struct boot_params, tcr_el1) == BP_TCR_EL1, "bp");
_Static_assert(__builtin_offsetof(struct boot_params, cpu) == BP_CPU, "bp");
_Static_assert(sizeof(struct cpu_boot) == (1 << CB_SHIFT), "cb");
_Static_assert(__builtin_offsetof(struct cpu_boot, fault_stage) == CB_FAULT_STAGE, "cb");

extern struct boot_params boot_params;
#endif

#endif
