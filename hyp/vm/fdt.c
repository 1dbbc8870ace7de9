/* The device tree a guest gets, written with libfdt: the nodes QEMU's
 * `-M virt,gic-version=3` gives its guests, at the same addresses, so a
 * program written for that machine finds what it expects. */
#include <vm/fdt.h>
#include <vm/vm.h>
#include <vgic/lpi.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#define PHANDLE_GIC	1
#define PHANDLE_CLK	2
#define PHANDLE_ITS	3

/* GIC interrupt specifiers: type, number, flags. */
#define IRQ_TYPE_SPI	0
#define IRQ_TYPE_PPI	1
#define IRQ_EDGE_RISING	1
#define IRQ_LEVEL_HIGH	4

/* The architected timer's PPIs, as QEMU numbers them: secure EL1
 * physical 13, EL1 physical 14, virtual 11, EL2 physical 10. */
static const uint32_t timer_ppis[4] = { 13, 14, 11, 10 };
#define GIC_MAINT_PPI	9

/* libfdt's fdt_property_string() passes strlen() + 1 as an int
 * unchecked: these strings are armhv's own or bounded by VM_CMDLINE_MAX. */
static int prop_str(void *fdt, const char *name, const char *str)
{
	size_t len = strlen(str) + 1;

	if (len > VM_CMDLINE_MAX)
		return -FDT_ERR_BADVALUE;
	return fdt_property(fdt, name, str, (int)len);
}

static int prop_cells(void *fdt, const char *name, const uint32_t *v, unsigned n)
{
	fdt32_t buf[16];

	for (unsigned i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, buf, (int)(n * sizeof(fdt32_t)));
}

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	uint32_t r[4] = { (uint32_t)(base >> 32), (uint32_t)base,
			  (uint32_t)(size >> 32), (uint32_t)size };

	return prop_cells(fdt, "reg", r, 4);
}

static int node_cpus(void *fdt, const struct vm *vm)
{
	char name[16];
	int err = 0;

	err |= fdt_begin_node(fdt, "cpus");
	err |= fdt_property_u32(fdt, "#address-cells", 1);
	err |= fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned i = 0; i < vm->cfg.vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		err |= fdt_begin_node(fdt, name);
		err |= prop_str(fdt, "device_type", "cpu");
		err |= prop_str(fdt, "compatible", "arm,armv8");
		err |= fdt_property_u32(fdt, "reg", i);
		err |= prop_str(fdt, "enable-method", "psci");
		err |= fdt_end_node(fdt);
	}
	return err | fdt_end_node(fdt);
}

static int node_gic(void *fdt, const struct vm *vm)
{
	uint32_t reg[8] = { 0, (uint32_t)GUEST_GICD_BASE, 0, (uint32_t)GUEST_GICD_SIZE,
			    0, (uint32_t)GUEST_GICR_BASE, 0,
			    (uint32_t)(GUEST_GICR_STRIDE * vm->cfg.vcpus) };
	uint32_t maint[3] = { IRQ_TYPE_PPI, GIC_MAINT_PPI, IRQ_LEVEL_HIGH };
	int err = 0;

	err |= fdt_begin_node(fdt, "intc@8000000");
	err |= prop_str(fdt, "compatible", "arm,gic-v3");
	err |= fdt_property_u32(fdt, "#interrupt-cells", 3);
	err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	err |= fdt_property_u32(fdt, "#address-cells", 2);
	err |= fdt_property_u32(fdt, "#size-cells", 2);
	err |= fdt_property(fdt, "ranges", NULL, 0);
	err |= prop_cells(fdt, "reg", reg, 8);
	err |= prop_cells(fdt, "interrupts", maint, 3);
	err |= fdt_property_u32(fdt, "phandle", PHANDLE_GIC);
	/* The ITS, a child of the GIC as on QEMU's virt: found the same way. */
	err |= fdt_begin_node(fdt, "its@8080000");
	err |= prop_str(fdt, "compatible", "arm,gic-v3-its");
	err |= fdt_property(fdt, "msi-controller", NULL, 0);
	err |= fdt_property_u32(fdt, "#msi-cells", 1);
	err |= prop_reg(fdt, GUEST_ITS_BASE, ITS_FRAME_SIZE);
	err |= fdt_property_u32(fdt, "phandle", PHANDLE_ITS);
	err |= fdt_end_node(fdt);
	return err | fdt_end_node(fdt);
}

static int node_timer(void *fdt)
{
	uint32_t irqs[12];
	int err = 0;

	for (unsigned i = 0; i < 4; i++) {
		irqs[3 * i] = IRQ_TYPE_PPI;
		irqs[3 * i + 1] = timer_ppis[i];
		irqs[3 * i + 2] = IRQ_LEVEL_HIGH;
	}
	err |= fdt_begin_node(fdt, "timer");
	err |= prop_str(fdt, "compatible", "arm,armv8-timer");
	err |= prop_cells(fdt, "interrupts", irqs, 12);
	err |= fdt_property(fdt, "always-on", NULL, 0);
	return err | fdt_end_node(fdt);
}

