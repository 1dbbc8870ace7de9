/* Crash dumps (kdump): a capture kernel armed in a reserved region gets the
 * machine on a panic, with an ELF core of armhv (handover/crash.c,
 * docs/kexec.md). */
#ifndef ARMHV_CRASH_H
#define ARMHV_CRASH_H

#include <handover/elfcore.h>
#include <handover/kexec.h>

#define CRASH_REGION_DEFAULT	(192ULL << 20)

/* At boot: reserves the crash region (armhv.crashkernel=SIZE in armhv's
 * bootargs, 0 to disable). */
void crash_reserve(const char *bootargs);
/* Arms the capture kernel: copies it, its initrd and a device tree into
 * the region. Returns 0 or an error with a reason. */
int kdump_load(const struct kexec_request *r, char *err, size_t err_size);
void kdump_show(void);

/* Set once a CPU has started the crash path; every polling loop checks
 * it through crash_check(). */
extern volatile bool crash_in_progress;
/* If a crash is in progress, saves this CPU's registers (or those of the
 * exception frame it is parked in, when regs is given) and leaves armhv
 * for good. Returns if there is no crash. */
void crash_check(const struct cpu_regs *regs);
/* The panic path: never returns. regs: the panicking CPU at panic(). */
void __noreturn crash_enter(const struct cpu_regs *regs);
/* Saves the caller's registers (x0-x30, sp, pc = return address). */
void crash_save_regs(struct cpu_regs *r);

#endif
