/* The machine as the device tree describes it, validated. */
#ifndef ARMHV_MACHINE_H
#define ARMHV_MACHINE_H

#include <arch/types.h>
#include <lib/config.h>

#define MACHINE_MAX_MEM		8
#define MACHINE_MAX_RESERVED	16
#define MACHINE_MAX_GICR	4
#define MACHINE_MAX_ITS		4
#define MACHINE_MAX_MODULES	16	/* as many as `armhv run` passes */
#define MACHINE_MAX_IGNORED	16	/* modules left out that are named */
#define MODULE_NAME_MAX		32
#define MACHINE_MAX_VIRTIO	32	/* QEMU virt has 32 virtio-mmio transports */

struct mrange {
	paddr_t base;
	uint64_t size;
};

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };

/* A virtio-mmio transport ("virtio,mmio" node): its register window, its
 * SPI (UINT32_MAX if none is given), and whether the device's DMA is
 * coherent with the CPUs' caches (the node's dma-coherent property). */
struct machine_virtio {
	paddr_t base;
	uint64_t size;
	uint32_t spi;
	bool dma_coherent;
};

/* Where a module came from: a multiboot,module node of the device tree,
 * or a file of the initrd's cpio archive (dt/cpio.c). */
enum module_source { MODULE_FROM_DT, MODULE_FROM_INITRD };

struct machine_module {
	char name[MODULE_NAME_MAX];
	paddr_t pa;
	uint64_t size;
	enum module_source from;
};

struct machine_module_ignored {
	struct machine_module mod;	/* pa and size 0 if unreadable */
	const char *why;
};

struct machine {
	struct mrange mem[MACHINE_MAX_MEM];
	unsigned mem_count;
	struct mrange reserved[MACHINE_MAX_RESERVED];
	unsigned reserved_count;
	uint64_t cpu_mpidr[NR_CPUS];
	unsigned cpu_count;
	unsigned cpus_ignored;		/* beyond NR_CPUS or not PSCI */
	enum psci_conduit psci;
	struct mrange uart;
	uint32_t uart_spi;		/* SPI number (INTID - 32) */
	struct mrange gicd;
	struct mrange gicr[MACHINE_MAX_GICR];
	unsigned gicr_count;
	struct mrange its[MACHINE_MAX_ITS];
	unsigned its_count;
	char bootargs[1024];		/* /chosen/bootargs, whole words */
	bool bootargs_cut;		/* longer: the words that fit */
	/* The device tree's by address, then the initrd's in archive order. */
	struct machine_module modules[MACHINE_MAX_MODULES];
	unsigned module_count;
	/* Modules armhv does not use, and why: beyond MACHINE_MAX_MODULES
	 * (the lowest addresses are kept), unreadable reg, a name taken. A
	 * module never stops the boot. Counts all; names the first ones. */
	struct machine_module_ignored modules_ignored[MACHINE_MAX_IGNORED];
	unsigned modules_ignored_count;
	/* /chosen linux,initrd-start/-end: a cpio archive of modules
	 * (dt/cpio.c) once RAM is mapped; size 0 if none. initrd_why: why
	 * the properties were not used, NULL if they were or are absent. */
	struct mrange initrd;
	const char *initrd_why;
	/* virtio-mmio transports by address (the lowest first), at most
	 * MACHINE_MAX_VIRTIO of them (the lowest addresses are kept); one
	 * with a malformed reg or a window smaller than VIRTIO_MMIO_MIN_SIZE
	 * is left out. Neither stops the boot: virtio_ignored counts both. */
	struct machine_virtio virtio[MACHINE_MAX_VIRTIO];
	unsigned virtio_count;
	unsigned virtio_ignored;
};

/* The registers every virtio-mmio transport has, before its
 * device-specific configuration space (virtio 1.x, 4.2.2). */
#define VIRTIO_MMIO_MIN_SIZE	0x100

/* Parses and validates the tree in [fdt, fdt + buf_size). Returns 0, or
 * a negative error with a one-line reason in err. Never reads outside the
 * buffer, whatever the blob holds. */
int machine_parse(const void *fdt, size_t buf_size, struct machine *m,
		  char *err, size_t err_size);
const char *psci_conduit_name(enum psci_conduit c);
const char *module_source_name(enum module_source from);

#endif

/* The machine armhv booted on (main.c). */
const struct machine *machine_get(void);
/* The module of m named name, or NULL. */
const struct machine_module *machine_module(const struct machine *m, const char *name);
