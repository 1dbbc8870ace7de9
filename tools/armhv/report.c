/* The line on stderr that says why `armhv run` ended. */
#include "run.h"

#include <stdarg.h>
#include <stdio.h>

#include "child.h"

void armhv_report(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "armhv run: %s\n", msg);
	fflush(stderr);
}

int armhv_report_interrupted(struct armhv_child *child, bool gentle)
{
	armhv_child_kill(child, gentle);
	armhv_report("interrupted by %s; QEMU killed",
		     armhv_signal_name(armhv_stop_signal()));
	return ARMHV_EXIT_QEMU;
}
