/*
 * The boot CPU's first C code, with the MMU off (built with -mstrict-align):
 * reads the device tree into `plat`, builds the identity map and turns the
 * MMU on. Everything it writes is in the image, which it invalidates from
 * the caches before the MMU goes on, so no stale line hides what was
 * written to memory with the MMU off.
 */
#include "guest.h"

struct platform plat;
uint64_t boot_args[4];

static void early_puts(const char *s)
{
	for (; *s; s++) {
		while (mmio_read32(UART_BASE + 0x18) & (1U << 5))
			;
		if (*s == '\n')
			mmio_write32(UART_BASE, '\r');
		mmio_write32(UART_BASE, (uint8_t)*s);
	}
}

void early_fail(const char *why)
{
	early_puts("GUEST-TEST ");
	early_puts(guest_name);
	early_puts(": FAIL early boot: ");
	early_puts(why);
	early_puts("\n");
	psci_system_off();
}

static void read_memory(const void *fdt)
{
	int root = fdt_root(fdt);

	for (int n = fdt_first_child(fdt, root); n >= 0; n = fdt_next_sibling(fdt, n)) {
		uint64_t base, size;
		if (!fdt_prop_has(fdt, n, "device_type", "memory"))
			continue;
		for (int i = 0; fdt_reg(fdt, root, n, i, &base, &size); i++) {
			if (plat.nmem == MAX_MEM_REGIONS || !size)
				continue;
			plat.mem[plat.nmem].base = base;
			plat.mem[plat.nmem].size = size;
			plat.nmem++;
			if (base <= (uintptr_t)_start && (uintptr_t)_end <= base + size)
				plat.ram_end = base + size;
		}
	}
	if (!plat.nmem)
		early_fail("no memory node in the device tree");
	if (!plat.ram_end)
		early_fail("the image is not inside the device tree's memory");
}

static void read_cpus(const void *fdt)
{
	int cpus = fdt_path(fdt, "/cpus");
	uint64_t me = this_mpidr();

	plat.ncpus = 1;
	plat.mpidr[0] = me;
	for (int n = fdt_first_child(fdt, cpus); n >= 0; n = fdt_next_sibling(fdt, n)) {
		uint64_t mpidr, size;
		if (!fdt_prop_has(fdt, n, "device_type", "cpu") || !fdt_reg(fdt, cpus, n, 0, &mpidr, &size))
			continue;
		plat.dt_cpus++;
		if (mpidr == me) {
			plat.boot_listed = 1;
			continue;
		}
		if (plat.ncpus < MAX_CPUS)
			plat.mpidr[plat.ncpus++] = mpidr;
	}
}

static void read_psci(const void *fdt)
{
	int psci = fdt_path(fdt, "/psci");
	plat.psci_smc = fdt_prop_has(fdt, psci, "method", "smc");
}

static void invalidate_dcache(uintptr_t start, uintptr_t end)
{
	uint64_t line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	dsb(sy);
	for (uintptr_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

void early_setup(uint64_t dtb)
{
	const void *fdt = (const void *)(uintptr_t)dtb;

	if (!fdt_valid(fdt))
		early_fail("x0 does not point to a device tree");
	plat.fdt = fdt;
	read_psci(fdt);
	read_memory(fdt);
	read_cpus(fdt);
	mmu_build();
	invalidate_dcache((uintptr_t)_start, (uintptr_t)_end);
	mmu_turn_on(&mmu_cfg);
}
