/* The runtime stage's entry: first boot on CPU 0, and every other CPU
 * (secondaries, and CPUs coming back after CPU_OFF) joining. */
#include <mgmt/console.h>
#include <exc/panic.h>
#include <vm/vm.h>
#include <handover/crash.h>
#include <handover/kexec.h>
#include <lifecycle/hotplug.h>
#include <lifecycle/lifecycle.h>
#include <lifecycle/virt.h>
#include <boot/early.h>
#include <boot/stages.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <drivers/gic.h>
#include <drivers/pl011.h>
#include <drivers/virtio_blk.h>
#include <mm/memory.h>
#include <mm/mmu.h>
#include <dt/machine.h>
#include <dt/cpio.h>
#include <dt/next_dtb.h>
#include <lib/log.h>
#include <lib/bootargs.h>
#include <lib/version.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <stdio.h>
#include <string.h>

/* selftest late: how long a late CPU waits for its starter to give up. */
#define SELFTEST_LATE_MAX_MS	30000

static struct machine machine;
static volatile bool first_boot_done;

const struct machine *machine_get(void)
{
	return &machine;
}

/* A CPU waiting for the disk stops for a crash dump as any waiter does. */
static void disk_poll(void)
{
	cpu_stop_check(NULL);
}

static void __noreturn cannot_run(const char *why)
{
	con_printf("armhv: cannot run: %s\n", why);
	for (;;)
		wfi();
}

/* The UART is mapped in both tables at the same VA so that the init
 * vectors can report with it; the stub uses its PA. Not in the boot
 * table when its identity map collides with the runtime layout: armhv
 * then only says why it stops. */
static vaddr_t console_setup(void)
{
	vaddr_t va = mmio_map(machine.uart.base, 0x1000, !early_info.layout_ret);

	if (!va_addr(va))
		return va;
	pl011_init(va);
	pl011_set_console(va);
	con_set_output(pl011_console_putc);
	boot_params.uart_va = va;
	boot_params.uart_pa = machine.uart.base;
	dcache_clean_inval_poc(&boot_params, sizeof(boot_params));
	return va;
}

/* Logical CPU 0 is the boot CPU; the others follow in device-tree order. */
static int number_cpus(void)
{
	uint64_t me = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned n = 1;
	bool found = false;

	for (unsigned i = 0; i < machine.cpu_count; i++) {
		if (machine.cpu_mpidr[i] == me) {
			found = true;
			continue;
		}
		if (n == NR_CPUS)
			break;
		cpus[n].mpidr = machine.cpu_mpidr[i];
		n++;
	}
	if (!found)
		return -ENOENT;
	cpus[0].mpidr = me;
	cpu_count = n;
	for (unsigned i = 0; i < n; i++) {
		cpus[i].wake_sgi1r = gic_sgi1r_for(cpus[i].mpidr, SGI_WAKE);
		cpus[i].nudge_sgi1r = gic_sgi1r_for(cpus[i].mpidr, SGI_NUDGE);
	}
	return 0;
}

static bool inside_ram(paddr_t base, uint64_t size)
{
	for (unsigned i = 0; i < machine.mem_count; i++)
		if (pa_le(machine.mem[i].base, base) &&
		    pa_le(pa_add(base, size), pa_add(machine.mem[i].base, machine.mem[i].size)))
			return true;
	return false;
}

static bool overlaps(paddr_t a, uint64_t a_size, paddr_t b, uint64_t b_size)
{
	return pa_lt(a, pa_add(b, b_size)) && pa_lt(b, pa_add(a, a_size));
}

/* A module armhv cannot read safely (outside RAM, or on top of armhv or
 * of the device tree) is dropped, with a reason, before anyone uses it. */
