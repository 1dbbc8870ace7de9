/* The guest's timers (vm/timer.c): the EL1 virtual timer runs on the
 * hardware, offset by its VM's CNTVOFF; its interrupt reaches the guest
 * through the vGIC. The EL2 timer wakes vCPUs that wait and ends time
 * slices. */
#ifndef ARMHV_VM_TIMER_H
#define ARMHV_VM_TIMER_H

#include <vm/vcpu.h>

#define VTIMER_INTID	27	/* PPI 11 */

/* The vCPU's timer state is in the CPU (after vcpu_load): hold its
 * physical interrupt off if it fires now, and raise the guest's line. */
void timer_load(struct vcpu *v);
/* Its physical interrupt fired while the guest ran. */
void timer_fired(struct vcpu *v);
/* After an exit: the guest may have re-armed or masked its timer. */
void timer_sync(struct vcpu *v);
/* Before vcpu_put saves the timer: its physical interrupt back on. */
void timer_put(struct vcpu *v);
/* A saved (not loaded) vCPU's timer has expired and would interrupt. */
bool timer_expired(const struct vcpu *v);
/* The physical counter value at which a saved vCPU's timer fires, or 0
 * if it is not armed. */
uint64_t timer_deadline(const struct vcpu *v);

/* The EL2 timer: fire at counter value when (0: off). */
void hyp_timer_arm(uint64_t when);

#endif
