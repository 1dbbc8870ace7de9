/* Host tests for the visible text of a terminal line (hyp/lib/rawline.c),
 * which `vm console` writes again after other lines came between. */
#include <lib/rawline.h>
#include <string.h>
#include "check.h"

static char shown[RAWLINE_MAX + 1];

/* Feeds s (n bytes) to a fresh line; returns what would be shown again. */
static const char *after(const char *s, size_t n)
{
	static struct rawline l;
	const char *text;
	size_t len;

	memset(&l, 0x5a, sizeof(l));	/* reset must not rely on zeroed memory */
	rawline_reset(&l);
	for (size_t i = 0; i < n; i++)
		rawline_feed(&l, s[i]);
	len = rawline_text(&l, &text);
	memcpy(shown, text, len);
	shown[len] = 0;
	return shown;
}

#define AFTER(lit) after(lit, sizeof(lit) - 1)

static void plain(void)
{
	CHECK_STR(AFTER(""), "");
	CHECK_STR(AFTER("/ # "), "/ # ");
	CHECK_STR(AFTER("done\r\n/ # ec"), "/ # ec");
	CHECK_STR(AFTER("a\tb"), "a\tb");
	/* UTF-8 passes as it is. */
	CHECK_STR(AFTER("caf\xc3\xa9"), "caf\xc3\xa9");
}

static void line_editing(void)
{
	/* A carriage return starts over (a shell redrawing its line). */
	CHECK_STR(AFTER("/ # abc\r/ # abd"), "/ # abd");
	CHECK_STR(AFTER("abc\b\bX"), "aX");
	CHECK_STR(AFTER("\b\bab"), "ab");
	/* Other control bytes and DEL are not text. */
	CHECK_STR(AFTER("a\x07" "b\x7f" "c\x00" "d"), "abcd");
}

static void escape_sequences(void)
{
	/* busybox's cursor-position query after its prompt: replaying it
	 * would make the terminal answer into the guest's input. */
	CHECK_STR(AFTER("/ # \x1b[6n"), "/ # ");
	CHECK_STR(AFTER("\x1b[1;32mgreen\x1b[0m text\x1b[K"), "green text");
	CHECK_STR(AFTER("\x1b[?25lx\x1b[?25h"), "x");
	/* OSC (a window title), ended by BEL or by ESC \. */
	CHECK_STR(AFTER("\x1b]0;title\x07" "a"), "a");
	CHECK_STR(AFTER("\x1b]0;title\x1b\\" "b"), "b");
	/* Two-byte escapes. */
	CHECK_STR(AFTER("\x1b" "7x\x1b" "8y"), "xy");
	/* A CSI cut short by a control byte ends there. */
	CHECK_STR(AFTER("\x1b[12\nok"), "ok");
	/* An escape split from its sequence by the end of the input (the
	 * state carries): the sequence is still left out. */
	{
		struct rawline l;
		const char *t;

		rawline_reset(&l);
		rawline_feed(&l, 'p');
		rawline_feed(&l, 0x1b);
		rawline_feed(&l, '[');
		rawline_feed(&l, '6');
		CHECK_EQ(rawline_text(&l, &t), 1);
		rawline_feed(&l, 'n');
		rawline_feed(&l, 'q');
		CHECK_EQ(rawline_text(&l, &t), 2);
		CHECK(memcmp(t, "pq", 2) == 0);
		/* A reset forgets a sequence in progress. */
		rawline_feed(&l, 0x1b);
		rawline_reset(&l);
		rawline_feed(&l, 'z');
		CHECK_EQ(rawline_text(&l, &t), 1);
	}
}

static void long_lines(void)
{
	static char s[RAWLINE_MAX + 10];

	memset(s, 'x', sizeof(s));
	CHECK_EQ(strlen(after(s, RAWLINE_MAX)), RAWLINE_MAX);
	/* Longer: lost, not shown in part, until the line starts over. */
	CHECK_STR(after(s, RAWLINE_MAX + 1), "");
	s[RAWLINE_MAX + 5] = '\r';
	CHECK_STR(after(s, sizeof(s)), "xxxx");
}

int main(void)
{
	RUN(plain);
	RUN(line_editing);
	RUN(escape_sequences);
	RUN(long_lines);
	return check_summary("rawline");
}
