/* `armhv run --no-vm` without a script: QEMU on the terminal, armhv run
 * only waiting for it (timeout, signals, exit status). */
#include "run.h"

#include <string.h>
#include <sys/wait.h>

#include "child.h"

int armhv_run_interactive(const struct armhv_opts *opts,
			  char *const *qemu_argv)
{
	struct armhv_child child;
	char what[160];
	int err;

	/* Ctrl-C belongs to QEMU (and armhv) on the terminal. */
	armhv_signals_setup(true);
	err = armhv_child_start(&child, qemu_argv, -1, -1, false, SIGTERM);
	if (err) {
		armhv_report("cannot start QEMU (%s): %s", qemu_argv[0],
			     strerror(err));
		return ARMHV_EXIT_QEMU;
	}
	switch (armhv_child_wait_exit(&child, armhv_deadline_ms(opts->timeout_s))) {
	case ARMHV_CHILD_STOP_SIGNAL:
		return armhv_report_interrupted(&child, true);
	case ARMHV_CHILD_TIMEOUT:
		armhv_child_kill(&child, true);
		armhv_report("timeout after %ld s (interactive run); "
			     "QEMU killed", opts->timeout_s);
		return ARMHV_EXIT_TIMEOUT;
	case ARMHV_CHILD_EXITED:
		break;
	}
	if (WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0)
		return ARMHV_EXIT_OK;
	armhv_describe_status(child.status, what, sizeof(what));
	armhv_report("QEMU %s", what);
	return ARMHV_EXIT_QEMU;
}
