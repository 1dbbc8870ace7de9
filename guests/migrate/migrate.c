/*
 * migrate: a guest that asks to be migrated and checks afterwards that
 * nothing of it was lost (docs/vm.md, "Snapshots"). It fills memory
 * across several 2 MiB blocks, the FP/SIMD registers, FPCR/FPSR and EL0/
 * EL1 registers with patterns, arms its virtual timer far ahead (and
 * leaves its physical timer long expired, masked), prints
 * "migrate: ready" and waits for a key (on QEMU directly, where nothing
 * migrates it, for WAIT_S seconds of virtual time). Then it checks every
 * pattern, that the virtual counter went on from where it was (forward,
 * by no more than the wait: a snapshot stops the guest's time), that the
 * timer kept its settings and still fires, and that an SGI still arrives.
 */
#include "guest.h"
#include "fpregs.h"

GUEST_NAME("migrate");

#define WAIT_S		5
#define MEM_WORDS	((3u << 20) / 8)	/* 3 MiB: over two blocks */


static uint64_t mem[MEM_WORDS];
static struct fpstate fp_in, fp_out;
static volatile unsigned vticks, sgis;

static uint64_t pat(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ULL ^ 0x5a5aa5a5c3c33c3cULL;
}

static void on_vtimer(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	vticks++;
	timer_set_ctl(TIMER_VIRT, 0);
}

static void on_sgi(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	sgis++;
}

void guest_main(void)
{
	uint64_t far_cval, v0, v1, freq = timer_freq();
	int key = -1;
	bool keyed;

	gic_init();
	irq_set_handler(INTID_VTIMER, on_vtimer, NULL);
	irq_set_handler(3, on_sgi, NULL);
	gic_enable_irq(INTID_VTIMER);
	gic_enable_irq(3);
	for (uint64_t i = 0; i < MEM_WORDS; i++)
		mem[i] = pat(i);
	for (unsigned r = 0; r < 32; r++) {
		fp_in.q[r][0] = pat(1000 + r);
		fp_in.q[r][1] = pat(2000 + r);
	}
	fp_in.fpcr = 2ULL << 22;	/* RMode: towards minus infinity */
	fp_in.fpsr = 0x8000001fULL;	/* QC and the cumulative flags */
	fp_load(&fp_in);
	__asm__ volatile("msr tpidr_el0, %0\n\tmsr tpidrro_el0, %1\n\tmsr contextidr_el1, %2"
			 : : "r"(pat(1)), "r"(pat(2)), "r"(pat(3) & 0xffffffff));
	/* Armed far ahead: its settings must survive, it must not fire. */
	far_cval = timer_count(TIMER_VIRT) + 1000 * freq;
	timer_set_cval(TIMER_VIRT, far_cval);
	timer_set_ctl(TIMER_VIRT, CNT_CTL_ENABLE);
	/* The physical timer long expired (compare value 1), masked: it must
	 * still read expired on any machine it is restored on. */
	timer_set_cval(TIMER_PHYS, 1);
	timer_set_ctl(TIMER_PHYS, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	irq_enable();

	/* "ready-after=S": not before S s of virtual time (vm-snapshot: so
	 * that the machine it is restored on has counted less than this one
	 * had at the save). */
	while (timer_count(TIMER_VIRT) < guest_arg_uint("ready-after", 0) * freq)
		cpu_relax();
	v0 = timer_count(TIMER_VIRT);
	printf("migrate: ready (counter 0x%lx): waiting %u s for a key\n", v0, WAIT_S);
	keyed = WAIT_FOR((key = uart_getc()) >= 0, WAIT_S * 1000);
	v1 = timer_count(TIMER_VIRT);
	printf("migrate: %s after %lu ms of virtual time\n", keyed ? "key" : "no key",
	       (v1 - v0) * 1000 / freq);
	/* Forward, and by no more than the wait (and some slack): the
	 * guest's time stood still while it was a snapshot. */
	CHECK_MSG(v1 >= v0, "the virtual counter went back from 0x%lx to 0x%lx", v0, v1);
	CHECK_MSG(v1 - v0 <= (WAIT_S + 2) * freq, "the virtual counter jumped by %lu ms",
		  (v1 - v0) * 1000 / freq);

	fp_save(&fp_out);
	for (unsigned r = 0; r < 32; r++)
		CHECK_MSG(fp_out.q[r][0] == fp_in.q[r][0] && fp_out.q[r][1] == fp_in.q[r][1],
			  "q%u is 0x%lx_%lx", r, fp_out.q[r][1], fp_out.q[r][0]);
	CHECK_EQ(fp_out.fpcr, fp_in.fpcr);
	CHECK_EQ(fp_out.fpsr, fp_in.fpsr);
	{
		uint64_t a, b, c;

		__asm__ volatile("mrs %0, tpidr_el0\n\tmrs %1, tpidrro_el0\n\tmrs %2, contextidr_el1"
				 : "=r"(a), "=r"(b), "=r"(c));
		CHECK_EQ(a, pat(1));
		CHECK_EQ(b, pat(2));
		CHECK_EQ(c, pat(3) & 0xffffffff);
	}
	for (uint64_t i = 0; i < MEM_WORDS; i++)
		if (mem[i] != pat(i)) {
			CHECK_MSG(0, "memory word %lu is 0x%lx", i, mem[i]);
			break;
		}
	CHECK_EQ(vticks, 0);
	CHECK_EQ(timer_get_cval(TIMER_VIRT), far_cval);
	CHECK_EQ(timer_get_ctl(TIMER_VIRT) & (CNT_CTL_ENABLE | CNT_CTL_IMASK), CNT_CTL_ENABLE);
	CHECK_MSG(timer_get_ctl(TIMER_PHYS) == (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS),
		  "the expired physical timer reads CNTP_CTL 0x%x, CVAL 0x%lx at count 0x%lx",
		  (unsigned)timer_get_ctl(TIMER_PHYS), timer_get_cval(TIMER_PHYS),
		  timer_count(TIMER_PHYS));
	timer_set_ctl(TIMER_PHYS, 0);
	/* The timer still fires, on time. */
	timer_set_cval(TIMER_VIRT, timer_count(TIMER_VIRT) + us_to_ticks(20000));
	CHECK_MSG(WAIT_FOR(vticks == 1, 2000), "the virtual timer did not fire");
	gic_send_sgi(3, this_mpidr());
	CHECK_MSG(WAIT_FOR(sgis == 1, 2000), "SGI 3 did not arrive");
	irq_disable();
	printf("migrate: memory, FP/SIMD, EL0/EL1 registers, counter, timer and SGI as before\n");
}
