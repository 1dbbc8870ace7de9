/* The visible text of a terminal's current line, tracked from a raw byte
 * stream (a guest's serial output under `vm console`), so that it can be
 * written again after other lines came between (lib/log.c): printable
 * bytes are kept; a newline or carriage return starts it over, a
 * backspace takes one back; a terminal's escape sequences (ESC [ ... final
 * byte, ESC ] ... BEL or ESC \, and two-byte ones) and other control
 * bytes are left out, since replaying them could make the terminal answer
 * (a cursor-position query) or move. Pure: host-tested. */
#ifndef ARMHV_LIB_RAWLINE_H
#define ARMHV_LIB_RAWLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAWLINE_MAX	256

struct rawline {
	char buf[RAWLINE_MAX];
	size_t len;
	bool lost;		/* longer than buf: not shown again */
	uint8_t esc;		/* where in an escape sequence */
};

void rawline_reset(struct rawline *l);
void rawline_feed(struct rawline *l, char c);
/* What to write again: len 0 when nothing (or the line was lost). */
size_t rawline_text(const struct rawline *l, const char **text);

#endif