static int node_uart(void *fdt)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint32_t irq[3] = { IRQ_TYPE_SPI, GUEST_UART_SPI, IRQ_LEVEL_HIGH };
	uint32_t clocks[2] = { PHANDLE_CLK, PHANDLE_CLK };
	int err = 0;

	err |= fdt_begin_node(fdt, "apb-pclk");
	err |= prop_str(fdt, "compatible", "fixed-clock");
	err |= fdt_property_u32(fdt, "#clock-cells", 0);
	err |= fdt_property_u32(fdt, "clock-frequency", 24000000);
	err |= prop_str(fdt, "clock-output-names", "clk24mhz");
	err |= fdt_property_u32(fdt, "phandle", PHANDLE_CLK);
	err |= fdt_end_node(fdt);

	err |= fdt_begin_node(fdt, "pl011@9000000");
	err |= fdt_property(fdt, "compatible", compat, sizeof(compat));
	err |= prop_reg(fdt, GUEST_UART_BASE, GUEST_UART_SIZE);
	err |= prop_cells(fdt, "interrupts", irq, 3);
	err |= prop_cells(fdt, "clocks", clocks, 2);
	err |= fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names));
	return err | fdt_end_node(fdt);
}

static int node_virtio(void *fdt)
{
	char name[32];
	int err = 0;

	/* In reverse, as QEMU writes them, so a guest numbers them alike. */
	for (unsigned i = GUEST_VIRTIO_COUNT; i-- > 0;) {
		uint64_t base = GUEST_VIRTIO_BASE + i * GUEST_VIRTIO_STRIDE;
		uint32_t irq[3] = { IRQ_TYPE_SPI, GUEST_VIRTIO_SPI + i, IRQ_EDGE_RISING };

		snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)base);
		err |= fdt_begin_node(fdt, name);
		err |= prop_str(fdt, "compatible", "virtio,mmio");
		err |= prop_reg(fdt, base, GUEST_VIRTIO_STRIDE);
		err |= prop_cells(fdt, "interrupts", irq, 3);
		err |= fdt_property(fdt, "dma-coherent", NULL, 0);
		err |= fdt_end_node(fdt);
	}
	return err;
}

static int node_chosen(void *fdt, const struct vm *vm)
{
	int err = 0;

	err |= fdt_begin_node(fdt, "chosen");
	err |= prop_str(fdt, "stdout-path", "/pl011@9000000");
	if (vm->cfg.cmdline[0])
		err |= prop_str(fdt, "bootargs", vm->cfg.cmdline);
	if (vm->initrd_size) {
		err |= fdt_property_u64(fdt, "linux,initrd-start", ipa_addr(vm->initrd_ipa));
		err |= fdt_property_u64(fdt, "linux,initrd-end",
					ipa_addr(ipa_add(vm->initrd_ipa, vm->initrd_size)));
	}
	return err | fdt_end_node(fdt);
}

int vm_fdt_build(const struct vm *vm, void *buf, size_t size)
{
	static const char compat[] = "linux,dummy-virt";
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
	size_t strings, from;
	int err = 0;

	err |= fdt_create(buf, (int)size);
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_u32(buf, "#address-cells", 2);
	err |= fdt_property_u32(buf, "#size-cells", 2);
	err |= prop_str(buf, "model", "armhv virt");
	err |= fdt_property(buf, "compatible", compat, sizeof(compat));
	err |= fdt_property_u32(buf, "interrupt-parent", PHANDLE_GIC);

	err |= fdt_begin_node(buf, "psci");
	err |= fdt_property(buf, "compatible", psci_compat, sizeof(psci_compat));
	err |= prop_str(buf, "method", "hvc");
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "memory@40000000");
	err |= prop_str(buf, "device_type", "memory");
	err |= prop_reg(buf, GUEST_RAM_BASE, vm->cfg.mem_size);
	err |= fdt_end_node(buf);

	err |= node_cpus(buf, vm);
	err |= node_gic(buf, vm);
	err |= node_timer(buf);
	err |= node_uart(buf);
	err |= node_virtio(buf);
	err |= node_chosen(buf, vm);
	err |= fdt_end_node(buf);
	/* Built at the buffer's end, the strings are moved down by
	 * fdt_finish(): their old copy is cleared, so that the rest of buf
	 * is as it was (the guest's RAM holds the tree and nothing else). */
	strings = err ? 0 : fdt_size_dt_strings(buf);
	err |= fdt_finish(buf);
	if (err)
		return -ENOSPC;
	from = MAX(fdt_totalsize(buf), size - strings);
	memset((char *)buf + from, 0, size - from);
	return 0;
}
