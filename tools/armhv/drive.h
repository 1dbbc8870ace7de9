/* Driving armhv's console on pipes, for a scripted run and for an attached
 * run's setup lines: QEMU started with its stdin and stdout on pipes, what
 * is to be typed queued and written as QEMU's stdin takes it, QEMU's
 * output watched by the console scanner (scan.h). */
#ifndef ARMHV_TOOL_DRIVE_H
#define ARMHV_TOOL_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "child.h"
#include "scan.h"
#include "script.h"

/* Where the script stands: lines[0..sent_count) have been sent. */
struct armhv_drive {
	const struct armhv_script *script;
	size_t sent_count;
	char *out;              /* bytes for QEMU's stdin not yet written */
	size_t out_len;
	int in_fd;              /* QEMU's stdin, -1 once it is gone */
	struct armhv_scan scan;
};

/* Starts QEMU with its stdin and stdout on pipes, for a drive of script
 * (interactive: SIGINT is ignored, see armhv_signals_setup). Returns 0
 * with *out_fd the read end of QEMU's output, or an exit code (reported). */
int armhv_drive_start(struct armhv_drive *d, struct armhv_child *child,
		      char *const *qemu_argv, const struct armhv_script *script,
		      bool interactive, int *out_fd);

/* Queues text and a carriage return, as typed. 0 or -ENOMEM. */
int armhv_drive_queue_line(struct armhv_drive *d, const char *text);

/* Queues bytes as they are. 0 or -ENOMEM. */
int armhv_drive_queue_bytes(struct armhv_drive *d, const char *buf, size_t len);

/* Writes what QEMU's stdin takes without blocking; when QEMU has closed
 * it, closes our end and drops what was queued. */
void armhv_drive_flush(struct armhv_drive *d);

/* After a poll that gave revents for *out_fd, reads QEMU's output into
 * buf. Returns the count read; 0 when there is nothing to read (no
 * revents, a signal came, or not ready after all): poll again; or -1 at
 * its end (QEMU closed it: it is exiting), *out_fd then closed and set
 * to -1. */
ssize_t armhv_drive_read(int *out_fd, short revents, char *buf, size_t size);

/* Closes QEMU's stdin and frees what was queued. */
void armhv_drive_close(struct armhv_drive *d);

/* Writes all of buf to fd (QEMU's output to our stdout), giving up
 * quietly when nobody reads it. */
void armhv_write_all(int fd, const char *buf, size_t len);

#endif
