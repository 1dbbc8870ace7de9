/* VMIDs: 8-bit tags of stage-2 translations (vm/vmid.c). VMID 0 is never
 * given to a VM. A freed VMID is reused only after the TLB entries it
 * tagged are gone (mmu_s2_destroy flushes them). */
#ifndef ARMHV_VMID_H
#define ARMHV_VMID_H

#include <arch/types.h>

#define VMID_COUNT	256

/* The lowest free VMID, or 0 when all are taken. */
unsigned vmid_alloc(void);
void vmid_free(unsigned vmid);
unsigned vmid_in_use(void);

#endif
