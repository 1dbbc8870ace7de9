/* The init-parameter block: one copy, in the trampoline's data page, read
 * with the MMU off (by physical address) and with it on (at the trampoline
 * VA or the image VA). It serves first boot, CPU_ON and every re-entry
 * after CPU_OFF alike. The assembly's offsets into it are generated from
 * these structures (hyp/asm-offsets.c). */
#ifndef ARMHV_BOOT_PARAMS_H
#define ARMHV_BOOT_PARAMS_H

#include <lib/config.h>
#include <cpu/stack.h>

/* Which code owns VBAR_EL2 on a CPU (docs/lifecycle.md). */
#define STAGE_NONE		0	/* not running armhv: off, or never started */
#define STAGE_STUB		1	/* MMU off, stub vectors */
#define STAGE_INIT		2	/* boot table / trampoline, init vectors */
#define STAGE_RUNTIME		3	/* runtime table, runtime vectors */

/* cpu_boot.fault_stage: besides a stage to fault in, this selftest value
 * makes the CPU wait at the runtime stage until its starter gives up. */
#define SELFTEST_LATE_ONLINE	8

/* 128 bytes per CPU block: at least the cache writeback granule, so CPUs
 * writing with their MMU off never share a line. Field offsets for the
 * assembly come from hyp/asm-offsets.c. */
#define CB_SHIFT		7

#ifndef __ASSEMBLY__
#include <arch/types.h>

struct cpu_boot {
	uint64_t mpidr;
	vaddr_t stack_top;
	uint64_t stage;		/* STAGE_* */
	uint64_t fault_stage;	/* selftest: fault on entering this stage */
	vaddr_t cpu;		/* its struct cpu: TPIDR_EL2 at the runtime
				 * stage */
	uint64_t pad[11];
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

_Static_assert(sizeof(struct cpu_boot) == (1 << CB_SHIFT), "cb");

extern struct boot_params boot_params;
#endif

#endif
