/* Whole-machine transitions (docs/lifecycle.md). */
#ifndef ARMHV_LIFECYCLE_H
#define ARMHV_LIFECYCLE_H

#include <arch/types.h>
#include <arch/regs.h>
#include <cpu/cpu.h>

enum system_end { SYSTEM_END_POWEROFF, SYSTEM_END_REBOOT };

/* Before the machine ends or goes to a next image, the layers above take
 * down what they run (VMs): fn(why) with why "poweroff", "reboot" or
 * "kexec". Registered once at boot; not called on the crash path. */
void system_set_end_hook(void (*fn)(const char *why));
void system_end_hook(const char *why);

/* Takes every other CPU out of the runtime stage and off, then leaves the
 * runtime stage on this CPU and asks PSCI to power off or reset. */
void __noreturn system_end(enum system_end how);
/* Every other online or dead CPU leaves armhv and powers off (bounded
 * wait each; CPUs parked in the stub or init stage are reported). */
void cpus_take_others_off(void);
/* A CPU that cannot go on (after an unexpected exception, or without a
 * redistributor): state dead, parked, still honouring leave requests and
 * the crash path (which records regs for it, or its current registers). */
void __noreturn cpu_park_dead(const struct cpu_regs *regs);
/* What an online or dead CPU runs when asked to leave (cpu_leave()). */
void __noreturn cpu_leave_and_off(void);
/* Quiesces this CPU's GIC interface, sets its state to s and leaves the
 * runtime stage into cont (boot/stages.h). */
void __noreturn cpu_leave_runtime_as(enum cpu_state s, void (*cont)(void), uint64_t a2,
				     uint64_t a3, uint64_t a4);

#endif
