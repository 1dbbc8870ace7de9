/* Running QEMU: scripted (console on pipes, driven line by line,
 * run_scripted.c), attached (console on pipes, the terminal relayed to it
 * after the setup lines, run_attached.c) or interactive (QEMU on the
 * terminal, run_interactive.c); the line each ends with (report.c). */
#ifndef ARMHV_TOOL_RUN_H
#define ARMHV_TOOL_RUN_H

#include "opts.h"
#include "script.h"

/* Exit codes of `armhv run` (documented in main.c's usage text). */
enum armhv_exit {
	ARMHV_EXIT_OK = 0,
	ARMHV_EXIT_USAGE = 1,
	ARMHV_EXIT_QEMU = 2,     /* could not start, exited non-zero or early,
				    killed by a signal, or we were interrupted */
	ARMHV_EXIT_TIMEOUT = 3,
	ARMHV_EXIT_REFUSED = 4,  /* "armhv: cannot run:" on the console */
	ARMHV_EXIT_PANIC = 5,    /* "armhv: PANIC" on the console */
};

/* Prints "armhv run: <message>" on stderr. */
void armhv_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct armhv_child;
/* After a stop signal (armhv_stop_signal): kills QEMU (gentle: SIGTERM
 * first), reports "interrupted by SIGNAME; QEMU killed" and returns
 * ARMHV_EXIT_QEMU. */
int armhv_report_interrupted(struct armhv_child *child, bool gentle);

int armhv_run_scripted(const struct armhv_opts *opts, char *const *qemu_argv,
		       const struct armhv_script *script);
int armhv_run_interactive(const struct armhv_opts *opts,
			  char *const *qemu_argv);
/* Without --no-vm and --script: QEMU's console on pipes, the terminal raw
 * and relayed to it; types setup's lines (create and start the default
 * VMs, `vm console linux`) at the first prompts, holding what the user
 * types meanwhile (armhv_setup_key), then relays both ways until QEMU
 * exits. Exit codes as interactive runs, and 4 or 5 when armhv refuses
 * or stops for good before the guest's console is reached. */
int armhv_run_attached(const struct armhv_opts *opts, char *const *qemu_argv,
		       const struct armhv_script *setup);

#endif
