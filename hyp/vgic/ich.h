/* The GICv3 virtualization registers at EL2 (ICH_*_EL2): list registers,
 * the virtual machine control and active-priority registers. */
#ifndef ARMHV_ICH_H
#define ARMHV_ICH_H

#include <arch/sysreg.h>

#define GICD_CTLR_ENGRP0	(1u << 0)
#define GICD_CTLR_ENGRP1	(1u << 1)

#define ICH_LR_STATE_MASK	(3ULL << 62)
#define ICH_LR_PENDING		(1ULL << 62)
#define ICH_LR_ACTIVE		(2ULL << 62)
#define ICH_LR_HW		(1ULL << 61)	/* deactivates pINTID too */
#define ICH_LR_GROUP1		(1ULL << 60)
#define ICH_LR_PINTID_SHIFT	32		/* pINTID, with HW */
#define ICH_LR_EOI		(1ULL << 41)	/* maintenance on deactivation */
#define ICH_LR_PRIO_SHIFT	48

#define ICH_HCR_EN		(1ULL << 0)
#define ICH_HCR_UIE		(1ULL << 1)	/* maintenance when LRs run low */

#define ICH_HCR_EL2	"s3_4_c12_c11_0"
#define ICH_VTR_EL2	"s3_4_c12_c11_1"
#define ICH_ELRSR_EL2	"s3_4_c12_c11_5"
#define ICH_VMCR_EL2	"s3_4_c12_c11_7"
#define ICH_AP0R0_EL2	"s3_4_c12_c8_0"
#define ICH_AP1R0_EL2	"s3_4_c12_c9_0"

#define LR_CASE(n, crm, op2) \
	case n: __asm__ volatile("mrs %0, s3_4_c12_" #crm "_" #op2 : "=r"(v)); break
#define LR_WCASE(n, crm, op2) \
	case n: __asm__ volatile("msr s3_4_c12_" #crm "_" #op2 ", %0" : : "r"(v)); break

static inline uint64_t ich_read_lr(unsigned n)
{
	uint64_t v = 0;

	/* The first, without the switch's jump: most often the only one. */
	if (n == 0)
		return read_sysreg_s("s3_4_c12_c12_0");
	switch (n) {
	LR_CASE(0, c12, 0); LR_CASE(1, c12, 1); LR_CASE(2, c12, 2); LR_CASE(3, c12, 3);
	LR_CASE(4, c12, 4); LR_CASE(5, c12, 5); LR_CASE(6, c12, 6); LR_CASE(7, c12, 7);
	LR_CASE(8, c13, 0); LR_CASE(9, c13, 1); LR_CASE(10, c13, 2); LR_CASE(11, c13, 3);
	LR_CASE(12, c13, 4); LR_CASE(13, c13, 5); LR_CASE(14, c13, 6); LR_CASE(15, c13, 7);
	default: break;
	}
	return v;
}

static inline void ich_write_lr(unsigned n, uint64_t v)
{
	if (n == 0) {
		write_sysreg_s("s3_4_c12_c12_0", v);
		return;
	}
	switch (n) {
	LR_WCASE(0, c12, 0); LR_WCASE(1, c12, 1); LR_WCASE(2, c12, 2); LR_WCASE(3, c12, 3);
	LR_WCASE(4, c12, 4); LR_WCASE(5, c12, 5); LR_WCASE(6, c12, 6); LR_WCASE(7, c12, 7);
	LR_WCASE(8, c13, 0); LR_WCASE(9, c13, 1); LR_WCASE(10, c13, 2); LR_WCASE(11, c13, 3);
	LR_WCASE(12, c13, 4); LR_WCASE(13, c13, 5); LR_WCASE(14, c13, 6); LR_WCASE(15, c13, 7);
	default: break;
	}
}

/* How many list registers the CPU has (ICH_VTR_EL2.ListRegs + 1). */
static inline unsigned ich_nr_lrs(void)
{
	return (unsigned)(read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1;
}

/* A bit per list register that holds nothing. */
static inline uint32_t ich_empty_lrs(void)
{
	return (uint32_t)read_sysreg_s(ICH_ELRSR_EL2);
}

static inline void ich_set_underflow(bool on)
{
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN | (on ? ICH_HCR_UIE : 0));
}

/* The virtual CPU interface on (vCPU loaded) and off (put). */
static inline void ich_load(uint64_t vmcr, uint64_t ap0r0, uint64_t ap1r0)
{
	write_sysreg_s(ICH_VMCR_EL2, vmcr);
	write_sysreg_s(ICH_AP0R0_EL2, ap0r0);
	write_sysreg_s(ICH_AP1R0_EL2, ap1r0);
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN);
}

/* The loaded vCPU's VMCR and active priorities, left as they are. */
static inline void ich_read_if(uint64_t *vmcr, uint64_t *ap0r0, uint64_t *ap1r0)
{
	*vmcr = read_sysreg_s(ICH_VMCR_EL2);
	*ap0r0 = read_sysreg_s(ICH_AP0R0_EL2);
	*ap1r0 = read_sysreg_s(ICH_AP1R0_EL2);
}

/* Bit n of ICH_AP0R0/AP1R0_EL2 stands for the group priority n << this
 * (8 - the preemption bits, ICH_VTR_EL2.PREbits + 1). */
static inline unsigned ich_apr_shift(void)
{
	return 8 - ((unsigned)(read_sysreg_s(ICH_VTR_EL2) >> 26) & 7) - 1;
}

static inline void ich_put(uint64_t *vmcr, uint64_t *ap0r0, uint64_t *ap1r0)
{
	*vmcr = read_sysreg_s(ICH_VMCR_EL2);
	*ap0r0 = read_sysreg_s(ICH_AP0R0_EL2);
	*ap1r0 = read_sysreg_s(ICH_AP1R0_EL2);
	write_sysreg_s(ICH_HCR_EL2, 0);
}

#endif
