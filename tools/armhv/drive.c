/* Driving armhv's console on pipes: starting QEMU on them, typing. */
#include "drive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

void armhv_write_all(int fd, const char *buf, size_t len)
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

int armhv_drive_queue_line(struct armhv_drive *d, const char *text)
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

int armhv_drive_queue_bytes(struct armhv_drive *d, const char *buf, size_t len)
{
	char *out = realloc(d->out, d->out_len + len);

	if (!out)
		return -ENOMEM;
	memcpy(out + d->out_len, buf, len);
	d->out = out;
	d->out_len += len;
	return 0;
}

void armhv_drive_flush(struct armhv_drive *d)
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

ssize_t armhv_drive_read(int *out_fd, short revents, char *buf, size_t size)
{
	ssize_t n;

	if (!revents)
		return 0;
	n = read(*out_fd, buf, size);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		close(*out_fd);
		*out_fd = -1;
		return -1;
	}
	return n;
}

void armhv_drive_close(struct armhv_drive *d)
{
	if (d->in_fd >= 0)
		close(d->in_fd);
	d->in_fd = -1;
	free(d->out);
	d->out = NULL;
	d->out_len = 0;
}

int armhv_drive_start(struct armhv_drive *d, struct armhv_child *child,
		      char *const *qemu_argv, const struct armhv_script *script,
		      bool interactive, int *out_fd)
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
