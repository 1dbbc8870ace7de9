/* Management console commands. */
#include <mgmt/console.h>
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <boot/early.h>
#include <boot/stages.h>
#include <lifecycle/hotplug.h>
#include <handover/kexec.h>
#include <handover/crash.h>
#include <lifecycle/lifecycle.h>
#include <lib/log.h>
#include <dt/machine.h>
#include <mm/page_alloc.h>
#include <mm/mmu.h>
#include <exc/selftest.h>
#include <lib/version.h>
#include <stdio.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <string.h>

#define MAX_ARGS 16

struct command {
	const char *name;
	const char *args;
	const char *help;
	int min_args, max_args;
	void (*run)(int argc, char **argv);
};

static void cmd_help(int argc, char **argv);

static void cmd_version(int argc, char **argv)
{
	con_printf("armhv version %s (built %s)\n", armhv_version, armhv_build_date);
}

static void cmd_cpus(int argc, char **argv)
{
	for (unsigned i = 0; i < cpu_count; i++)
		con_printf("cpu%u mpidr=0x%llx state=%s stage=%s%s\n", i,
			   (unsigned long long)cpus[i].mpidr,
			   cpu_state_name(cpu_state(&cpus[i])),
			   cpu_stage_name(cpu_stage(i)),
			   console_owner == i ? " console" : "");
}

static void cmd_mem(int argc, char **argv)
{
	struct page_alloc_stats s;

	page_alloc_stats(&s);
	con_printf("mem: total=%llu KiB free=%llu KiB used=%llu KiB (free ranges %u; EL2 page tables: %u pages of armhv's own pool, tables=%llu KiB from the allocator)\n",
		   (unsigned long long)s.total_pages * 4, (unsigned long long)s.free_pages * 4,
		   (unsigned long long)s.used_pages * 4, s.free_ranges,
		   pt_pool_used_pages(), (unsigned long long)mmu_table_pages() * 4);
	/* The allocator keeps the three counters apart: they must agree. */
	if (s.used_pages + s.free_pages != s.total_pages)
		con_printf("mem: inconsistent: used + free = %llu KiB, total = %llu KiB\n",
			   (unsigned long long)(s.used_pages + s.free_pages) * 4,
			   (unsigned long long)s.total_pages * 4);
}

static void cmd_modules(int argc, char **argv)
{
	const struct machine *m = machine_get();

	if (!m->module_count)
		con_printf("no modules\n");
	for (unsigned i = 0; i < m->module_count; i++)
		con_printf("module %s addr=0x%llx size=0x%llx\n", m->modules[i].name,
			   (unsigned long long)pa_addr(m->modules[i].pa),
			   (unsigned long long)m->modules[i].size);
}

static void cmd_poweroff(int argc, char **argv)
{
	system_end(SYSTEM_END_POWEROFF);
}

static void cmd_reboot(int argc, char **argv)
{
	system_end(SYSTEM_END_REBOOT);
}

/* Parses a CPU index argument; prints the error itself. */
static bool parse_cpu(const char *arg, unsigned *cpu)
{
	uint64_t v;

	if (!parse_u64(arg, &v)) {
		con_printf("error: '%s' is not a CPU number\n", arg);
		return false;
	}
	if (v >= cpu_count) {
		con_printf("error: no cpu%s (CPUs are 0 to %u)\n", arg, cpu_count - 1);
		return false;
	}
	*cpu = (unsigned)v;
	return true;
}

