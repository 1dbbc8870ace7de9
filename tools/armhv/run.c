/* `armhv run`: start QEMU and, with a script, drive armhv's console. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "scan.h"
#include "vmsetup.h"

/* A refusal line that stops without its newline counts once the console
 * has been quiet this long. */
#define REFUSAL_GRACE_MS 500

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

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;         /* nobody reads our stdout: go on */
		buf += n;
		len -= (size_t)n;
	}
}

static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM";
}

static int report_interrupted(struct armhv_child *child, bool gentle)
{
	armhv_child_kill(child, gentle);
	armhv_report("interrupted by %s; QEMU killed",
		     signal_name(armhv_stop_signal()));
	return ARMHV_EXIT_QEMU;
}

/* Where the script stands: lines[0..sent_count) have been sent. */
struct drive {
	const struct armhv_script *script;
	size_t sent_count;
	char *out;              /* bytes for QEMU's stdin not yet written */
	size_t out_len;
	int in_fd;              /* QEMU's stdin, -1 once it is gone */
	struct armhv_scan scan;
};

static int queue_line(struct drive *d, const char *text)
{
	size_t len = strlen(text);
	char *out = realloc(d->out, d->out_len + len + 1);

	if (!out)
		return -ENOMEM;
	memcpy(out + d->out_len, text, len);
	out[d->out_len + len] = '\r';
	d->out = out;
	d->out_len += len + 1;
	return 0;
}

static int queue_bytes(struct drive *d, const char *buf, size_t len)
{
	char *out = realloc(d->out, d->out_len + len);

	if (!out)
		return -ENOMEM;
	memcpy(out + d->out_len, buf, len);
	d->out = out;
	d->out_len += len;
	return 0;
}

