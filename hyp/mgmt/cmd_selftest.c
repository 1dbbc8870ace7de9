/* The selftest console command: faults, panics, late CPUs and a broken
 * device tree on purpose, to test the failure paths. */
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <boot/stages.h>
#include <lifecycle/hotplug.h>
#include <handover/kexec.h>
#include <exc/selftest.h>
#include <lib/log.h>
#include <arch/time.h>
#include <string.h>

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

/* selftest late: how long to wait for the late CPU to park. */
#define SELFTEST_LATE_PARK_MS	2000

void cmd_selftest(int argc, char **argv)
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