static void cmd_cpu(int argc, char **argv)
{
	bool on = strcmp(argv[1], "on") == 0;
	unsigned cpu;
	int ret;

	if (!on && strcmp(argv[1], "off") != 0) {
		con_printf("error: usage: cpu on|off CPU\n");
		return;
	}
	if (!parse_cpu(argv[2], &cpu))
		return;
	if (on) {
		if (cpu_state(&cpus[cpu]) != CPU_OFF) {
			con_printf("error: cpu%u is %s, not off\n", cpu, cpu_state_name(cpu_state(&cpus[cpu])));
			return;
		}
		ret = cpu_power_on(cpu, 0);
		if (ret)
			con_printf("error: cpu%u did not come online (%d)\n", cpu, ret);
		return;
	}
	if (cpu_state(&cpus[cpu]) != CPU_ONLINE && cpu_state(&cpus[cpu]) != CPU_DEAD) {
		con_printf("error: cpu%u is %s\n", cpu, cpu_state_name(cpu_state(&cpus[cpu])));
		return;
	}
	if (cpu_state(&cpus[cpu]) == CPU_ONLINE && cpus_online_count() < 2) {
		con_printf("error: cpu%u is the last online CPU\n", cpu);
		return;
	}
	if (cpu == this_cpu()) {
		cpu_power_off_self();	/* returns only if refused */
		con_printf("error: cpu%u cannot go off now\n", cpu);
		return;
	}
	ret = cpu_request_off(cpu);
	if (ret == -EBUSY)
		con_printf("error: cpu%u is parked at stage %s and cannot leave\n", cpu,
			   cpu_stage_name(cpu_stage(cpu)));
	else if (ret)
		con_printf("error: cpu%u did not power off (%d)\n", cpu, ret);
}

static void selftest_panic(unsigned cpu, const char *where)
{
	if (strcmp(where, "bringup") == 0) {
		if (cpu_state(&cpus[cpu]) != CPU_OFF) {
			con_printf("error: cpu%u must be off to panic while it comes online\n", cpu);
			return;
		}
		cpu_power_on(cpu, STAGE_RUNTIME);
		return;
	}
	if (strcmp(where, "runtime") != 0 && strcmp(where, "report") != 0 &&
	    strcmp(where, "overflow") != 0) {
		con_printf("error: where must be runtime, report, overflow or bringup\n");
		return;
	}
	if (cpu_state(&cpus[cpu]) != CPU_ONLINE) {
		con_printf("error: cpu%u is not online\n", cpu);
		return;
	}
	if (strcmp(where, "overflow") == 0)
		selftest_overflow_on(cpu);
	else
		selftest_panic_on(cpu, strcmp(where, "report") == 0 ? PANIC_IN_REPORT : PANIC_RUNTIME);
}

/* bench hotplug CPU COUNT: COUNT off/on cycles of CPU, timed with the
 * counter; prints ticks per cycle (docs/benchmarks.md). */
static void cmd_bench(int argc, char **argv)
{
	uint64_t count, t0, t1;
	unsigned cpu;

	if (strcmp(argv[1], "hotplug") != 0 || argc != 4) {
		con_printf("error: usage: bench hotplug CPU COUNT\n");
		return;
	}
	if (!parse_cpu(argv[2], &cpu))
		return;
	if (!parse_u64(argv[3], &count) || count == 0 || count > 100000) {
		con_printf("error: COUNT must be 1 to 100000\n");
		return;
	}
	if (cpu == this_cpu() || cpu_state(&cpus[cpu]) != CPU_ONLINE) {
		con_printf("error: cpu%u must be online and not the console CPU\n", cpu);
		return;
	}
	t0 = read_sysreg(cntpct_el0);
	for (uint64_t i = 0; i < count; i++) {
		if (cpu_request_off(cpu) || cpu_power_on(cpu, 0)) {
			con_printf("error: cycle %llu failed\n", (unsigned long long)i);
			return;
		}
	}
	t1 = read_sysreg(cntpct_el0);
	con_printf("bench hotplug: %llu cycles of cpu%u, %llu counter ticks per cycle at %llu Hz\n",
		   (unsigned long long)count, cpu, (unsigned long long)((t1 - t0) / count),
		   (unsigned long long)read_sysreg(cntfrq_el0));
}

/* selftest late: how long to wait for the late CPU to park. */
#define SELFTEST_LATE_PARK_MS	2000

