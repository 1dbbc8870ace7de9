/* The guest's timers (vm/timer.c): the EL1 virtual timer runs on the
 * hardware, offset by its VM's CNTVOFF; its interrupt reaches the guest
 * through the vGIC. The EL2 timer wakes vCPUs that wait and ends time
 * slices. */
#ifndef ARMHV_VM_TIMER_H
#define ARMHV_VM_TIMER_H

#include <vm/vcpu.h>

#define VTIMER_INTID	27	/* PPI 11 */
#define PTIMER_INTID	30	/* PPI 14 */

/* At VM creation: its virtual timer's PPI is backed by the physical one. */
void timer_init(struct vcpu *v);
/* The vCPU's timer state is in the CPU (after vcpu_load): the physical
 * PPI active if the guest holds the virtual one, which is raised if the
 * timer fired while the vCPU was away. */
void timer_load(struct vcpu *v);
/* Its physical interrupt fired while the guest ran (taken, its priority
 * dropped, still active). */
void timer_fired(struct vcpu *v);
/* After an exit while the physical PPI is active for the guest
 * (vcpu->vtimer_active): done with, or no longer asserting? */
void timer_sync(struct vcpu *v);
/* Before vcpu_put: the physical PPI inactive for whoever runs next. */
void timer_put(struct vcpu *v);
/* When a saved (not loaded) vCPU waiting in WFI must run again for one
 * of its timers: the earlier deadline of those whose interrupt the vGIC
 * does not have yet (0: none). */
uint64_t timer_wakeup(const struct vcpu *v);
/* A saved vCPU's timer has reached timer_wakeup(): it would interrupt. */
bool timer_expired(const struct vcpu *v);
/* The physical counter value at which a saved vCPU's timer fires, or 0
 * if it is not armed. */
uint64_t timer_deadline(const struct vcpu *v);

/* The EL1 physical timer, emulated (its registers trap): a trapped
 * access to CNTP_CTL/CVAL/TVAL_EL0 (true if enc is one of them). */
bool ptimer_access(struct vcpu *v, uint64_t enc, bool read, uint64_t *val);
/* Its interrupt line, from the counter now. */
void ptimer_sync(struct vcpu *v);
/* The physical counter value at which it fires, or 0. */
uint64_t ptimer_deadline(const struct vcpu *v);

/* The EL2 timer: fire at counter value when (0: off). */
void hyp_timer_arm(uint64_t when);
/* While a vCPU runs: the EL2 timer at the earlier of the end of its
 * slice (slice_end, 0: none) and its physical timer's deadline. */
void hyp_timer_for(const struct vcpu *v, uint64_t slice_end);

#endif
