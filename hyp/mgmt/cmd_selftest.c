/* The selftest console command: faults, panics, late CPUs and a broken
 * device tree on purpose, to test the failure paths; and the CPU's CRC32C
 * instructions against the table the snapshots' checksums can also come
 * from. */
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <boot/stages.h>
#include <lifecycle/hotplug.h>
#include <handover/kexec.h>
#include <exc/selftest.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <arch/time.h>
#include <snapshot/format.h>
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

/* selftest crc32c: what unit-snapshot does on a host without the
 * instructions, here with the CPU's own: the instruction path against the
 * table at every start within two words, every length through three turns
 * of its loops, and a whole page from each start. */
#define CRC_SHORT_MAX	(3 * 64 + 3 * 8)

/* One comparison; false (and a line saying where) if they differ. */
static bool crc_agree(const uint8_t *buf, size_t start, size_t len, uint32_t init)
{
	uint32_t t = snap_crc32c_table(init, buf + start, len);
	uint32_t h = snap_crc32c_insns(init, buf + start, len);

	if (h == t)
		return true;
	con_printf("selftest crc32c: FAILED: start %zu, %zu bytes, from 0x%08x: the instructions "
		   "give 0x%08x, the table 0x%08x\n", start, len, (unsigned)init, (unsigned)h,
		   (unsigned)t);
	return false;
}

static void selftest_crc32c(void)
{
	paddr_t pa;
	uint8_t *buf;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	unsigned compared = 0;
	bool ok = true;

	if (!snap_crc32c_insns_usable()) {
		con_printf("selftest crc32c: this CPU has no CRC32C instructions "
			   "(ID_AA64ISAR0_EL1.CRC32 is 0): checksums come from the table\n");
		return;
	}
	pa = alloc_pages_aligned(1, 1);
	if (!pa_addr(pa)) {
		con_printf("error: selftest crc32c: no free page\n");
		return;
	}
	buf = phys_to_virt(pa);
	for (size_t i = 0; i < PAGE_SIZE; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
	for (size_t start = 0; ok && start < 16; start++) {
		for (size_t n = 0; ok && n <= CRC_SHORT_MAX; n++, compared++)
			ok = crc_agree(buf, start, n, n % 3 ? (uint32_t)(n * 0x01000193u) : 0);
		if (ok)
			ok = crc_agree(buf, start, PAGE_SIZE - start, 0);
		compared++;
	}
	free_pages(pa, 1);
	if (ok)
		con_printf("selftest crc32c: the CPU's CRC32C instructions agree with the table on "
			   "%u checksums (starts 0-15, 0-%u bytes and to the end of a page): "
			   "snapshots use them\n", compared, CRC_SHORT_MAX);
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
	if (argc == 2 && strcmp(argv[1], "crc32c") == 0) {
		selftest_crc32c();
		return;
	}
	if (argc < 3) {
		con_printf("error: usage: selftest fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME | crc32c\n");
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
		con_printf("error: unknown self-test '%s' (try: selftest fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME | crc32c)\n",
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
