/* Child process handling for the armhv command. */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal;
static sigset_t wait_mask;      /* the mask while waiting: ours unblocked */
static sigset_t orig_mask;      /* the mask we started with, for the child */

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_child(int sig)
{
	(void)sig;      /* only wakes armhv_wait */
}

void armhv_signals_setup(bool ignore_sigint)
{
	struct sigaction sa;
	sigset_t ours;

	sigemptyset(&ours);
	sigaddset(&ours, SIGINT);
	sigaddset(&ours, SIGTERM);
	sigaddset(&ours, SIGHUP);
	sigaddset(&ours, SIGCHLD);
	sigprocmask(SIG_BLOCK, &ours, &orig_mask);
	wait_mask = orig_mask;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGHUP);
	sigdelset(&wait_mask, SIGCHLD);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = ignore_sigint ? SIG_IGN : on_stop;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int armhv_stop_signal(void)
{
	return stop_signal;
}

const char *armhv_signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM";
}

int64_t armhv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t armhv_deadline_ms(long timeout_s)
{
	return timeout_s > 0 ? armhv_now_ms() + timeout_s * 1000 : -1;
}

int64_t armhv_time_left_ms(int64_t deadline_ms)
{
	int64_t left;

	if (deadline_ms < 0)
		return -1;
	left = deadline_ms - armhv_now_ms();
	return left > 0 ? left : 0;
}

int armhv_wait(struct pollfd *fds, unsigned nfds, int64_t timeout_ms)
{
	struct timespec ts, *tsp = NULL;

	if (timeout_ms >= 0) {
		ts.tv_sec = (time_t)(timeout_ms / 1000);
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000;
		tsp = &ts;
	}
	return ppoll(fds, nfds, tsp, &wait_mask);
}

static void child_exec(char *const *argv, int stdin_fd, int stdout_fd,
		       bool own_group, int death_sig, pid_t parent, int err_fd)
{
	int err;

	if (own_group)
		setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, death_sig);
	if (getppid() != parent)
		_exit(127);     /* the parent died before prctl */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
	if (stdin_fd >= 0 && dup2(stdin_fd, STDIN_FILENO) < 0)
		goto fail;
	if (stdout_fd >= 0 && dup2(stdout_fd, STDOUT_FILENO) < 0)
		goto fail;
	execvp(argv[0], argv);
fail:
	err = errno;
	if (write(err_fd, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

int armhv_child_start(struct armhv_child *child, char *const *argv,
		      int stdin_fd, int stdout_fd, bool own_group,
		      int death_sig)
{
	pid_t parent = getpid();
	int err_pipe[2], err = 0;
	ssize_t n;

	memset(child, 0, sizeof(*child));
	if (pipe2(err_pipe, O_CLOEXEC) < 0)
		return errno;
	child->pid = fork();
	if (child->pid < 0) {
		err = errno;
		close(err_pipe[0]);
		close(err_pipe[1]);
		return err;
	}
	if (child->pid == 0) {
		close(err_pipe[0]);
		child_exec(argv, stdin_fd, stdout_fd, own_group, death_sig,
			   parent, err_pipe[1]);
	}
	close(err_pipe[1]);
	/* Closed by exec (0 bytes) or carrying exec's errno. */
	do {
		n = read(err_pipe[0], &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(err_pipe[0]);
	if (n == (ssize_t)sizeof(err)) {
		while (waitpid(child->pid, &child->status, 0) < 0 &&
		       errno == EINTR)
			;
		child->reaped = true;
		return err ? err : EIO;
	}
	return 0;
}

bool armhv_child_poll(struct armhv_child *child)
{
	if (!child->reaped && waitpid(child->pid, &child->status, WNOHANG) ==
	    child->pid)
		child->reaped = true;
	return child->reaped;
}

enum armhv_child_end armhv_child_wait_exit(struct armhv_child *child,
					   int64_t deadline_ms)
{
	while (!armhv_child_poll(child)) {
		int64_t wait_ms = armhv_time_left_ms(deadline_ms);

		if (armhv_stop_signal())
			return ARMHV_CHILD_STOP_SIGNAL;
		if (wait_ms == 0)
			return ARMHV_CHILD_TIMEOUT;
		armhv_wait(NULL, 0, wait_ms);
	}
	return ARMHV_CHILD_EXITED;
}

void armhv_child_kill(struct armhv_child *child, bool gentle)
{
	if (armhv_child_poll(child))
		return;
	if (gentle) {
		int64_t end_ms = armhv_now_ms() + 2000;

		kill(child->pid, SIGTERM);
		while (!armhv_child_poll(child) && armhv_now_ms() < end_ms) {
			struct timespec ts = { 0, 20 * 1000000 };
			nanosleep(&ts, NULL);
		}
		if (child->reaped)
			return;
	}
	kill(child->pid, SIGKILL);
	while (waitpid(child->pid, &child->status, 0) < 0 && errno == EINTR)
		;
	child->reaped = true;
}

void armhv_describe_status(int status, char *buf, size_t buf_size)
{
	if (WIFSIGNALED(status))
		snprintf(buf, buf_size, "was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status))
		snprintf(buf, buf_size, "exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(buf, buf_size, "ended with wait status 0x%x", status);
}