static void cmd_selftest(int argc, char **argv)
{
	unsigned cpu, stage = STAGE_RUNTIME;
	bool locked = false;

	if (argc == 3 && strcmp(argv[1], "kexec-bad-dtb") == 0) {
		struct kexec_request r = { .image = argv[2], .bad_dtb = true };
		char err[160];

		kexec_run(&r, err, sizeof(err));	/* returns only on failure */
		con_printf("error: kexec: %s\n", err);
		return;
	}
	if (argc < 3) {
		con_printf("error: usage: selftest fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME\n");
		return;
	}
	if (strcmp(argv[1], "late") == 0) {
		if (!parse_cpu(argv[2], &cpu))
			return;
		if (cpu_state(&cpus[cpu]) != CPU_OFF) {
			con_printf("error: cpu%u must be off to come online late\n", cpu);
			return;
		}
		if (cpu_power_on(cpu, SELFTEST_LATE_ONLINE) != -ETIMEDOUT) {
			con_printf("error: cpu%u was not given up on\n", cpu);
			return;
		}
		/* Until it says it parked, so that the next command sees it. */
		for (uint64_t t0 = time_ms(); time_ms() - t0 < SELFTEST_LATE_PARK_MS;)
			if (!__atomic_load_n(&cpus[cpu].boot->fault_stage, __ATOMIC_ACQUIRE))
				return;
		con_printf("error: cpu%u did not come up late\n", cpu);
		return;
	}
	if (strcmp(argv[1], "panic") == 0) {
		if (!parse_cpu(argv[2], &cpu))
			return;
		selftest_panic(cpu, argc == 4 ? argv[3] : "runtime");
		return;
	}
	if (strcmp(argv[1], "fault") != 0) {
		con_printf("error: unknown self-test '%s' (try: selftest fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME)\n",
			   argv[1]);
		return;
	}
	if (!parse_cpu(argv[2], &cpu))
		return;
	if (argc == 4) {
		if (strcmp(argv[3], "stub") == 0) {
			stage = STAGE_STUB;
		} else if (strcmp(argv[3], "init") == 0) {
			stage = STAGE_INIT;
		} else if (strcmp(argv[3], "locked") == 0) {
			locked = true;	/* runtime, holding the console lock */
		} else if (strcmp(argv[3], "runtime") != 0) {
			con_printf("error: stage must be stub, init, runtime or locked\n");
			return;
		}
	}
	if (stage != STAGE_RUNTIME) {
		/* The fault happens on the way in: start an off CPU. */
		if (cpu_state(&cpus[cpu]) != CPU_OFF) {
			con_printf("error: cpu%u must be off to fault in the %s stage (cpu off %u first)\n",
				   cpu, cpu_stage_name(stage), cpu);
			return;
		}
		cpu_power_on(cpu, stage);
		return;
	}
	if (cpu_state(&cpus[cpu]) != CPU_ONLINE) {
		con_printf("error: cpu%u is not online (online CPUs: %u of %u)\n",
			   cpu, cpus_online_count(), cpu_count);
		return;
	}
	if (cpu == this_cpu() && cpus_online_count() < 2) {
		con_printf("error: cpu%u is the last online CPU: nobody would keep the console\n", cpu);
		return;
	}
	if (locked)
		selftest_fault_locked_on(cpu);
	else
		selftest_fault_on(cpu);
}

/* Parses NAME [--initrd NAME] [--cmdline STRING] from argv[first]. */
static bool parse_image_args(int argc, char **argv, int first, struct kexec_request *r)
{
	r->image = argv[first];
	for (int i = first + 1; i < argc; i += 2) {
		if (i + 1 >= argc) {
			con_printf("error: %s needs a value\n", argv[i]);
			return false;
		}
		if (strcmp(argv[i], "--initrd") == 0) {
			r->initrd = argv[i + 1];
		} else if (strcmp(argv[i], "--cmdline") == 0) {
			r->cmdline = argv[i + 1];
		} else {
			con_printf("error: unknown %s option '%s' (--initrd NAME, --cmdline STRING)\n",
				   argv[0], argv[i]);
			return false;
		}
	}
	return true;
}

static void cmd_kexec(int argc, char **argv)
{
	struct kexec_request r = { 0 };
	char err[160];

	if (!parse_image_args(argc, argv, 1, &r))
		return;
	kexec_run(&r, err, sizeof(err));	/* returns only on failure */
	con_printf("error: kexec: %s\n", err);
}

static void cmd_kdump(int argc, char **argv)
{
	struct kexec_request r = { 0 };
	char err[160];

	if (argc == 1) {
		kdump_show();
		return;
	}
	if (strcmp(argv[1], "load") != 0 || argc < 3) {
		con_printf("error: usage: kdump [load NAME [--initrd NAME] [--cmdline STRING]]\n");
		return;
	}
	if (!parse_image_args(argc, argv, 2, &r))
		return;
	if (kdump_load(&r, err, sizeof(err)))
		con_printf("error: kdump: %s\n", err);
	else
		kdump_show();
}

