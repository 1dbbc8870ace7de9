/*
 * The identity map. Runs on the boot CPU with the MMU off, so it is built
 * with -mstrict-align and writes the tables with plain aligned stores.
 */
#include "guest.h"

#define PT_ENTRIES	512
#define L2_TABLES	8		/* GiBs partly RAM, partly not */
#define GIB		(1UL << 30)
#define MIB2		(1UL << 21)

#define PTE_BLOCK	1UL
#define PTE_TABLE	3UL
#define PTE_ATTR(i)	((uint64_t)(i) << 2)
#define PTE_SH_INNER	(3UL << 8)
#define PTE_AF		(1UL << 10)
#define PTE_PXN		(1UL << 53)
#define PTE_UXN		(1UL << 54)

#define DEV_BLOCK	(PTE_BLOCK | PTE_ATTR(MAIR_IDX_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define RAM_BLOCK	(PTE_BLOCK | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF)

#define MAIR_VALUE	(0x04UL << (8 * MAIR_IDX_DEVICE) | 0xffUL << (8 * MAIR_IDX_NORMAL) | \
			 0x44UL << (8 * MAIR_IDX_NC))
#define TCR_T0SZ_39	25UL
#define TCR_IRGN0_WBWA	(1UL << 8)
#define TCR_ORGN0_WBWA	(1UL << 10)
#define TCR_SH0_INNER	(3UL << 12)
#define TCR_EPD1	(1UL << 23)
#define TCR_IPS_SHIFT	32

/* RES1 bits of SCTLR_EL1 in ARMv8.0 (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RES1	0x30d00800UL

const bool guest_mmu_off __attribute__((weak)) = false;
struct mmu_cfg mmu_cfg;

static uint64_t l1[PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2[L2_TABLES][PT_ENTRIES] __attribute__((aligned(4096)));

/* 0: no RAM in [base, base + size); 1: all RAM; 2: some. */
static int ram_cover(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	for (unsigned int i = 0; i < plat.nmem; i++) {
		uint64_t rb = plat.mem[i].base, re = rb + plat.mem[i].size;
		if (rb <= base && end <= re)
			return 1;
		if (rb < end && base < re)
			return 2;
	}
	return 0;
}

void mmu_build(void)
{
	unsigned int used = 0;
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;
	mmu_cfg.mair = MAIR_VALUE;
	mmu_cfg.tcr = TCR_T0SZ_39 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
		      TCR_EPD1 | parange << TCR_IPS_SHIFT;
	mmu_cfg.ttbr0 = (uintptr_t)l1;
	mmu_cfg.sctlr = SCTLR_EL1_RES1 | SCTLR_SA | SCTLR_I;
	if (guest_mmu_off)
		return;
	mmu_cfg.sctlr |= SCTLR_M | SCTLR_C;

	for (unsigned int g = 0; g < PT_ENTRIES; g++) {
		uint64_t base = (uint64_t)g * GIB;
		int cover = ram_cover(base, GIB);

		if (cover == 0) {
			l1[g] = base | DEV_BLOCK;
		} else if (cover == 1) {
			l1[g] = base | RAM_BLOCK;
		} else {
			uint64_t *t;
			if (used == L2_TABLES)
				early_fail("RAM is split over too many GiBs to map");
			t = l2[used++];
			for (unsigned int i = 0; i < PT_ENTRIES; i++) {
				uint64_t b = base + i * MIB2;
				t[i] = b | (ram_cover(b, MIB2) == 1 ? RAM_BLOCK : DEV_BLOCK);
			}
			l1[g] = (uintptr_t)t | PTE_TABLE;
		}
	}
}

bool mmu_enabled(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}
