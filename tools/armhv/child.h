/* Starting and stopping the QEMU child process, signals and deadlines. */
#ifndef ARMHV_TOOL_CHILD_H
#define ARMHV_TOOL_CHILD_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct armhv_child {
	pid_t pid;
	bool reaped;
	int status;             /* wait status once reaped */
};

/* Blocks SIGINT/SIGTERM/SIGHUP/SIGCHLD outside armhv_wait_*, installs
 * handlers (SIGINT ignored when ignore_sigint) and ignores SIGPIPE. */
void armhv_signals_setup(bool ignore_sigint);

/* The signal (SIGINT, SIGTERM, SIGHUP) that asked us to stop, or 0. */
int armhv_stop_signal(void);

/* The name of such a signal: "SIGINT", "SIGHUP" or "SIGTERM". */
const char *armhv_signal_name(int sig);

/* Starts argv[0] (PATH search). stdin_fd/stdout_fd: -1 to inherit.
 * own_group: in its own process group, so terminal signals reach us only.
 * death_sig: sent to it if we die. Returns 0, or an errno value when the
 * program could not be executed (the child is then already reaped). */
int armhv_child_start(struct armhv_child *child, char *const *argv,
		      int stdin_fd, int stdout_fd, bool own_group,
		      int death_sig);

/* Non-blocking reap; true once the child has exited. */
bool armhv_child_poll(struct armhv_child *child);

/* Waits for the child to exit (armhv_child_poll), until deadline_ms
 * (armhv_deadline_ms) or a stop signal (armhv_stop_signal), whichever
 * comes first; the child is left running in the last two cases. */
enum armhv_child_end {
	ARMHV_CHILD_EXITED,
	ARMHV_CHILD_STOP_SIGNAL,
	ARMHV_CHILD_TIMEOUT,
};
enum armhv_child_end armhv_child_wait_exit(struct armhv_child *child,
					   int64_t deadline_ms);

/* Kills the child (gentle: SIGTERM first, SIGKILL after 2 s) and reaps it. */
void armhv_child_kill(struct armhv_child *child, bool gentle);

/* A one-line description of a wait status: "exited with status 1",
 * "was killed by signal 9 (Killed)". */
void armhv_describe_status(int status, char *buf, size_t buf_size);

/* Milliseconds on a monotonic clock. */
int64_t armhv_now_ms(void);

/* The deadline timeout_s seconds from now on that clock, or -1 (none)
 * unless timeout_s is above 0. */
int64_t armhv_deadline_ms(long timeout_s);

/* Milliseconds left until deadline_ms, 0 once it has passed; -1 when
 * deadline_ms is -1 (no deadline). */
int64_t armhv_time_left_ms(int64_t deadline_ms);

/* Waits for fds (may be 0 of them) with the stop/child signals unblocked,
 * at most timeout_ms (-1: no limit). Returns ppoll's result; -1 with errno
 * EINTR when a signal came. */

int armhv_wait(struct pollfd *fds, unsigned nfds, int64_t timeout_ms);

#endif
