/* The runtime stage's entry: first boot on CPU 0, and every other CPU
 * (secondaries, and CPUs coming back after CPU_OFF) joining. */
#include <armhv/boot_params.h>
#include <armhv/cache.h>
#include <armhv/console.h>
#include <armhv/cpu.h>
#include <armhv/crash.h>
#include <armhv/panic.h>
#include <armhv/early.h>
#include <armhv/gic.h>
#include <armhv/hotplug.h>
#include <armhv/kexec.h>
#include <armhv/lifecycle.h>
#include <armhv/next_dtb.h>
#include <armhv/log.h>
#include <armhv/machine.h>
#include <armhv/memory.h>
#include <armhv/mmu.h>
#include <armhv/pl011.h>
#include <armhv/sysreg.h>
#include <armhv/version.h>
#include <stdio.h>

static struct machine machine;
static volatile bool first_boot_done;

const struct machine *machine_get(void)
{
	return &machine;
}

static void __noreturn cannot_run(const char *why)
{
	con_printf("armhv: cannot run: %s\n", why);
	for (;;)
		wfi();
}

/* The UART is mapped in both tables at the same VA so that the init
 * vectors can report with it; the stub uses its PA. */
static vaddr_t console_setup(void)
{
	vaddr_t va = mmio_map(machine.uart.base, 0x1000, true);

	if (!va)
		return 0;
	pl011_init(va);
	con_set_uart(va);
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
		cpus[i].index = i;
		cpus[i].state = CPU_OFF;
	}
	return 0;
}

static bool inside_ram(paddr_t base, uint64_t size)
{
	for (unsigned i = 0; i < machine.mem_count; i++)
		if (base >= machine.mem[i].base &&
		    base + size <= machine.mem[i].base + machine.mem[i].size)
			return true;
	return false;
}

static bool overlaps(paddr_t a, uint64_t a_size, paddr_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
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
			log_printf("module %s at PA 0x%llx (0x%llx bytes) ignored: %s", mod->name,
				   (unsigned long long)mod->pa, (unsigned long long)mod->size, why);
			continue;
		}
		machine.modules[kept++] = *mod;
	}
	machine.module_count = kept;
}

static void __noreturn boot_main(void)
{
	const void *fdt = early_dtb();
	char err[160];
	int ret;

	ret = machine_parse(fdt, early_dtb_mapped_bytes(), &machine, err, sizeof(err));
	if (machine.uart.base && !console_setup())
		ret = ret ? ret : -ENOMEM;
	if (!con_ready())
		for (;;)
			wfi();	/* no UART: nothing to say it with */
	con_printf("\narmhv version %s (built %s)\n", armhv_version, armhv_build_date);
	log_printf("entered at EL2, image at PA 0x%llx (%llu KiB), device tree at PA 0x%llx",
		   (unsigned long long)early_info.image_pa,
		   (unsigned long long)early_info.image_size / 1024,
		   (unsigned long long)early_info.dtb_pa);
	if (ret)
		cannot_run(err);
	armhv_generation = dtb_generation(fdt);
	if (armhv_generation)
		log_printf("entered by kexec from armhv, generation %u", armhv_generation);
	if (machine.psci != PSCI_SMC)
		cannot_run("PSCI must use SMC when armhv runs at EL2 (the device tree says hvc)");
	if (number_cpus())
		cannot_run("the boot CPU's MPIDR is not in the device tree's /cpus");
	if (machine.cpus_ignored)
		log_printf("%u CPUs ignored (armhv supports %d, PSCI enable-method only)",
			   machine.cpus_ignored, NR_CPUS);
	for (unsigned i = 0; i < MIN(machine.modules_ignored_count, MACHINE_MAX_IGNORED); i++) {
		const struct machine_module_ignored *g = &machine.modules_ignored[i];

		log_printf("module %s at PA 0x%llx (0x%llx bytes) ignored: %s", g->mod.name,
			   (unsigned long long)g->mod.pa, (unsigned long long)g->mod.size, g->why);
	}
	if (machine.modules_ignored_count > MACHINE_MAX_IGNORED)
		log_printf("%u more modules ignored", machine.modules_ignored_count - MACHINE_MAX_IGNORED);
	if (machine.bootargs_cut)
		log_printf("bootargs longer than %zu characters: only the words that fit are read",
			   sizeof(machine.bootargs) - 1);
	drop_bad_modules();
	ret = memory_init(&machine);
	if (ret) {
		snprintf(err, sizeof(err), "memory set-up failed (%d)", ret);
		cannot_run(err);
	}
	crash_reserve(machine.bootargs);
	ret = gic_init(&machine);
	if (!ret)
		ret = gic_cpu_init(0, cpus[0].mpidr);
	if (ret) {
		snprintf(err, sizeof(err), "GICv3 set-up failed (%d)", ret);
		cannot_run(err);
	}
	{
		uint64_t ram = 0;

		for (unsigned i = 0; i < machine.mem_count; i++)
			ram += machine.mem[i].size;
		log_printf("%u CPUs, PSCI via %s, GICv3 with %u ITS, %llu MiB RAM in %u ranges, %u modules",
			   cpu_count, psci_conduit_name(machine.psci), machine.its_count,
			   (unsigned long long)(ram >> 20), machine.mem_count, machine.module_count);
	}
	cpus[0].state = CPU_ONLINE;
	console_owner = 0;
	cpus_start_secondaries();
	console_init(con_ready() ? boot_params.uart_va : 0,
		     machine.uart_spi < 988 ? machine.uart_spi + 32 : 1023);
	first_boot_done = true;
	log_printf("ready: %u of %u CPUs at runtime", cpus_online_count(), cpu_count);
	/* The counter starts at 0 at reset: its value here is the boot time
	 * (bench/boot reads it; under QEMU -icount shift=0 a tick of the
	 * 62.5 MHz counter is 16 instructions). */
	log_printf("boot took %llu counter ticks at %llu Hz",
		   (unsigned long long)read_sysreg(cntpct_el0),
		   (unsigned long long)read_sysreg(cntfrq_el0));
	console_prompt();
	cpu_idle_loop();
}

static void __noreturn cpu_join(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	int ret = gic_cpu_init(cpu, c->mpidr);

	if (ret) {
		log_printf("cannot use this CPU: no GIC redistributor (%d)", ret);
		cpu_park_dead(NULL);
	}
	crash_check(NULL);
	if (boot_params.cpu[cpu].fault_stage == STAGE_RUNTIME)
		panic("selftest: panic on cpu%u while it comes online", cpu);
	/* The request that sent this CPU off never returned: clear it. */
	c->request_fn = NULL;
	c->leave_requested = false;
	/* Say so before the waiting CPU sees us online and prints its prompt. */
	log_printf("online at the runtime stage (mpidr 0x%llx)", (unsigned long long)c->mpidr);
	__atomic_store_n(&c->state, CPU_ONLINE, __ATOMIC_RELEASE);
	cpu_idle_loop();
}

void runtime_entry(unsigned cpu)
{
	if (cpu == 0 && !first_boot_done)
		boot_main();
	cpu_join(cpu);
}
