/* `armhv run --script FILE`: QEMU's console on pipes, copied to stdout;
 * the next script line typed at each prompt; armhv's refusal, panic and
 * final stop lines, QEMU's exit and the timeout turned into exit codes. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "drive.h"
#include "scan.h"

/* A refusal line that stops without its newline counts once the console
 * has been quiet this long. */
#define REFUSAL_GRACE_MS 500

static void describe_pending(const struct armhv_drive *d, char *buf, size_t size)
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
static int on_event(struct armhv_drive *d, enum armhv_scan_event event)
{
	switch (event) {
	case ARMHV_SCAN_PROMPT:
		if (d->sent_count < d->script->count) {
			if (armhv_drive_queue_line(d, d->script->lines[d->sent_count].text))
				return ARMHV_EXIT_QEMU;
			d->sent_count++;
			armhv_drive_flush(d);
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
static int on_output(struct armhv_drive *d, const char *buf, size_t len)
{
	armhv_write_all(STDOUT_FILENO, buf, len);
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

static int finish(struct armhv_drive *d, struct armhv_child *child, int rc,
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

int armhv_run_scripted(const struct armhv_opts *opts, char *const *qemu_argv,
		       const struct armhv_script *script)
{
	int64_t deadline_ms, quiet_since_ms;
	struct armhv_child child;
	struct armhv_drive d;
	int err, rc = -1;
	int out_fd;

	err = armhv_drive_start(&d, &child, qemu_argv, script, false, &out_fd);
	if (err)
		return err;
	fcntl(out_fd, F_SETFL, O_NONBLOCK);
	deadline_ms = armhv_deadline_ms(opts->timeout_s);
	quiet_since_ms = armhv_now_ms();

	/* Until QEMU closes its stdout (it exits). */
	while (out_fd >= 0) {
		struct pollfd fds[2];
		int64_t wait_ms = armhv_time_left_ms(deadline_ms);
		unsigned nfds = 1;
		char buf[4096];
		ssize_t n;

		if (armhv_stop_signal())
			return armhv_report_interrupted(&child, false);
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
			armhv_drive_flush(&d);
		n = armhv_drive_read(&out_fd, fds[0].revents, buf, sizeof(buf));
		if (n == 0)
			continue;
		if (n < 0) {
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
	armhv_drive_close(&d);
	if (rc >= 0)
		return finish(&d, &child, rc, opts);

	/* QEMU closed its stdout: wait for it to exit. */
	switch (armhv_child_wait_exit(&child, deadline_ms)) {
	case ARMHV_CHILD_STOP_SIGNAL:
		return armhv_report_interrupted(&child, false);
	case ARMHV_CHILD_TIMEOUT:
		return finish(&d, &child, ARMHV_EXIT_TIMEOUT, opts);
	case ARMHV_CHILD_EXITED:
		break;
	}
	return finish(&d, &child, -1, opts);
}
