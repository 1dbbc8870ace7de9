/* Whole-system panic. The crash path (kdump) hangs off here later; for
 * now it reports, stops the other CPUs' output and parks. */
#include <armhv/panic.h>
#include <armhv/cpu.h>
#include <armhv/log.h>
#include <armhv/sysreg.h>
#include <stdio.h>

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	irq_mask_all();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	con_lock_for_report();
	con_report_printf("\narmhv: PANIC on cpu%u: %s\n", this_cpu(), msg);
	backtrace_print((uint64_t)__builtin_return_address(0),
			(uint64_t)__builtin_frame_address(0));
	con_unlock_report();
	for (;;)
		wfi();
}
