/* System register access and the values armhv programs at EL2. */
#ifndef ARMHV_SYSREG_H
#define ARMHV_SYSREG_H

#include <arch/types.h>

/* SCTLR_EL2 (non-VHE): RES1 bits, then the bits armhv sets. */
#define SCTLR_EL2_RES1		0x30c50830
#define SCTLR_M			(1 << 0)
#define SCTLR_C			(1 << 2)
#define SCTLR_SA		(1 << 3)
#define SCTLR_I			(1 << 12)
#define SCTLR_WXN		(1 << 19)
#define SCTLR_EL2_MMU_ON	(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN)
#define SCTLR_EL2_MMU_OFF	(SCTLR_EL2_RES1 | SCTLR_SA | SCTLR_I)
/* SCTLR_EL1 for the EL1 refusal path: RES1 bits 11,20,22,23,28,29. */
#define SCTLR_EL1_RES1		0x30d00800
#define SCTLR_EL1_MMU_ON	(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)

/* TCR_EL2 (non-VHE): 48-bit VA, 4 KiB granule, write-back walks. */
#define TCR_EL2_RES1		((UL(1) << 23) | (UL(1) << 31))
#define TCR_T0SZ_48		16
#define TCR_IRGN0_WBWA		(1 << 8)
#define TCR_ORGN0_WBWA		(1 << 10)
#define TCR_SH0_INNER		(3 << 12)
#define TCR_EL2_PS_SHIFT	16
#define TCR_EL2_BASE		(TCR_EL2_RES1 | TCR_T0SZ_48 | TCR_IRGN0_WBWA | \
				 TCR_ORGN0_WBWA | TCR_SH0_INNER)
/* TCR_EL1 for the refusal path: same walk, TTBR1 walks disabled. */
#define TCR_EL1_EPD1		(UL(1) << 23)
#define TCR_EL1_TG1_4K		(UL(2) << 30)
#define TCR_EL1_IPS_SHIFT	32
#define TCR_EL1_BASE		(TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | \
				 TCR_SH0_INNER | TCR_EL1_EPD1 | TCR_EL1_TG1_4K)

/* HCR_EL2: EL1 is AArch64; nothing trapped until a VM exists. */
#define HCR_EL2_RW		(UL(1) << 31)
/* CPTR_EL2 (non-VHE): RES1 bits; TFP clear, so armhv's libraries may use
 * FP/SIMD at EL2 (see docs/hyp-abi.md). */
#define CPTR_EL2_DEFAULT	0x33ff

#define MPIDR_AFF_MASK		UL(0xff00ffffff)	/* Aff3, Aff2, Aff1, Aff0 */

#ifndef __ASSEMBLY__
#include <stdint.h>

#define read_sysreg(r) ({						\
	uint64_t __v;							\
	__asm__ volatile("mrs %0, " #r : "=r"(__v));			\
	__v;								\
})
#define write_sysreg(r, v) do {						\
	uint64_t __wv = (uint64_t)(v);					\
	__asm__ volatile("msr " #r ", %0" : : "r"(__wv));		\
} while (0)
#define read_sysreg_s(name) ({						\
	uint64_t __v;							\
	__asm__ volatile("mrs %0, " name : "=r"(__v));			\
	__v;								\
})
#define write_sysreg_s(name, v) do {					\
	uint64_t __wv = (uint64_t)(v);					\
	__asm__ volatile("msr " name ", %0" : : "r"(__wv));		\
} while (0)

#define isb()		__asm__ volatile("isb" : : : "memory")
#define dsb(opt)	__asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt)	__asm__ volatile("dmb " #opt : : : "memory")
#define sev()		__asm__ volatile("sev" : : : "memory")
#define wfi()		__asm__ volatile("wfi" : : : "memory")
#define wfe()		__asm__ volatile("wfe" : : : "memory")
#define cpu_relax()	__asm__ volatile("yield" : : : "memory")

static inline void irq_mask_all(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
}

#endif

#endif
