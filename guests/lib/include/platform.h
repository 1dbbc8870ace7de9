/*
 * The machine a test guest runs on: QEMU's -M virt,gic-version=3, or an
 * armhv VM that looks the same. Fixed addresses are the virt machine's;
 * RAM and the CPUs come from the device tree (x0 at entry).
 */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

#define RAM_BASE	0x40000000UL
#define IMAGE_BASE	0x40080000UL	/* where -kernel puts an image: RAM + 0x80000 */
#define GICD_BASE	0x08000000UL
#define GICR_BASE	0x080a0000UL
#define UART_BASE	0x09000000UL
#define UART_INTID	33		/* SPI 1 */
#define VIRTIO_BASE	0x0a000000UL
#define VIRTIO_STRIDE	0x200UL
#define VIRTIO_COUNT	32

/* Timer PPIs as QEMU numbers them (device tree: PPIs 13, 14, 11, 10). */
#define INTID_PTIMER	30		/* EL1 physical timer, PPI 14 */
#define INTID_VTIMER	27		/* virtual timer, PPI 11 */

#define MAX_CPUS	8
#define STACK_SIZE	16384
#define MAX_MEM_REGIONS	8

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mem_region {
	uint64_t base, size;
};

/* What the device tree said, read once at boot (before the MMU is on). */
struct platform {
	const void *fdt;		/* x0 at entry, or NULL if not a tree */
	unsigned int ncpus;		/* CPUs listed (at most MAX_CPUS kept) */
	unsigned int dt_cpus;		/* CPUs listed in /cpus, all of them */
	int boot_listed;		/* the boot CPU's MPIDR is among them */
	uint64_t mpidr[MAX_CPUS];	/* index 0 = the boot CPU */
	unsigned int nmem;
	struct mem_region mem[MAX_MEM_REGIONS];
	uint64_t ram_end;		/* end of the region holding the image */
	int psci_smc;			/* PSCI method "smc" (default: hvc) */
};
extern struct platform plat;

/* x0..x3 as the boot CPU found them at entry. */
extern uint64_t boot_args[4];

/* Linker symbols: the image and its end (bss and stacks included). */
extern char _start[], _end[], __bss_start[], __bss_end[];
extern char __stacks[];		/* MAX_CPUS stacks of STACK_SIZE, CPU 0 lowest */

/* Before the MMU is on: a FAIL line straight to the UART, then SYSTEM_OFF. */
_Noreturn void early_fail(const char *why);
void early_setup(uint64_t dtb);
#endif

#endif
