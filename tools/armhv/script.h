/* Console scripts for `armhv run --script FILE`: one command a line; blank
 * lines and lines starting with '#' are skipped. */
#ifndef ARMHV_TOOL_SCRIPT_H
#define ARMHV_TOOL_SCRIPT_H

#include <stddef.h>

/* What armhv's console takes in one line (CONSOLE_LINE_MAX - 1 in
 * hyp/mgmt/console.h; the unit test checks they agree): a longer
 * line is refused here rather than sent and refused there. */
#define ARMHV_SCRIPT_LINE_MAX_LEN 255u

struct armhv_script_line {
	unsigned line_no;       /* 1-based line number in the file */
	char *text;             /* trimmed, without line ending */
};

struct armhv_script {
	struct armhv_script_line *lines;
	size_t count;
};

/* Parses a script held in memory. Returns 0, -1 with a one-line message in
 * err (control characters, over-long line, no command at all), or -ENOMEM. */
int armhv_script_parse(const char *buf, size_t len, struct armhv_script *script,
		       char *err, size_t err_size);
void armhv_script_free(struct armhv_script *script);

#endif