static void drop_bad_modules(void)
{
	unsigned kept = 0;

	for (unsigned i = 0; i < machine.module_count; i++) {
		const struct machine_module *mod = &machine.modules[i];
		const char *why = NULL;

		if (!inside_ram(mod->pa, mod->size))
			why = "not inside one RAM range";
		else if (overlaps(mod->pa, mod->size, early_info.image_pa, early_info.image_size))
			why = "overlaps armhv's image";
		else if (overlaps(mod->pa, mod->size, early_info.dtb_pa, early_info.dtb_mapped_size))
			why = "overlaps the device tree";
		if (why) {
			log_warn("module %s at PA 0x%llx (0x%llx bytes) ignored: %s", mod->name,
				   (unsigned long long)pa_addr(mod->pa), (unsigned long long)mod->size, why);
			continue;
		}
		machine.modules[kept++] = *mod;
	}
	machine.module_count = kept;
	if (machine.initrd_why)
		log_warn("initrd ignored: %s", machine.initrd_why);
	if (machine.initrd.size) {
		const char *why = NULL;

		if (!inside_ram(machine.initrd.base, machine.initrd.size))
			why = "not inside one RAM range";
		else if (overlaps(machine.initrd.base, machine.initrd.size,
				  early_info.image_pa, early_info.image_size))
			why = "overlaps armhv's image";
		else if (overlaps(machine.initrd.base, machine.initrd.size,
				  early_info.dtb_pa, early_info.dtb_mapped_size))
			why = "overlaps the device tree";
		for (unsigned i = 0; i < machine.module_count && !why; i++)
			if (overlaps(machine.initrd.base, machine.initrd.size,
				     machine.modules[i].pa, machine.modules[i].size))
				why = "overlaps a device-tree module";
		if (why) {
			log_warn("initrd at PA 0x%llx (0x%llx bytes) ignored: %s",
				 (unsigned long long)pa_addr(machine.initrd.base),
				 (unsigned long long)machine.initrd.size, why);
			machine.initrd.size = 0;
		}
	}
}

/* The modules of the initrd's cpio archive (docs/boot-protocol.md), once
 * RAM is in the linear map; the device tree's come first. A bad archive
 * adds none and never stops the boot. */
static void initrd_modules(void)
{
	unsigned before = machine.modules_ignored_count;
	char err[200];
	int n;

	if (!machine.initrd.size)
		return;
	n = cpio_add_modules(&machine, phys_to_virt(machine.initrd.base),
			     (size_t)machine.initrd.size, machine.initrd.base, err, sizeof(err));
	if (n < 0) {
		log_err("initrd at PA 0x%llx (0x%llx bytes): no modules from it: %s",
			(unsigned long long)pa_addr(machine.initrd.base),
			(unsigned long long)machine.initrd.size, err);
		return;
	}
	log_info("initrd at PA 0x%llx (0x%llx bytes): %d modules from its cpio archive",
		 (unsigned long long)pa_addr(machine.initrd.base),
		 (unsigned long long)machine.initrd.size, n);
	for (unsigned i = before; i < MIN(machine.modules_ignored_count, MACHINE_MAX_IGNORED); i++) {
		const struct machine_module_ignored *g = &machine.modules_ignored[i];

		log_warn("initrd file %s at PA 0x%llx (0x%llx bytes) ignored: %s", g->mod.name,
			 (unsigned long long)pa_addr(g->mod.pa), (unsigned long long)g->mod.size, g->why);
	}
	if (machine.modules_ignored_count > MACHINE_MAX_IGNORED &&
	    before < machine.modules_ignored_count)
		log_warn("%u more initrd files ignored",
			 machine.modules_ignored_count - MAX(before, MACHINE_MAX_IGNORED));
}

/* armhv.loglevel=err|warn|info|debug (or 0-3) in armhv's bootargs. */
static void boot_log_level(void)
{
	const char *val;
	size_t len;
	char word[8];
	int level;

	if (!bootargs_find(machine.bootargs, strlen(machine.bootargs), "armhv.loglevel", &val, &len))
		return;
	snprintf(word, sizeof(word), "%.*s", (int)len, val);
	level = len < sizeof(word) ? log_level_parse(word) : -1;
	if (level < 0)
		log_warn("armhv.loglevel=%.*s: not err, warn, info, debug or 0-3; keeping %s",
			 (int)len, val, log_level_name(log_get_level()));
	else
		log_set_level((enum log_level)level);
}

