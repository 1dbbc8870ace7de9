/* Console output scanner. Pure: no I/O. */
#include "scan.h"

#include <string.h>

void armhv_scan_init(struct armhv_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
}

/* Streaming match of a short pattern: after a mismatch, falls back to the
 * longest prefix of pat that ends the text seen so far (patterns are a
 * few characters, so the quadratic fallback costs nothing). */
static size_t match_step(const char *pat, size_t matched, char c)
{
	size_t pat_len = strlen(pat);

	if (matched == pat_len)
		matched = 0;
	/* The text now ends with pat[0..matched) followed by c: find the
	 * longest k such that it ends with pat[0..k). */
	for (size_t k = matched + 1; k > 0; k--) {
		if (pat[k - 1] == c &&
		    memcmp(pat, pat + matched + 1 - k, k - 1) == 0)
			return k;
	}
	return 0;
}

static void copy_line(char *dst, const struct armhv_scan *scan)
{
	memcpy(dst, scan->line, scan->line_len);
	dst[scan->line_len] = '\0';
}

bool armhv_scan_partial_refusal(const struct armhv_scan *scan)
{
	size_t len = strlen(ARMHV_REFUSAL_PREFIX);

	return scan->line_len >= len &&
	       memcmp(scan->line, ARMHV_REFUSAL_PREFIX, len) == 0;
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
	if (scan->line_has_panic) {
		if (!scan->panic_seen)
			copy_line(scan->panic_line, scan);
		scan->panic_seen = true;
		if (event == ARMHV_SCAN_NONE)
			event = ARMHV_SCAN_PANIC;
	}
	scan->line_len = 0;
	scan->line_has_panic = false;
	scan->panic_matched = 0;
	scan->prompt_matched = 0;
	return event;
}

size_t armhv_scan_feed(struct armhv_scan *scan, const char *buf, size_t len,
		       enum armhv_scan_event *event)
{
	*event = ARMHV_SCAN_NONE;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			*event = armhv_scan_end_line(scan);
			if (*event != ARMHV_SCAN_NONE)
				return i + 1;
			continue;
		}
		if (c != '\r' && scan->line_len < ARMHV_SCAN_LINE_MAX_LEN) {
			unsigned char u = (unsigned char)c;
			scan->line[scan->line_len++] =
				(u < 0x20 || u == 0x7f) ? '?' : c;
		}
		scan->panic_matched = match_step(ARMHV_PANIC_MARK,
						 scan->panic_matched, c);
		if (scan->panic_matched == strlen(ARMHV_PANIC_MARK))
			scan->line_has_panic = true;
		scan->prompt_matched = match_step(ARMHV_PROMPT,
						  scan->prompt_matched, c);
		if (scan->prompt_matched == strlen(ARMHV_PROMPT)) {
			scan->prompt_matched = 0;
			*event = ARMHV_SCAN_PROMPT;
			return i + 1;
		}
	}
	return len;
}
