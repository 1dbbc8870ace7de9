/*
 * hello: the platform is what the library assumes. Entered at EL1 at
 * 0x40080000 with x0 = a device tree (x1-x3 zero) that describes QEMU's
 * virt machine (RAM, PSCI over HVC, PL011, GICv3, timer PPIs); PSCI is 1.0
 * or later and supports every call the library makes; the MMU is on with
 * caches, so unaligned accesses to RAM work; printf formats as expected.
 */
#include "guest.h"

GUEST_NAME("hello");

static void check_format(void)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%d %u %x %#lx %5s|%-4d|%03u %c %%", -42, 42U, 0xbeefU,
		 0x40080000UL, "ab", 7, 5U, 'z');
	CHECK_MSG(strcmp(buf, "-42 42 beef 0x40080000    ab|7   |005 z %") == 0, "got \"%s\"", buf);
	snprintf(buf, sizeof(buf), "%ld %lx %.3s %p", -9223372036854775807L - 1, ~0UL, "abcdef",
		 (void *)0x1000);
	CHECK_MSG(strcmp(buf, "-9223372036854775808 ffffffffffffffff abc 0x1000") == 0, "got \"%s\"", buf);
	CHECK_EQ(snprintf(buf, 4, "%s", "truncated"), 9);
	CHECK(strcmp(buf, "tru") == 0);
}

/* A node with the compatible string whose first reg entry is at base. */
static void check_node(const char *compat, uint64_t base)
{
	const void *fdt = plat.fdt;
	int node = fdt_find_compatible(fdt, -1, compat);
	uint64_t b = 0, size = 0;

	CHECK_MSG(node >= 0, "no %s node in the device tree", compat);
	CHECK_MSG(fdt_reg(fdt, fdt_root(fdt), node, 0, &b, &size), "%s: no reg", compat);
	CHECK_MSG(b == base, "%s at 0x%lx, expected 0x%lx", compat, b, base);
}

static void check_device_tree(void)
{
	const void *fdt = plat.fdt;
	int psci, gic, timer, len;
	uint64_t b, s;
	const uint8_t *irqs;

	CHECK(fdt_valid((const void *)boot_args[0]));
	CHECK_EQ(boot_args[1], 0);
	CHECK_EQ(boot_args[2], 0);
	CHECK_EQ(boot_args[3], 0);

	CHECK(plat.nmem >= 1);
	CHECK_EQ(plat.mem[0].base, RAM_BASE);
	CHECK((uintptr_t)_end <= plat.ram_end);
	CHECK(plat.boot_listed);
	CHECK(plat.dt_cpus >= 1);

	psci = fdt_path(fdt, "/psci");
	CHECK(psci >= 0);
	CHECK(fdt_prop_has(fdt, psci, "compatible", "arm,psci-1.0"));
	CHECK(fdt_prop_has(fdt, psci, "method", "hvc"));

	check_node("arm,pl011", UART_BASE);
	check_node("arm,gic-v3", GICD_BASE);
	gic = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	CHECK(fdt_reg(fdt, fdt_root(fdt), gic, 1, &b, &s));
	CHECK_EQ(b, GICR_BASE);
	CHECK(s >= 0x20000UL * plat.dt_cpus);

	/* interrupts = <PPI 13 f>, <PPI 14 f>, <PPI 11 f>, <PPI 10 f>: secure
	 * physical, EL1 physical, virtual, hypervisor. */
	timer = fdt_find_compatible(fdt, -1, "arm,armv8-timer");
	CHECK(timer >= 0);
	irqs = fdt_prop(fdt, timer, "interrupts", &len);
	CHECK(irqs && len >= 36);
	CHECK_EQ(fdt_be32(irqs + 12), 1);			/* PPI */
	CHECK_EQ(fdt_be32(irqs + 16) + 16, INTID_PTIMER);
	CHECK_EQ(fdt_be32(irqs + 24), 1);
	CHECK_EQ(fdt_be32(irqs + 28) + 16, INTID_VTIMER);
}

static const uint32_t used_calls[] = {
	PSCI_VERSION, PSCI_FEATURES, PSCI_CPU_ON_64, PSCI_CPU_OFF, PSCI_AFFINITY_INFO_64,
	PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
};

static void check_psci(void)
{
	uint32_t v = psci_version();

	printf("hello: PSCI %u.%u\n", v >> 16, v & 0xffff);
	CHECK_MSG(v >= 0x10000 && !(v & 0x80000000U), "PSCI_VERSION = 0x%x", v);
	for (unsigned int i = 0; i < ARRAY_SIZE(used_calls); i++) {
		int32_t r = psci_features(used_calls[i]);
		CHECK_MSG(r >= 0, "PSCI_FEATURES(0x%x) = %d (%s)", used_calls[i], r, psci_strerror(r));
	}
	/* A function ID PSCI does not define. */
	CHECK_EQ(psci_features(0x8400001f), PSCI_NOT_SUPPORTED);
}

static void check_memory(void)
{
	static uint8_t buf[32] __attribute__((aligned(16)));
	uint64_t sctlr = read_sysreg(sctlr_el1);

	CHECK_MSG((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) == (SCTLR_M | SCTLR_C | SCTLR_I),
		  "SCTLR_EL1 = 0x%lx", sctlr);
	CHECK(!(sctlr & SCTLR_A));
	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0x10 + i);
	CHECK_EQ(*(volatile uint32_t *)(buf + 1), 0x14131211);
	CHECK_EQ(*(volatile uint64_t *)(buf + 7), 0x1e1d1c1b1a191817UL);
	*(volatile uint64_t *)(buf + 13) = 0x0102030405060708UL;
	CHECK_EQ(buf[13], 0x08);
	CHECK_EQ(buf[20], 0x01);
}

void guest_main(void)
{
	printf("hello: hello from cpu%u (MPIDR 0x%lx) at EL%u, image at %p, device tree at %p\n",
	       cpu_index(), this_mpidr(), current_el(), (void *)_start, plat.fdt);
	CHECK_EQ(current_el(), 1);
	CHECK_EQ((uintptr_t)_start, IMAGE_BASE);
	check_format();
	check_device_tree();
	check_psci();
	check_memory();
	printf("hello: %u CPU(s) in the device tree, RAM 0x%lx-0x%lx\n", plat.dt_cpus,
	       plat.mem[0].base, plat.mem[0].base + plat.mem[0].size);
}
