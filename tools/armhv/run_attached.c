/* `armhv run` with the default VMs and no script: QEMU's console on pipes
 * and the terminal raw, relayed to it; the setup lines (vmsetup.h) typed
 * at the first prompts while the user's keys wait, then both ways until
 * QEMU exits. */
#include "run.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "drive.h"
#include "scan.h"
#include "vmsetup.h"

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
	int64_t deadline_ms;
	struct armhv_child child;
	struct armhv_drive d;
	int err, out_fd, tty_fd = STDIN_FILENO;
	char *held = NULL;
	size_t held_len = 0;
	bool after_ctrl_a = false, handed = false;
	char what[160];

	err = armhv_drive_start(&d, &child, qemu_argv, setup, true, &out_fd);
	if (err)
		return err;
	tty_make_raw();
	deadline_ms = armhv_deadline_ms(opts->timeout_s);

	while (out_fd >= 0) {
		struct pollfd fds[3];
		int64_t wait_ms = armhv_time_left_ms(deadline_ms);
		unsigned nfds = 1, tty_at = 0, in_at = 0;
		char buf[4096];
		ssize_t n;

		if (armhv_stop_signal())
			return attached_end(&child, ARMHV_EXIT_QEMU, true,
					    "interrupted by %s; QEMU killed",
					    armhv_signal_name(armhv_stop_signal()));
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
			armhv_drive_flush(&d);
		if (tty_at && fds[tty_at].revents) {
			n = read(tty_fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				tty_fd = -1;    /* end of input: QEMU goes on */
			} else if (handed) {
				if (d.in_fd >= 0 && armhv_drive_queue_bytes(&d, buf, (size_t)n))
					return attached_end(&child, ARMHV_EXIT_QEMU, true,
							    "out of memory; QEMU killed");
				armhv_drive_flush(&d);
			} else {
				for (ssize_t i = 0; i < n; i++) {
					enum armhv_setup_key k = armhv_setup_key(&after_ctrl_a,
										 (unsigned char)buf[i]);

					if (k == ARMHV_SETUP_KEY_ABORT)
						return attached_end(&child, ARMHV_EXIT_QEMU, true,
								    "Ctrl-C before the console "
								    "reached the guest; QEMU killed");
					if (k == ARMHV_SETUP_KEY_PASS) {
						if (armhv_drive_queue_bytes(&d, &buf[i], 1))
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
				armhv_drive_flush(&d);
			}
		}
		n = armhv_drive_read(&out_fd, fds[0].revents, buf, sizeof(buf));
		if (n == 0)
			continue;
		if (n < 0)
			break;
		armhv_write_all(STDOUT_FILENO, buf, (size_t)n);
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
			if (armhv_drive_queue_line(&d, setup->lines[d.sent_count++].text))
				return attached_end(&child, ARMHV_EXIT_QEMU, true,
						    "out of memory; QEMU killed");
			if (d.sent_count == setup->count) {
				handed = true;
				if (held_len && armhv_drive_queue_bytes(&d, held, held_len))
					return attached_end(&child, ARMHV_EXIT_QEMU, true,
							    "out of memory; QEMU killed");
				free(held);
				held = NULL;
				held_len = 0;
			}
		}
		armhv_drive_flush(&d);
	}
	free(held);
	armhv_drive_close(&d);
	/* QEMU closed its stdout: wait for it to exit. */
	switch (armhv_child_wait_exit(&child, deadline_ms)) {
	case ARMHV_CHILD_STOP_SIGNAL:
		return attached_end(&child, ARMHV_EXIT_QEMU, true,
				    "interrupted by %s; QEMU killed",
				    armhv_signal_name(armhv_stop_signal()));
	case ARMHV_CHILD_TIMEOUT:
		return attached_end(&child, ARMHV_EXIT_TIMEOUT, true,
				    "timeout after %ld s (interactive run); "
				    "QEMU killed", opts->timeout_s);
	case ARMHV_CHILD_EXITED:
		break;
	}
	if (WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0)
		return attached_end(&child, ARMHV_EXIT_OK, false, NULL);
	armhv_describe_status(child.status, what, sizeof(what));
	return attached_end(&child, ARMHV_EXIT_QEMU, false, "QEMU %s", what);
}
