/* A terminal line's visible text from a raw stream (lib/rawline.h). */
#include <lib/rawline.h>

enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_OSC };

void rawline_reset(struct rawline *l)
{
	l->len = 0;
	l->lost = false;
	l->esc = ESC_NONE;
}

void rawline_feed(struct rawline *l, char ch)
{
	unsigned char c = (unsigned char)ch;

	switch (l->esc) {
	case ESC_SEEN:
		l->esc = c == '[' ? ESC_CSI : c == ']' ? ESC_OSC : ESC_NONE;
		return;
	case ESC_CSI:
		if (c >= 0x40 && c <= 0x7e)
			l->esc = ESC_NONE;
		else if (c < 0x20 || c > 0x3f)
			l->esc = ESC_NONE;	/* not a CSI after all */
		return;
	case ESC_OSC:
		if (c == 0x07)
			l->esc = ESC_NONE;
		else if (c == 0x1b)
			l->esc = ESC_SEEN;	/* ESC \ ends it */
		return;
	default:
		break;
	}
	if (c == 0x1b) {
		l->esc = ESC_SEEN;
	} else if (c == '\n' || c == '\r') {
		l->len = 0;
		l->lost = false;
	} else if (c == '\b') {
		if (l->len)
			l->len--;
	} else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
		if (l->len < RAWLINE_MAX)
			l->buf[l->len++] = (char)c;
		else
			l->lost = true;
	}
}

size_t rawline_text(const struct rawline *l, const char **text)
{
	*text = l->buf;
	return l->lost ? 0 : l->len;
}
