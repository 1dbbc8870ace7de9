/* Console output scanner. Pure: no I/O. */
#include "scan.h"

#include <string.h>

void armhv_scan_init(struct armhv_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* Where a line's message starts: after armhv's log prefix `armhv cpuN: `
 * if the line has one, else at its start. */
static size_t after_log_prefix(const char *s, size_t len)
{
	size_t i = strlen(ARMHV_LOG_PREFIX), digits = 0;

	if (!starts_with(s, len, ARMHV_LOG_PREFIX))
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (!digits || !starts_with(s + i, len - i, ": "))
		return 0;
	return i + 2;
}

static void copy_line(char *dst, const struct armhv_scan *scan)
{
	memcpy(dst, scan->line, scan->line_len);
	dst[scan->line_len] = '\0';
}

bool armhv_scan_partial_refusal(const struct armhv_scan *scan)
{
	return starts_with(scan->line, scan->line_len, ARMHV_REFUSAL_PREFIX);
}

static bool line_is_panic(const struct armhv_scan *scan)
{
	size_t at = after_log_prefix(scan->line, scan->line_len);

	return starts_with(scan->line + at, scan->line_len - at, ARMHV_PANIC_MARK);
}

static bool line_is_stop(const struct armhv_scan *scan)
{
	size_t at = after_log_prefix(scan->line, scan->line_len);
	size_t n = strlen(ARMHV_STOP_MARK);

	return !scan->line_truncated &&
	       starts_with(scan->line + at, scan->line_len - at, ARMHV_STOP_PREFIX) &&
	       scan->line_len - at >= n &&
	       memcmp(scan->line + scan->line_len - n, ARMHV_STOP_MARK, n) == 0;
}

enum armhv_scan_event armhv_scan_end_line(struct armhv_scan *scan)
{
	enum armhv_scan_event event = ARMHV_SCAN_NONE;

	if (armhv_scan_partial_refusal(scan)) {
		if (!scan->refusal_seen)
			copy_line(scan->refusal_line, scan);
		scan->refusal_seen = true;
		event = ARMHV_SCAN_REFUSAL;
	}
	if (line_is_panic(scan)) {
		if (!scan->panic_seen)
			copy_line(scan->panic_line, scan);
		scan->panic_seen = true;
		if (event == ARMHV_SCAN_NONE)
			event = ARMHV_SCAN_PANIC;
	}
	if (event == ARMHV_SCAN_NONE && line_is_stop(scan)) {
		if (!scan->stop_seen)
			copy_line(scan->stop_line, scan);
		scan->stop_seen = true;
		event = ARMHV_SCAN_STOPPED;
	}
	scan->line_len = 0;
	scan->line_truncated = false;
	return event;
}

size_t armhv_scan_feed(struct armhv_scan *scan, const char *buf, size_t len,
		       enum armhv_scan_event *event)
{
	const size_t prompt_len = strlen(ARMHV_PROMPT);

	*event = ARMHV_SCAN_NONE;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		unsigned char u = (unsigned char)c;

		if (c == '\n') {
			*event = armhv_scan_end_line(scan);
			if (*event != ARMHV_SCAN_NONE)
				return i + 1;
			continue;
		}
		if (c == '\r')
			continue;
		if (scan->line_len == ARMHV_SCAN_LINE_MAX_LEN) {
			scan->line_truncated = true;
			continue;
		}
		scan->line[scan->line_len++] = (u < 0x20 || u == 0x7f) ? '?' : c;
		/* The prompt the moment it is complete: later characters on
		 * its line are what is typed, and echoed. */
		if (scan->line_len == prompt_len &&
		    memcmp(scan->line, ARMHV_PROMPT, prompt_len) == 0) {
			*event = ARMHV_SCAN_PROMPT;
			return i + 1;
		}
	}
	return len;
}
