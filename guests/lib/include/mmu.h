/*
 * Stage-1 identity map at EL1, built at boot from the device tree: RAM is
 * Normal write-back memory (executable), everything else in the first
 * 512 GiB Device-nGnRE and never executable. 4 KiB granule, 39-bit VA.
 * A guest that wants the MMU off says GUEST_MMU_OFF() at file scope.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <stdbool.h>
#include <stdint.h>

/* What every CPU loads with the MMU off to turn it on (cleaned to PoC). */
struct mmu_cfg {
	uint64_t mair, tcr, ttbr0, sctlr;
};
extern struct mmu_cfg mmu_cfg;

/* Set to true by GUEST_MMU_OFF(); the library's weak default is false. */
extern const bool guest_mmu_off;
#define GUEST_MMU_OFF() const bool guest_mmu_off = true

/* Boot CPU, MMU off: builds the tables and fills mmu_cfg. */
void mmu_build(void);
/* crt0.S: loads mmu_cfg's registers (no stack used). */
void mmu_turn_on(const struct mmu_cfg *cfg);
bool mmu_enabled(void);

#define MAIR_IDX_DEVICE	0	/* Device-nGnRE */
#define MAIR_IDX_NORMAL	1	/* Normal, inner/outer write-back RW-allocate */
#define MAIR_IDX_NC	2	/* Normal non-cacheable */

#endif