static void flush_out(struct drive *d)
{
	while (d->in_fd >= 0 && d->out_len) {
		ssize_t n = write(d->in_fd, d->out, d->out_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {   /* QEMU closed its stdin: it is going away */
			close(d->in_fd);
			d->in_fd = -1;
			d->out_len = 0;
			return;
		}
		memmove(d->out, d->out + n, d->out_len - (size_t)n);
		d->out_len -= (size_t)n;
	}
}

static void describe_pending(const struct drive *d, char *buf, size_t size)
{
	const struct armhv_script *s = d->script;

	if (d->sent_count == 0)
		snprintf(buf, size, "waiting for the first prompt");
	else if (s->lines[d->sent_count - 1].line_no == 0)
		snprintf(buf, size,
			 "the default VMs' line `%s` pending: no prompt since it "
			 "was sent", s->lines[d->sent_count - 1].text);
	else if (d->sent_count < s->count)
		snprintf(buf, size,
			 "script line %u (`%s`) pending: no prompt since it "
			 "was sent", s->lines[d->sent_count - 1].line_no,
			 s->lines[d->sent_count - 1].text);
	else
		snprintf(buf, size,
			 "script line %u (`%s`) pending: it was the last, and "
			 "QEMU did not exit", s->lines[d->sent_count - 1].line_no,
			 s->lines[d->sent_count - 1].text);
}

/* Handles one scanner event. Returns -1 to go on, or an exit code. */
static int on_event(struct drive *d, enum armhv_scan_event event)
{
	switch (event) {
	case ARMHV_SCAN_PROMPT:
		if (d->sent_count < d->script->count) {
			if (queue_line(d, d->script->lines[d->sent_count].text))
				return ARMHV_EXIT_QEMU;
			d->sent_count++;
			flush_out(d);
		}
		return -1;
	case ARMHV_SCAN_REFUSAL:
		return ARMHV_EXIT_REFUSED;
	case ARMHV_SCAN_STOPPED:
		return ARMHV_EXIT_PANIC;        /* nothing more will come */
	case ARMHV_SCAN_PANIC:
	case ARMHV_SCAN_NONE:
		break;
	}
	return -1;
}

/* Copies and scans a chunk of console output. Returns -1 or an exit code. */
static int on_output(struct drive *d, const char *buf, size_t len)
{
	write_all(STDOUT_FILENO, buf, len);
	while (len) {
		enum armhv_scan_event event;
		size_t used = armhv_scan_feed(&d->scan, buf, len, &event);
		int rc = on_event(d, event);

		if (rc >= 0)
			return rc;
		buf += used;
		len -= used;
	}
	return -1;
}

static int finish(struct drive *d, struct armhv_child *child, int rc,
		  const struct armhv_opts *opts)
{
	char what[160], pending[1200];

	if (rc == ARMHV_EXIT_REFUSED) {
		armhv_child_kill(child, false);
		armhv_report("armhv refused to run: %s", d->scan.refusal_line);
		return rc;
	}
	if (rc == ARMHV_EXIT_PANIC) {
		armhv_child_kill(child, false);
		if (d->scan.panic_seen)
			armhv_report("armhv panicked: %s (then stopped for good: "
				     "%s; QEMU killed)", d->scan.panic_line,
				     d->scan.stop_line);
		else
			armhv_report("armhv stopped for good: %s; QEMU killed",
				     d->scan.stop_line);
		return rc;
	}
	if (rc == ARMHV_EXIT_TIMEOUT) {
		armhv_child_kill(child, false);
		if (d->scan.panic_seen) {
			armhv_report("armhv panicked: %s (then timeout after "
				     "%ld s; QEMU killed)", d->scan.panic_line,
				     opts->timeout_s);
			return ARMHV_EXIT_PANIC;
		}
		describe_pending(d, pending, sizeof(pending));
		armhv_report("timeout after %ld s, %s; QEMU killed",
			     opts->timeout_s, pending);
		return rc;
	}
	if (rc >= 0) {          /* an internal error */
		armhv_child_kill(child, false);
		armhv_report("out of memory; QEMU killed");
		return rc;
	}
	/* QEMU has exited. */
	armhv_describe_status(child->status, what, sizeof(what));
	if (d->scan.panic_seen) {
		armhv_report("armhv panicked: %s (then QEMU %s)",
			     d->scan.panic_line, what);
		return ARMHV_EXIT_PANIC;
	}
	if (!WIFEXITED(child->status) || WEXITSTATUS(child->status) != 0) {
		armhv_report("QEMU %s", what);
		return ARMHV_EXIT_QEMU;
	}
	if (d->sent_count < d->script->count) {
		const struct armhv_script_line *l =
			&d->script->lines[d->sent_count];
		if (l->line_no)
			armhv_report("QEMU exited before the script ended (line %u "
				     "pending: `%s`)", l->line_no, l->text);
		else
			armhv_report("QEMU exited before the script ended (the "
				     "default VMs' line `%s` pending)", l->text);
		return ARMHV_EXIT_QEMU;
	}
	return ARMHV_EXIT_OK;
}

static int64_t time_left_ms(int64_t deadline_ms)
{
	int64_t left;

	if (deadline_ms < 0)
		return -1;
	left = deadline_ms - armhv_now_ms();
	return left > 0 ? left : 0;
}

/* Starts QEMU with its stdin and stdout on pipes, for a drive of script
 * (a --script run, or the setup lines of an attached one). Returns 0 with
 * *out_fd the read end of QEMU's output, or an exit code. */
static int start_driven(struct drive *d, struct armhv_child *child, char *const *qemu_argv,
			const struct armhv_script *script, bool interactive, int *out_fd)
{
	int in_pipe[2], out_pipe[2], err;

	memset(d, 0, sizeof(*d));
	d->script = script;
	armhv_scan_init(&d->scan);
	armhv_signals_setup(interactive);
	if (pipe2(in_pipe, O_CLOEXEC) < 0 || pipe2(out_pipe, O_CLOEXEC) < 0) {
		armhv_report("cannot create pipes: %s", strerror(errno));
		return ARMHV_EXIT_QEMU;
	}
	/* dup2 in the child clears O_CLOEXEC on its stdin/stdout copies. */
	err = armhv_child_start(child, qemu_argv, in_pipe[0], out_pipe[1], true, SIGKILL);
	close(in_pipe[0]);
	close(out_pipe[1]);
	if (err) {
		armhv_report("cannot start QEMU (%s): %s", qemu_argv[0], strerror(err));
		return ARMHV_EXIT_QEMU;
	}
	d->in_fd = in_pipe[1];
	*out_fd = out_pipe[0];
	fcntl(d->in_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

int armhv_run_scripted(const struct armhv_opts *opts, char *const *qemu_argv,
		       const struct armhv_script *script)
{
	int64_t deadline_ms = -1, quiet_since_ms;
	struct armhv_child child;
	struct drive d;
	int err, rc = -1;
	int out_fd;

	err = start_driven(&d, &child, qemu_argv, script, false, &out_fd);
	if (err)
		return err;
	fcntl(out_fd, F_SETFL, O_NONBLOCK);
	if (opts->timeout_s > 0)
		deadline_ms = armhv_now_ms() + opts->timeout_s * 1000;
	quiet_since_ms = armhv_now_ms();

	/* Until QEMU closes its stdout (it exits). */
	while (out_fd >= 0) {
		struct pollfd fds[2];
		int64_t wait_ms = time_left_ms(deadline_ms);
		unsigned nfds = 1;
		char buf[4096];
		ssize_t n;

		if (armhv_stop_signal())
			return report_interrupted(&child, false);
		if (wait_ms == 0) {
			rc = ARMHV_EXIT_TIMEOUT;
			break;
		}
		if (armhv_scan_partial_refusal(&d.scan)) {
			int64_t grace_ms = quiet_since_ms + REFUSAL_GRACE_MS -
					   armhv_now_ms();
			if (grace_ms <= 0) {
				rc = on_event(&d, armhv_scan_end_line(&d.scan));
				if (rc >= 0)
					break;
			} else if (wait_ms < 0 || grace_ms < wait_ms) {
				wait_ms = grace_ms;
			}
		}
		fds[0].fd = out_fd;
		fds[0].events = POLLIN;
		if (d.in_fd >= 0 && d.out_len) {
			fds[1].fd = d.in_fd;
			fds[1].events = POLLOUT;
			nfds = 2;
		}
		if (armhv_wait(fds, nfds, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			armhv_report("poll: %s", strerror(errno));
			rc = ARMHV_EXIT_QEMU;
			break;
		}
		if (nfds == 2 && fds[1].revents)
			flush_out(&d);
		if (!fds[0].revents)
			continue;
		n = read(out_fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			close(out_fd);
			out_fd = -1;
			rc = on_event(&d, armhv_scan_end_line(&d.scan));
			break;
		}
		quiet_since_ms = armhv_now_ms();
		rc = on_output(&d, buf, (size_t)n);
		if (rc >= 0)
			break;
	}
	if (out_fd >= 0)
		close(out_fd);
	if (d.in_fd >= 0)
		close(d.in_fd);
	free(d.out);
	if (rc >= 0)
		return finish(&d, &child, rc, opts);

	/* QEMU closed its stdout: wait for it to exit. */
	while (!armhv_child_poll(&child)) {
		int64_t wait_ms = time_left_ms(deadline_ms);

		if (armhv_stop_signal())
			return report_interrupted(&child, false);
		if (wait_ms == 0)
			return finish(&d, &child, ARMHV_EXIT_TIMEOUT, opts);
		armhv_wait(NULL, 0, wait_ms);
	}
	return finish(&d, &child, -1, opts);
}

int armhv_run_interactive(const struct armhv_opts *opts,
			  char *const *qemu_argv)
{
	int64_t deadline_ms = -1;
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
	if (opts->timeout_s > 0)
		deadline_ms = armhv_now_ms() + opts->timeout_s * 1000;
	while (!armhv_child_poll(&child)) {
		int64_t wait_ms = time_left_ms(deadline_ms);

		if (armhv_stop_signal())
			return report_interrupted(&child, true);
		if (wait_ms == 0) {
			armhv_child_kill(&child, true);
			armhv_report("timeout after %ld s (interactive run); "
				     "QEMU killed", opts->timeout_s);
			return ARMHV_EXIT_TIMEOUT;
		}
		armhv_wait(NULL, 0, wait_ms);
	}
	if (WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0)
		return ARMHV_EXIT_OK;
	armhv_describe_status(child.status, what, sizeof(what));
	armhv_report("QEMU %s", what);
	return ARMHV_EXIT_QEMU;
}

/* The terminal's settings before raw mode, to put back. */
static struct termios saved_tty;
static bool tty_raw;

static void tty_make_raw(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) < 0)
		return;
	t = saved_tty;
	cfmakeraw(&t);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		tty_raw = true;
}

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = false;
}

static int attached_end(struct armhv_child *child, int rc, bool killed,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Puts the terminal back, kills QEMU if asked, reports why (fmt, on a line
 * of its own: the terminal may be mid-line). */
static int attached_end(struct armhv_child *child, int rc, bool killed,
			const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (killed)
		armhv_child_kill(child, true);
	tty_restore();
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);   /* the guest's line may be open */
		armhv_report("%s", msg);
	}
	return rc;
}

