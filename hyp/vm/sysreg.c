/* Trapped system-register accesses (EC 0x18). ID registers are read from
 * the hardware and sanitised, so that a guest sees only what armhv
 * virtualises, the same on every vCPU; debug, OS-lock and PMU registers
 * answer as a CPU without them would; set/way cache maintenance is done
 * by armhv on the whole cache; anything else is UNDEFINED. */
#include <vm/sysreg.h>
#include <vm/inject.h>
#include <vm/sched.h>
#include <vm/timer.h>
#include <vm/vm.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

#define SYS_ID(op1, crm, op2)	ISS_SYS(3, op1, 0, crm, op2)
#define ID_AA64PFR0		SYS_ID(0, 4, 0)
#define ID_AA64PFR1		SYS_ID(0, 4, 1)
#define ID_AA64ZFR0		SYS_ID(0, 4, 4)
#define ID_AA64SMFR0		SYS_ID(0, 4, 5)
#define ID_AA64DFR0		SYS_ID(0, 5, 0)
#define ID_AA64DFR1		SYS_ID(0, 5, 1)
#define ID_AA64AFR0		SYS_ID(0, 5, 4)
#define ID_AA64AFR1		SYS_ID(0, 5, 5)
#define ID_AA64ISAR0		SYS_ID(0, 6, 0)
#define ID_AA64ISAR1		SYS_ID(0, 6, 1)
#define ID_AA64ISAR2		SYS_ID(0, 6, 2)
#define ID_AA64MMFR0		SYS_ID(0, 7, 0)
#define ID_AA64MMFR1		SYS_ID(0, 7, 1)
#define ID_AA64MMFR2		SYS_ID(0, 7, 2)

#define ICC_SGI1R		ISS_SYS(3, 0, 12, 11, 5)
#define ICC_ASGI1R		ISS_SYS(3, 0, 12, 11, 6)
#define ICC_SGI0R		ISS_SYS(3, 0, 12, 11, 7)

/* Clears a 4-bit ID field. */
#define FIELD(shift)		(0xfULL << (shift))

static uint64_t id_value(uint64_t enc)
{
	switch (enc) {
	case ID_AA64PFR0:
		/* No SVE (32), no AMU (44), no MPAM (40), no RAS (28): armhv
		 * does not virtualise them. GIC (24): the system-register
		 * interface, which the vGIC provides. */
		return read_sysreg(id_aa64pfr0_el1) &
		       ~(FIELD(32) | FIELD(44) | FIELD(40) | FIELD(28));
	case ID_AA64PFR1:
		/* No MTE (8), no SME (24), no MPAM fraction (16), no RAS
		 * fraction (12), no NMI (36). Keep BT and SSBS. */
		return read_sysreg_s("s3_0_c0_c4_1") &
		       ~(FIELD(8) | FIELD(24) | FIELD(16) | FIELD(12) | FIELD(36));
	case ID_AA64DFR0:
		/* Debug v8.0 (6), 2 breakpoints and watchpoints (the minimum,
		 * fields hold count - 1 = 1), no PMU (8), SPE (32), TRBE,
		 * trace (4), double lock not implemented (36 = 0xf). */
		return 0x6ULL | (1ULL << 12) | (1ULL << 20) | (0xfULL << 36);
	case ID_AA64ISAR0:
		return read_sysreg(id_aa64isar0_el1);
	case ID_AA64ISAR1:
		return read_sysreg(id_aa64isar1_el1);
	case ID_AA64ISAR2:
		return read_sysreg_s("s3_0_c0_c6_2");
	case ID_AA64MMFR0:
		return read_sysreg(id_aa64mmfr0_el1);
	case ID_AA64MMFR1:
		/* No LORegions (16): HCR_EL2.TLOR traps them. */
		return read_sysreg(id_aa64mmfr1_el1) & ~FIELD(16);
	case ID_AA64MMFR2:
		return read_sysreg_s("s3_0_c0_c7_2");
	default:
		/* The rest of the ID space (AArch32 registers, reserved and
		 * future ones, ZFR0, SMFR0, DFR1, AFR0/1): zero, "not
		 * implemented", which is what an unallocated ID register
		 * reads as. */
		return 0;
	}
}

