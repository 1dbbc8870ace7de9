/* Watching armhv's console output as it streams in: the prompt, a panic
 * line, a refusal line. Fed arbitrary chunks; marks may straddle them.
 * A mark counts only where armhv's console writes it, never inside a
 * line it echoes as typed: the prompt at the start of a line with nothing
 * after it yet, a panic line at the start of a line (after armhv's log
 * prefix `armhv cpuN: `, if any), a refusal at the start of a line, and
 * the line after which armhv stops for good: one starting `armhv: ` (after
 * the log prefix, if any) and ending with the stop mark. */
#ifndef ARMHV_TOOL_SCAN_H
#define ARMHV_TOOL_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define ARMHV_PROMPT          "armhv> "
#define ARMHV_PANIC_MARK      "armhv: PANIC"
#define ARMHV_REFUSAL_PREFIX  "armhv: cannot run:"
#define ARMHV_LOG_PREFIX      "armhv cpu"       /* then digits, ": " */
#define ARMHV_STOP_PREFIX     "armhv: "
#define ARMHV_STOP_MARK       ": the machine stops here"
#define ARMHV_SCAN_LINE_MAX_LEN 400u

enum armhv_scan_event {
	ARMHV_SCAN_NONE,
	ARMHV_SCAN_PROMPT,      /* a line is exactly the prompt, so far */
	ARMHV_SCAN_PANIC,       /* a line starting with the panic mark ended */
	ARMHV_SCAN_REFUSAL,     /* a line starting with the refusal ended */
	ARMHV_SCAN_STOPPED,     /* armhv's line saying it stops for good ended */
};

struct armhv_scan {
	char line[ARMHV_SCAN_LINE_MAX_LEN + 1];  /* current line, truncated */
	size_t line_len;
	bool line_truncated;
	bool panic_seen;
	bool refusal_seen;
	bool stop_seen;
	char panic_line[ARMHV_SCAN_LINE_MAX_LEN + 1];    /* the first one */
	char refusal_line[ARMHV_SCAN_LINE_MAX_LEN + 1];
	char stop_line[ARMHV_SCAN_LINE_MAX_LEN + 1];
};

void armhv_scan_init(struct armhv_scan *scan);

/* Consumes bytes up to and including the first one that completes an
 * event, or the whole buffer. Returns the count consumed; *event says
 * which event (ARMHV_SCAN_NONE if the buffer ended first). */
size_t armhv_scan_feed(struct armhv_scan *scan, const char *buf, size_t len,
		       enum armhv_scan_event *event);

/* Ends the current partial line as if a newline had come (at end of output,
 * or when a refusal line stops without one). Returns its event. */
enum armhv_scan_event armhv_scan_end_line(struct armhv_scan *scan);

/* True when the unfinished current line starts with the refusal prefix. */
bool armhv_scan_partial_refusal(const struct armhv_scan *scan);

#endif