/* log [level LEVEL]: the log level, and lines suppressed by rate limits. */
static void cmd_log(int argc, char **argv)
{
	int level;

	if (argc == 3 && strcmp(argv[1], "level") == 0) {
		level = log_level_parse(argv[2]);
		if (level < 0) {
			con_printf("error: log level must be err, warn, info or debug (or 0-3)\n");
			return;
		}
		log_set_level((enum log_level)level);
	} else if (argc != 1) {
		con_printf("error: usage: log [level err|warn|info|debug]\n");
		return;
	}
	con_printf("log: level %s, %llu lines suppressed by rate limits\n",
		   log_level_name(log_get_level()), (unsigned long long)log_suppressed_total());
}

static const struct command commands[] = {
	{ "help", "", "list commands", 0, 0, cmd_help },
	{ "version", "", "armhv version and build", 0, 0, cmd_version },
	{ "cpus", "", "per CPU: MPIDR, state, stage owning VBAR_EL2", 0, 0, cmd_cpus },
	{ "mem", "", "page allocator totals", 0, 0, cmd_mem },
	{ "modules", "", "boot modules received (name, address, size)", 0, 0, cmd_modules },
	{ "poweroff", "", "take every CPU out of armhv, then PSCI SYSTEM_OFF", 0, 0, cmd_poweroff },
	{ "reboot", "", "take every CPU out of armhv, then PSCI SYSTEM_RESET", 0, 0, cmd_reboot },
	{ "kexec", "NAME [--initrd NAME] [--cmdline \"STRING\"]", "hand the machine to module NAME at EL2", 1, 5, cmd_kexec },
	{ "bench", "hotplug CPU COUNT", "time COUNT off/on cycles of CPU (counter ticks per cycle)", 3, 3, cmd_bench },
	{ "kdump", "[load NAME [--initrd NAME] [--cmdline \"STRING\"]]", "show or arm the crash kernel", 0, 6, cmd_kdump },
	{ "log", "[level err|warn|info|debug]", "show or set the log level; lines suppressed by rate limits", 0, 2, cmd_log },
	{ "vm", "create|start|stop|destroy|list|wait|input ...", "virtual machines: vm create NAME --kernel MODULE [--mem SIZE] [--vcpus N] [--initrd MODULE] [--cmdline \"STRING\"] [--cpus LIST]; vm start|stop|destroy NAME; vm list; vm wait NAME [--timeout SECONDS]; vm input NAME \"STRING\" (docs/vm.md)", 1, 15, cmd_vm },
	{ "cpu", "on|off CPU", "bring a CPU online, or take it out of armhv and power it off", 2, 2, cmd_cpu },
	{ "selftest", "fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME", "fault: unexpected exception on CPU in stage stub, init or runtime (or runtime holding the console lock: locked); panic: on CPU at runtime, in an exception report (report), by overflowing its stack (overflow) or while it comes online (bringup); late: start an off CPU that reaches the runtime stage only after its starter gave up on it (it must end up dead, not online); kexec-bad-dtb: kexec module NAME with a device tree whose first property length points backwards", 1, 3, cmd_selftest },
};

static void cmd_help(int argc, char **argv)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		con_printf("  %s%s%s\n", commands[i].name, *commands[i].args ? " " : "",
			   commands[i].args);
		con_printf("      %s\n", commands[i].help);
	}
}

void console_run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		if (argc == MAX_ARGS) {
			con_printf("error: too many arguments (at most %d)\n", MAX_ARGS - 1);
			return;
		}
		if (*p == '"') {	/* a quoted argument may hold spaces */
			argv[argc++] = ++p;
			while (*p && *p != '"')
				p++;
			if (!*p) {
				con_printf("error: unterminated quote\n");
				return;
			}
			*p++ = 0;
			continue;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (argc == 0)
		return;
	argv[argc] = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *c = &commands[i];

		if (strcmp(argv[0], c->name) != 0)
			continue;
		if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
			con_printf("error: usage: %s %s\n", c->name, c->args);
			return;
		}
		c->run(argc, argv);
		return;
	}
	con_printf("error: unknown command '%s' (try 'help')\n", argv[0]);
}