int armhv_run_attached(const struct armhv_opts *opts, char *const *qemu_argv,
		       const struct armhv_script *setup)
{
	int64_t deadline_ms = -1;
	struct armhv_child child;
	struct drive d;
	int err, out_fd, tty_fd = STDIN_FILENO;
	char *held = NULL;
	size_t held_len = 0;
	bool after_ctrl_a = false, handed = false;
	char what[160];

	err = start_driven(&d, &child, qemu_argv, setup, true, &out_fd);
	if (err)
		return err;
	tty_make_raw();
	if (opts->timeout_s > 0)
		deadline_ms = armhv_now_ms() + opts->timeout_s * 1000;

	while (out_fd >= 0) {
		struct pollfd fds[3];
		int64_t wait_ms = time_left_ms(deadline_ms);
		unsigned nfds = 1, tty_at = 0, in_at = 0;
		char buf[4096];
		ssize_t n;

		if (armhv_stop_signal())
			return attached_end(&child, ARMHV_EXIT_QEMU, true,
					    "interrupted by %s; QEMU killed",
					    signal_name(armhv_stop_signal()));
		if (wait_ms == 0)
			return attached_end(&child, ARMHV_EXIT_TIMEOUT, true,
					    "timeout after %ld s (interactive run); "
					    "QEMU killed", opts->timeout_s);
		fds[0].fd = out_fd;
		fds[0].events = POLLIN;
		if (tty_fd >= 0) {
			tty_at = nfds++;
			fds[tty_at].fd = tty_fd;
			fds[tty_at].events = POLLIN;
		}
		if (d.in_fd >= 0 && d.out_len) {
			in_at = nfds++;
			fds[in_at].fd = d.in_fd;
			fds[in_at].events = POLLOUT;
		}
		if (armhv_wait(fds, nfds, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			return attached_end(&child, ARMHV_EXIT_QEMU, true,
					    "poll: %s", strerror(errno));
		}
		if (in_at && fds[in_at].revents)
			flush_out(&d);
		if (tty_at && fds[tty_at].revents) {
			n = read(tty_fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				tty_fd = -1;    /* end of input: QEMU goes on */
			} else if (handed) {
				if (d.in_fd >= 0 && queue_bytes(&d, buf, (size_t)n))
					return attached_end(&child, ARMHV_EXIT_QEMU, true,
							    "out of memory; QEMU killed");
				flush_out(&d);
			} else {
				for (ssize_t i = 0; i < n; i++) {
					enum armhv_setup_key k = armhv_setup_key(&after_ctrl_a,
										 (unsigned char)buf[i]);

					if (k == ARMHV_SETUP_KEY_ABORT)
						return attached_end(&child, ARMHV_EXIT_QEMU, true,
								    "Ctrl-C before the console "
								    "reached the guest; QEMU killed");
					if (k == ARMHV_SETUP_KEY_PASS) {
						if (queue_bytes(&d, &buf[i], 1))
							return attached_end(&child, ARMHV_EXIT_QEMU, true,
									    "out of memory; QEMU killed");
					} else if (held_len < 65536) {
						char *more = realloc(held, held_len + 1);

						if (!more)
							return attached_end(&child, ARMHV_EXIT_QEMU, true,
									    "out of memory; QEMU killed");
						held = more;
						held[held_len++] = buf[i];
					}
				}
				flush_out(&d);
			}
		}
		if (!fds[0].revents)
			continue;
		n = read(out_fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			close(out_fd);
			out_fd = -1;
			break;
		}
		write_all(STDOUT_FILENO, buf, (size_t)n);
		/* Type the setup lines at the first prompts; then the terminal
		 * is the user's, with what they typed meanwhile. */
		for (size_t off = 0; !handed && off < (size_t)n;) {
			enum armhv_scan_event event;

			off += armhv_scan_feed(&d.scan, buf + off, (size_t)n - off, &event);
			if (event == ARMHV_SCAN_REFUSAL) {
				free(held);
				return attached_end(&child, ARMHV_EXIT_REFUSED, true,
						    "armhv refused to run: %s",
						    d.scan.refusal_line);
			}
			if (event == ARMHV_SCAN_STOPPED) {
				free(held);
				return attached_end(&child, ARMHV_EXIT_PANIC, true,
						    "armhv stopped for good: %s; QEMU killed",
						    d.scan.stop_line);
			}
			if (event != ARMHV_SCAN_PROMPT)
				continue;
			if (queue_line(&d, setup->lines[d.sent_count++].text))
				return attached_end(&child, ARMHV_EXIT_QEMU, true,
						    "out of memory; QEMU killed");
			if (d.sent_count == setup->count) {
				handed = true;
				if (held_len && queue_bytes(&d, held, held_len))
					return attached_end(&child, ARMHV_EXIT_QEMU, true,
							    "out of memory; QEMU killed");
				free(held);
				held = NULL;
				held_len = 0;
			}
		}
		flush_out(&d);
	}
	free(held);
	free(d.out);
	if (d.in_fd >= 0)
		close(d.in_fd);
	/* QEMU closed its stdout: wait for it to exit. */
	while (!armhv_child_poll(&child)) {
		int64_t wait_ms = time_left_ms(deadline_ms);

		if (armhv_stop_signal())
			return attached_end(&child, ARMHV_EXIT_QEMU, true,
					    "interrupted by %s; QEMU killed",
					    signal_name(armhv_stop_signal()));
		if (wait_ms == 0)
			return attached_end(&child, ARMHV_EXIT_TIMEOUT, true,
					    "timeout after %ld s (interactive run); "
					    "QEMU killed", opts->timeout_s);
		armhv_wait(NULL, 0, wait_ms);
	}
	if (WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0)
		return attached_end(&child, ARMHV_EXIT_OK, false, NULL);
	armhv_describe_status(child.status, what, sizeof(what));
	return attached_end(&child, ARMHV_EXIT_QEMU, false, "QEMU %s", what);
}