static bool is_id_reg(uint64_t enc)
{
	/* Op0 3, Op1 0, CRn 0, CRm 1-7: the feature ID space. */
	unsigned crm = (unsigned)(enc >> 1) & 0xf;

	return (enc & ~(0xfULL << 1) & ~(0x7ULL << 17)) == ISS_SYS(3, 0, 0, 0, 0) &&
	       crm >= 1 && crm <= 7;
}

/* A write of an SGI register's Rt (group1: ICC_SGI1R_EL1, else the Group
 * 0 ones): the SGIs sent. A receiver waiting on this CPU runs now (the
 * sender often waits for its answer next). */
static inline __attribute__((always_inline)) enum exit_action
send_sgi(struct vcpu *v, unsigned rt, bool group1)
{
	vgic_send_sgi(&v->vm->vgic, v->id, vcpu_get_reg(v, rt), group1);
	vcpu_skip_insn(v);
	return sched_woken_other(cpu_self(), v) ? EXIT_YIELD : EXIT_RESUME;
}

/* Everything but ICC_SGI1R_EL1, out of line: its path keeps a small
 * frame. */
static __attribute__((noinline)) enum exit_action
sysreg_other(struct vcpu *v, uint64_t iss)
{
	uint64_t enc = iss & ISS_SYS_MASK;
	bool read = iss & ISS_SYS_READ;
	unsigned rt = ISS_SYS_RT(iss);

	if (!read && (enc == ICC_SGI0R || enc == ICC_ASGI1R))
		return send_sgi(v, rt, false);
	if (read && is_id_reg(enc)) {
		vcpu_set_reg(v, rt, id_value(enc));
		vcpu_skip_insn(v);
		return EXIT_RESUME;
	}
	{
		uint64_t val = read ? 0 : vcpu_get_reg(v, rt);

		if (ptimer_access(v, enc, read, &val)) {
			if (read)
				vcpu_set_reg(v, rt, val);
			else
				hyp_timer_for(v, v->slice_end);
			vcpu_skip_insn(v);
			return EXIT_RESUME;
		}
	}
	if ((enc >> 20) == 2) {
		/* Debug and OS-lock registers (op0 2, trapped by MDCR_EL2):
		 * read as zero, writes ignored, which is a CPU with the OS lock
		 * not implemented and no breakpoints armed. */
		if (read)
			vcpu_set_reg(v, rt, 0);
		vcpu_skip_insn(v);
		return EXIT_RESUME;
	}
	log_ratelimited(LOG_WARN, "vm %s vcpu%u: %s of system register op0=%u op1=%u CRn=%u CRm=%u op2=%u at pc 0x%llx: UNDEFINED",
			v->vm->cfg.name, v->id, read ? "read" : "write",
			(unsigned)(enc >> 20) & 3, (unsigned)(enc >> 14) & 7,
			(unsigned)(enc >> 10) & 0xf, (unsigned)(enc >> 1) & 0xf,
			(unsigned)(enc >> 17) & 7, (unsigned long long)v->regs.pc);
	v->vm->exits[VM_EXIT_UNDEF]++;
	inject_undef(v);
	return EXIT_RESUME;
}

enum exit_action sysreg_handle(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	uint64_t enc = iss & ISS_SYS_MASK;

	v->vm->exits[VM_EXIT_SYSREG]++;
	/* ICC_SGI1R_EL1 first, the hottest: trapped because HCR_EL2.IMO is
	 * set (the Group 0 ones, rare, are in sysreg_other). */
	if (!(iss & ISS_SYS_READ) && enc == ICC_SGI1R)
		return send_sgi(v, ISS_SYS_RT(iss), true);
	return sysreg_other(v, iss);
}
