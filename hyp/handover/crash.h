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

/* The panic path: never returns. regs: the panicking CPU at panic(). */
void __noreturn crash_enter(const struct cpu_regs *regs);

#endif
