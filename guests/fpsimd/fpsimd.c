/*
 * fpsimd: on every CPU at once, each with its own pattern, all 32 Q
 * registers, FPCR and FPSR keep their values while the CPU spins, makes
 * PSCI calls (HVC), takes timer interrupts and waits in WFI: whatever runs
 * meanwhile outside the guest (a hypervisor's exits, another vCPU on the
 * same physical CPU) must save and restore them.
 */
#include "guest.h"
#include "fpregs.h"

GUEST_NAME("fpsimd");


#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ		(1UL << 24)
#define FPCR_DN		(1UL << 25)
#define FPCR_AHP	(1UL << 26)
#define FPSR_QC		(1UL << 27)
#define TICKS		20

static struct fpstate want[MAX_CPUS], got[MAX_CPUS];
static uint32_t ticks[MAX_CPUS];

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15UL;
	return x ^ (x >> 29);
}

static void make_pattern(struct fpstate *p, unsigned int cpu)
{
	for (unsigned int i = 0; i < 32; i++) {
		p->q[i][0] = mix((uint64_t)cpu << 32 | 2 * i);
		p->q[i][1] = mix((uint64_t)cpu << 32 | (2 * i + 1));
	}
	p->fpcr = (uint64_t)(cpu & 3) << FPCR_RMODE_SHIFT | (cpu & 1 ? FPCR_FZ : 0) |
		  (cpu & 2 ? FPCR_DN : 0) | FPCR_AHP;
	/* Cumulative exception flags IOC DZC OFC UFC IXC IDC, and QC. */
	p->fpsr = ((cpu + 1) * 0x13UL & 0x1f) | (cpu & 1 ? 1UL << 7 : 0) | (cpu & 2 ? FPSR_QC : 0);
}

/* The first register that differs (32: FPCR, 33: FPSR), or -1. */
static int differs(const struct fpstate *a, const struct fpstate *b)
{
	for (int i = 0; i < 32; i++)
		if (a->q[i][0] != b->q[i][0] || a->q[i][1] != b->q[i][1])
			return i;
	if (a->fpcr != b->fpcr)
		return 32;
	if (a->fpsr != b->fpsr)
		return 33;
	return -1;
}

static void compare(const char *after)
{
	unsigned int me = cpu_index();
	int r;

	fp_save(&got[me]);
	r = differs(&got[me], &want[me]);
	if (r < 0)
		return;
	if (r < 32)
		guest_fail(__FILE__, __LINE__, "cpu%u: after %s, q%d = 0x%016lx%016lx, expected 0x%016lx%016lx",
			   me, after, r, got[me].q[r][1], got[me].q[r][0], want[me].q[r][1], want[me].q[r][0]);
	guest_fail(__FILE__, __LINE__, "cpu%u: after %s, %s = 0x%lx, expected 0x%lx", me, after,
		   r == 32 ? "FPCR" : "FPSR", r == 32 ? got[me].fpcr : got[me].fpsr,
		   r == 32 ? want[me].fpcr : want[me].fpsr);
}

static void tick(unsigned int intid, void *arg)
{
	unsigned int me = cpu_index();
	if (++ticks[me] == TICKS)
		timer_set_ctl(TIMER_VIRT, 0);
	else
		timer_set_tval(TIMER_VIRT, (int32_t)us_to_ticks(1000));
}

static void on_each_cpu(void *arg)
{
	unsigned int me = cpu_index();
	struct fpstate pattern;
	uint64_t end;

	make_pattern(&pattern, me);
	fp_load(&pattern);
	fp_save(&want[me]);
	for (int i = 0; i < 32; i++)
		CHECK_MSG(want[me].q[i][0] == pattern.q[i][0] && want[me].q[i][1] == pattern.q[i][1],
			  "cpu%u: q%d does not hold what was loaded", me, i);
	/* FPCR and FPSR keep the bits the CPU implements: at least these. */
	CHECK_EQ((want[me].fpcr >> FPCR_RMODE_SHIFT) & 3, me & 3);
	CHECK_EQ(want[me].fpsr & 0x1f, pattern.fpsr & 0x1f);

	mdelay(20);
	compare("spinning 20 ms");

	for (int i = 0; i < 100; i++) {
		CHECK(psci_version() >= 0x10000);
		CHECK(psci_features(PSCI_CPU_ON_64) >= 0);
	}
	compare("200 PSCI calls");

	gic_enable_irq(INTID_VTIMER);
	timer_set_tval(TIMER_VIRT, (int32_t)us_to_ticks(1000));
	timer_set_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	end = deadline_ms(2000);
	irq_enable();
	while (READ_ONCE(ticks[me]) < TICKS && !deadline_passed(end))
		wfi();
	irq_disable();
	CHECK_MSG(ticks[me] == TICKS, "cpu%u: %u of %u timer interrupts", me, ticks[me], TICKS);
	gic_disable_irq(INTID_VTIMER);
	compare("20 timer interrupts in WFI");

	/* The check itself notices a change. */
	fp_poke17(0x1234);
	fp_save(&got[me]);
	CHECK_EQ(differs(&got[me], &want[me]), 17);
	printf("fpsimd: cpu%u kept its 32 Q registers, FPCR 0x%lx and FPSR 0x%lx\n", me, want[me].fpcr,
	       want[me].fpsr);
}

void guest_main(void)
{
	printf("fpsimd: %u CPU(s)\n", ncpus());
	gic_init();
	irq_set_handler(INTID_VTIMER, tick, NULL);
	smp_run(on_each_cpu, NULL, 10000);
}
