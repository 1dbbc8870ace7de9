/* The EL2 controls of virtualization: HCR_EL2, CPTR_EL2, CNTHCTL_EL2,
 * MDCR_EL2 and the exception syndrome of guest exits (Arm ARM D13, D17). */
#ifndef ARMHV_VIRT_H
#define ARMHV_VIRT_H

#include <arch/types.h>

/* HCR_EL2 */
#define HCR_VM		(UL(1) << 0)	/* stage-2 translation */
#define HCR_SWIO	(UL(1) << 1)	/* set/way invalidate is clean+invalidate */
#define HCR_FMO		(UL(1) << 3)	/* physical FIQs to EL2, virtual FIQs on */
#define HCR_IMO		(UL(1) << 4)	/* physical IRQs to EL2, virtual IRQs on */
#define HCR_AMO		(UL(1) << 5)	/* physical SErrors to EL2 */
#define HCR_VSE		(UL(1) << 8)	/* a virtual SError pending */
#define HCR_FB		(UL(1) << 9)	/* broadcast TLB and I-cache maintenance */
#define HCR_BSU_IS	(UL(1) << 10)	/* barriers: inner shareable */
#define HCR_TWI		(UL(1) << 13)	/* trap WFI */
#define HCR_TWE		(UL(1) << 14)	/* trap WFE */
#define HCR_TID3	(UL(1) << 18)	/* trap ID group 3 registers */
#define HCR_TSC		(UL(1) << 19)	/* trap SMC */
#define HCR_TIDCP	(UL(1) << 20)	/* trap implementation-defined registers */
#define HCR_TACR	(UL(1) << 21)	/* trap ACTLR_EL1 */
#define HCR_TSW		(UL(1) << 22)	/* trap set/way cache maintenance */
#define HCR_RW		(UL(1) << 31)	/* EL1 is AArch64 */
#define HCR_TLOR	(UL(1) << 35)	/* trap LORegions */
#define HCR_APK		(UL(1) << 40)	/* pointer-auth key registers not trapped */
#define HCR_API		(UL(1) << 41)	/* pointer-auth instructions not trapped */

/* What a running guest gets: its own stage-2, physical interrupts to
 * EL2 and virtual ones to it, the traps armhv emulates. */
#define HCR_GUEST	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
			 HCR_BSU_IS | HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | \
			 HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW | HCR_TLOR | \
			 HCR_APK | HCR_API)

/* CPTR_EL2 (non-VHE) */
#define CPTR_TFP	(UL(1) << 10)	/* trap FP/SIMD, at EL2 too */
#define CPTR_TTA	(UL(1) << 20)	/* trap trace registers */
#define CPTR_TCPAC	(UL(1) << 31)	/* trap CPACR_EL1 */

/* CNTHCTL_EL2 (non-VHE) */
#define CNTHCTL_EL1PCTEN	(UL(1) << 0)	/* EL1 may read the physical counter */
#define CNTHCTL_EL1PCEN		(UL(1) << 1)	/* EL1 may use the physical timer */

/* MDCR_EL2 */
#define MDCR_TPMCR	(UL(1) << 5)
#define MDCR_TPM	(UL(1) << 6)
#define MDCR_TDE	(UL(1) << 8)
#define MDCR_TDA	(UL(1) << 9)
#define MDCR_TDOSA	(UL(1) << 10)
#define MDCR_TDRA	(UL(1) << 11)
/* Guests: debug, OS lock and PMU registers all trapped (emulated). */
#define MDCR_GUEST	(MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)

/* ESR_ELx */
#define ESR_EC_SHIFT	26
#define ESR_EC(esr)	((unsigned)((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL		(UL(1) << 25)
#define ESR_ISS(esr)	((esr) & 0x1ffffff)

#define EC_UNKNOWN	0x00
#define EC_WFX		0x01
#define EC_FP		0x07
#define EC_PAC		0x09
#define EC_ILLEGAL	0x0e
#define EC_SVC64	0x15
#define EC_HVC64	0x16
#define EC_SMC64	0x17
#define EC_SYSREG	0x18
#define EC_SVE		0x19
#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_PC_ALIGN	0x22
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25
#define EC_SERROR	0x2f
#define EC_COUNT	64

/* Data abort ISS */
#define ISS_ISV		(UL(1) << 24)	/* the fields below are valid */
#define ISS_SAS(iss)	((unsigned)((iss) >> 22) & 3)	/* log2 of the size */
#define ISS_SSE		(UL(1) << 21)	/* sign-extend */
#define ISS_SRT(iss)	((unsigned)((iss) >> 16) & 0x1f)
#define ISS_SF		(UL(1) << 15)	/* 64-bit register */
#define ISS_EA		(UL(1) << 9)
#define ISS_S1PTW	(UL(1) << 7)
#define ISS_WNR		(UL(1) << 6)
#define ISS_FSC(iss)	((unsigned)(iss) & 0x3f)

/* System-register trap ISS (EC 0x18): the encoding, the direction. */
#define ISS_SYS_READ		(UL(1) << 0)
#define ISS_SYS_RT(iss)		((unsigned)((iss) >> 5) & 0x1f)
/* Op0, Op2, Op1, CRn and CRm in the ISS's layout, read bit excluded. */
#define ISS_SYS_MASK		0x3ffc1e
#define ISS_SYS(op0, op1, crn, crm, op2) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))

/* SPSR/PSTATE modes */
#define PSR_MODE_EL0T	0x0
#define PSR_MODE_EL1T	0x4
#define PSR_MODE_EL1H	0x5
#define PSR_MODE_MASK	0xf
#define PSR_D		(1 << 9)
#define PSR_A		(1 << 8)
#define PSR_I		(1 << 7)
#define PSR_F		(1 << 6)
#define PSR_DAIF	(PSR_D | PSR_A | PSR_I | PSR_F)

#ifndef __ASSEMBLY__
#include <arch/sysreg.h>

/* The CPU's physical address size (ID_AA64MMFR0_EL1.PARange), capped at
 * the 48 bits armhv's tables use. */
static inline unsigned cpu_pa_bits(void)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return parange < 6 ? bits[parange] : 48;
}
#endif

#endif