/* early_setup() found the trampoline's identity map on a runtime region
 * (but not on the trampoline alias nor outside the VA space: the boot CPU
 * parks then, without a console). */
static void __noreturn layout_refuse(void)
{
	uint64_t idmap_size = (uint64_t)(__idmap_end - __idmap_start), size;
	char why[200];
	vaddr_t va;

	va_region_range(early_info.layout_hit, &va, &size);
	snprintf(why, sizeof(why), "the trampoline's identity map (PA 0x%llx, 0x%llx bytes) "
		 "collides with the runtime %s (VA 0x%llx-0x%llx)",
		 (unsigned long long)pa_addr(boot_params.idmap_pa), (unsigned long long)idmap_size,
		 va_region_name(early_info.layout_hit), (unsigned long long)va_addr(va),
		 (unsigned long long)(va_addr(va) + size - 1));
	cannot_run(why);
}

static void __noreturn boot_main(void)
{
	const void *fdt = early_dtb();
	char err[160];
	int ret;

	mmu_init(boot_params.runtime_ttbr, boot_params.boot_ttbr, early_info.image_pa,
		 early_info.image_size, pt_pool_alloc);
	ret = machine_parse(fdt, early_dtb_mapped_bytes(), &machine, err, sizeof(err));
	if (pa_addr(machine.uart.base) && !va_addr(console_setup()))
		ret = ret ? ret : -ENOMEM;
	if (!con_ready())
		for (;;)
			wfi();	/* no UART: nothing to say it with */
	con_printf("\narmhv version %s (built %s)\n", armhv_version, armhv_build_date);
	log_info("entered at EL2, image at PA 0x%llx (%llu KiB), device tree at PA 0x%llx",
		   (unsigned long long)pa_addr(early_info.image_pa),
		   (unsigned long long)early_info.image_size / 1024,
		   (unsigned long long)pa_addr(early_info.dtb_pa));
	if (early_info.layout_ret)
		layout_refuse();
	if (ret)
		cannot_run(err);
	armhv_generation = dtb_generation(fdt);
	if (armhv_generation)
		log_info("entered by kexec from armhv, generation %u", armhv_generation);
	if (machine.psci != PSCI_SMC)
		cannot_run("PSCI must use SMC when armhv runs at EL2 (the device tree says hvc)");
	if (number_cpus())
		cannot_run("the boot CPU's MPIDR is not in the device tree's /cpus");
	if (machine.cpus_ignored)
		log_warn("%u CPUs ignored (armhv supports %d, PSCI enable-method only)",
			   machine.cpus_ignored, NR_CPUS);
	for (unsigned i = 0; i < MIN(machine.modules_ignored_count, MACHINE_MAX_IGNORED); i++) {
		const struct machine_module_ignored *g = &machine.modules_ignored[i];

		log_info("module %s at PA 0x%llx (0x%llx bytes) ignored: %s", g->mod.name,
			   (unsigned long long)pa_addr(g->mod.pa), (unsigned long long)g->mod.size, g->why);
	}
	if (machine.modules_ignored_count > MACHINE_MAX_IGNORED)
		log_info("%u more modules ignored", machine.modules_ignored_count - MACHINE_MAX_IGNORED);
	if (machine.bootargs_cut)
		log_info("bootargs longer than %zu characters: only the words that fit are read",
			   sizeof(machine.bootargs) - 1);
	drop_bad_modules();
	ret = memory_init(&machine, early_info.image_pa, early_info.image_size,
			  early_info.dtb_pa, early_info.dtb_mapped_size);
	if (ret) {
		snprintf(err, sizeof(err), "memory set-up failed (%d)", ret);
		cannot_run(err);
	}
	boot_log_level();
	initrd_modules();
	crash_reserve(machine.bootargs);
	ret = gic_init(&machine);
	if (!ret)
		ret = gic_cpu_init(cpus[0].mpidr, &cpus[0].gicr_va);
	if (ret) {
		snprintf(err, sizeof(err), "GICv3 set-up failed (%d)", ret);
		cannot_run(err);
	}
	{
		uint64_t ram = 0;

		for (unsigned i = 0; i < machine.mem_count; i++)
			ram += machine.mem[i].size;
		log_info("%u CPUs, PSCI via %s, GICv3 with %u ITS, %llu MiB RAM in %u ranges, %u modules",
			   cpu_count, psci_conduit_name(machine.psci), machine.its_count,
			   (unsigned long long)(ram >> 20), machine.mem_count, machine.module_count);
	}
	cpu_set_leave_fn(cpu_leave_and_off);
	vblk_set_poll_hook(disk_poll);
	cpu_set_state(&cpus[0], CPU_ONLINE);
	/* The console's idle work first: input already read is handled
	 * before the CPU goes back to a vCPU, which may run until the next
	 * interrupt, however long that takes. */
	console_init(con_ready() ? boot_params.uart_va : va_init(0),
		     machine.uart_spi < INTID_SPI_END - INTID_SPI_BASE ?
		     machine.uart_spi + INTID_SPI_BASE : INTID_SPURIOUS);
	vm_init();
	cpus_start_secondaries();
	first_boot_done = true;
	log_info("ready: %u of %u CPUs at runtime", cpus_online_count(), cpu_count);
	/* The counter starts at 0 at reset: its value here is the boot time
	 * (bench/boot reads it; under QEMU -icount shift=0 a tick of the
	 * 62.5 MHz counter is 16 instructions). */
	log_info("boot took %llu counter ticks at %llu Hz",
		   (unsigned long long)read_sysreg(cntpct_el0),
		   (unsigned long long)read_sysreg(cntfrq_el0));
	/* VMs named by the boot module vms, now that every CPU can run them
	 * and the console can show their output. */
	vm_boot_start();
	console_prompt();
	cpu_idle_loop();
}

