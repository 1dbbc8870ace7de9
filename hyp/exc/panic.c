/* Whole-system panic: report, then the crash path (handover/crash.c), which
 * stops every CPU and enters the armed capture kernel. Self-contained: no
 * allocation, and the console lock is taken in a way that cannot wait for
 * this CPU itself. */
#include <exc/panic.h>
#include <cpu/cpu.h>
#include <handover/crash.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <stdio.h>

void panic(const char *fmt, ...)
{
	struct cpu_regs regs;
	char msg[256];
	bool took_lock;
	va_list ap;

	crash_save_regs(&regs);	/* the registers the dump shows */
	irq_mask_all();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	took_lock = con_lock_for_report();
	con_report_printf("\narmhv: PANIC on cpu%u: %s\n", this_cpu(), msg);
	/* From the caller's frame: #0 is the call to panic(). */
	backtrace_print((uint64_t)__builtin_return_address(0) - 4,
			*(uint64_t *)__builtin_frame_address(0));
	con_unlock_report(took_lock);
	crash_enter(&regs);
}

/* libfdt is built with the stack protector. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ULL;

void __stack_chk_fail(void)
{
	panic("stack protector: stack smashed");
}
