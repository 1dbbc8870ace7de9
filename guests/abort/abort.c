/*
 * abort: accesses where the machine has nothing (past the end of RAM, and
 * a hole between the MMIO devices) are synchronous external aborts taken
 * at EL1 (EC 0x25, DFSC 0x10) at the access instruction itself, with WnR
 * telling reads from writes and FAR the address (when valid); the guest
 * catches each one and goes on: memory, devices and later aborts behave,
 * on every CPU at once.
 */
#include "guest.h"

GUEST_NAME("abort");

/* Where nothing is on QEMU's virt (and in an armhv VM): just past the end
 * of RAM, and the hole between the platform devices at 0x09000000-0x090bffff
 * and the virtio-mmio window at 0x0a000000. (0x20000000 is not one: on
 * QEMU that is the PCIe MMIO window, which reads as all ones.) */
#define HOLE	0x09800000UL

static const char *const insn_names[2][4] = {
	{ "ldrb", "ldrh", "ldr w", "ldr x" },
	{ "strb", "strh", "str w", "str x" },
};
static char *const read_insn[4] = { probe_read8_insn, probe_read16_insn, probe_read32_insn, probe_read64_insn };
static char *const write_insn[4] = { probe_write8_insn, probe_write16_insn, probe_write32_insn, probe_write64_insn };

static uint64_t ram_word[MAX_CPUS] __attribute__((aligned(64)));

static void check_abort(uintptr_t addr, unsigned int lg, bool write, bool verbose)
{
	struct exc_info info;
	uint64_t esr, val = 0;

	if (write)
		esr = probe_write(addr, 1U << lg, 0x5a5a5a5a5a5a5a5aUL, &info);
	else
		esr = probe_read(addr, 1U << lg, &val, &info);
	if (verbose)
		printf("abort: cpu%u %s at 0x%lx: ESR 0x%lx (%s), FAR 0x%lx\n", cpu_index(),
		       insn_names[write][lg], addr, esr, esr ? esr_class_name(esr) : "no exception", info.far);
	CHECK_MSG(esr != 0, "%s at 0x%lx took no exception", insn_names[write][lg], addr);
	CHECK_MSG(ESR_EC(esr) == EC_DABT_CUR, "%s at 0x%lx: ESR 0x%lx (%s)", insn_names[write][lg], addr,
		  esr, esr_class_name(esr));
	CHECK_MSG(ESR_FSC(esr) == FSC_SEA, "%s at 0x%lx: ESR 0x%lx, DFSC 0x%lx", insn_names[write][lg],
		  addr, esr, ESR_FSC(esr));
	CHECK(esr & ESR_IL);
	CHECK_EQ(!!(esr & ESR_WNR), write);
	CHECK_EQ(info.elr, (uintptr_t)(write ? write_insn : read_insn)[lg]);
	if (!(esr & ESR_FNV))
		CHECK_EQ(info.far, addr);
	if (esr & ESR_ISV)
		CHECK_EQ(ESR_SAS(esr), lg);
	CHECK(irqs_masked());	/* the state before the exception, restored */
}

/* After an abort, RAM and a device still work: no lasting damage. */
static void check_still_fine(void)
{
	unsigned int me = cpu_index();
	uint64_t val = 0;

	CHECK_EQ(probe_write((uintptr_t)&ram_word[me], 8, 0x1122334455667700UL + me, NULL), 0);
	CHECK_EQ(probe_read((uintptr_t)&ram_word[me], 8, &val, NULL), 0);
	CHECK_EQ(val, 0x1122334455667700UL + me);
	/* virtio-mmio transport 0: magic "virt". */
	CHECK_EQ(probe_read(VIRTIO_BASE, 4, &val, NULL), 0);
	CHECK_EQ(val, 0x74726976);
}

static void nested_inner(void *arg)
{
	probe_read32((uintptr_t)arg);
}

static void nested_outer(void *arg)
{
	struct exc_info info;
	uint64_t esr = exc_try(nested_inner, arg, &info);

	CHECK(esr_is_sea(esr));
	CHECK_EQ(info.elr, (uintptr_t)probe_read32_insn);
	/* Back in the outer function, which returns normally. */
}

static void all_kinds(uintptr_t base, bool verbose)
{
	for (unsigned int w = 0; w < 2; w++) {
		for (unsigned int lg = 0; lg < 4; lg++) {
			check_abort(base + 8 * (lg + 4 * w), lg, w, verbose && lg == 2);
			check_still_fine();
		}
	}
}

static void on_every_cpu(void *arg)
{
	uintptr_t past_ram = plat.ram_end;
	(void)arg;
	for (int round = 0; round < 20; round++) {
		all_kinds(past_ram + 0x1000 * cpu_index(), false);
		all_kinds(HOLE + 0x100 * cpu_index(), false);
	}
}

void guest_main(void)
{
	uintptr_t past_ram = plat.ram_end;
	uint64_t esr;

	printf("abort: RAM ends at 0x%lx\n", past_ram);
	check_still_fine();
	all_kinds(past_ram, true);
	all_kinds(ALIGN_UP(past_ram, 1UL << 30) + 0x12345678UL, false);
	all_kinds(HOLE, true);

	/* A plain load through expect_abort(). */
	esr = expect_abort(check_still_fine);
	CHECK_EQ(esr, 0);

	/* Nested catching: the inner exc_try catches, the outer sees none. */
	esr = exc_try(nested_outer, (void *)past_ram, NULL);
	CHECK_EQ(esr, 0);

	smp_run(on_every_cpu, NULL, 10000);
	printf("abort: %u CPU(s) caught their aborts and went on\n", ncpus());
}