static void __noreturn cpu_join(unsigned cpu)
{
	struct cpu *c = cpu_self();
	int ret = gic_cpu_init(c->mpidr, &c->gicr_va);

	if (ret) {
		log_err("cannot use this CPU: no GIC redistributor (%d)", ret);
		cpu_park_dead(NULL);
	}
	cpu_stop_check(NULL);
	if (c->boot->fault_stage == STAGE_RUNTIME)
		panic("selftest: panic on cpu%u while it comes online", cpu);
	if (c->boot->fault_stage == SELFTEST_LATE_ONLINE) {
		uint64_t t0 = time_ms();

		/* Slower than the starter's patience (bounded all the same). */
		while (cpu_state(c) == CPU_STARTING && time_ms() - t0 < SELFTEST_LATE_MAX_MS)
			cpu_relax();
	}
	virt_cpu_join();	/* says why, if it cannot run vCPUs */
	/* Say so before the waiting CPU sees us online and prints its prompt. */
	log_info("online at the runtime stage (mpidr 0x%llx)", (unsigned long long)c->mpidr);
	if (!cpu_state_change(c, CPU_STARTING, CPU_ONLINE)) {
		log_warn("came up after its starter gave up on it: parked as dead");
		/* selftest late: tells the waiting command it got this far. */
		__atomic_store_n(&c->boot->fault_stage, 0, __ATOMIC_RELEASE);
		cpu_park_dead(NULL);
	}
	cpu_idle_loop();
}

void runtime_entry(unsigned cpu)
{
	if (cpu == 0 && !first_boot_done) {
		con_set_cpu_index(this_cpu);
		boot_main();
	}
	cpu_join(cpu);
}
