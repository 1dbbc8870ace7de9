/* A small printf: the formatter, the console lock, snprintf. */
#include "guest.h"

struct spec {
	int left, zero, plus, space, alt;
	int width, prec;
	int size;		/* -2 hh, -1 h, 0 int, 1 long, 2 long long */
};

static int emit(void (*out)(char, void *), void *ctx, char c)
{
	out(c, ctx);
	return 1;
}

static int pad(void (*out)(char, void *), void *ctx, char c, int n)
{
	int i;
	for (i = 0; i < n; i++)
		out(c, ctx);
	return n > 0 ? n : 0;
}

static int fmt_num(void (*out)(char, void *), void *ctx, const struct spec *s,
		   unsigned long long v, int neg, unsigned int base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0, n = 0, prefix_len = 0, zeros, spaces;
	char prefix[3];

	do {
		buf[len++] = digits[v % base];
		v /= base;
	} while (v);

	if (neg)
		prefix[prefix_len++] = '-';
	else if (s->plus)
		prefix[prefix_len++] = '+';
	else if (s->space)
		prefix[prefix_len++] = ' ';
	if (s->alt && base == 16) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = upper ? 'X' : 'x';
	} else if (s->alt && base == 8 && buf[len - 1] != '0') {
		prefix[prefix_len++] = '0';
	}

	zeros = 0;
	if (s->prec >= 0 && s->prec > len)
		zeros = s->prec - len;
	else if (s->zero && !s->left && s->prec < 0 && s->width > len + prefix_len)
		zeros = s->width - len - prefix_len;
	spaces = s->width - len - prefix_len - zeros;

	if (!s->left)
		n += pad(out, ctx, ' ', spaces);
	for (int i = 0; i < prefix_len; i++)
		n += emit(out, ctx, prefix[i]);
	n += pad(out, ctx, '0', zeros);
	while (len)
		n += emit(out, ctx, buf[--len]);
	if (s->left)
		n += pad(out, ctx, ' ', spaces);
	return n;
}

int vformat(void (*out)(char, void *), void *ctx, const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		struct spec s = { 0, 0, 0, 0, 0, 0, -1, 0 };
		unsigned long long u;
		long long d;

		if (*fmt != '%') {
			n += emit(out, ctx, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-') s.left = 1;
			else if (*fmt == '0') s.zero = 1;
			else if (*fmt == '+') s.plus = 1;
			else if (*fmt == ' ') s.space = 1;
			else if (*fmt == '#') s.alt = 1;
			else break;
		}
		if (*fmt == '*') {
			s.width = va_arg(ap, int);
			if (s.width < 0) {
				s.left = 1;
				s.width = -s.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				s.width = s.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			s.prec = 0;
			if (*fmt == '*') {
				s.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					s.prec = s.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l') s.size++;
			else if (*fmt == 'h') s.size--;
			else if (*fmt == 'z') s.size = 1;
			else break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			if (s.size >= 2) d = va_arg(ap, long long);
			else if (s.size == 1) d = va_arg(ap, long);
			else d = va_arg(ap, int);
			if (s.size == -1) d = (short)d;
			if (s.size <= -2) d = (signed char)d;
			u = d < 0 ? -(unsigned long long)d : (unsigned long long)d;
			n += fmt_num(out, ctx, &s, u, d < 0, 10, 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (s.size >= 2) u = va_arg(ap, unsigned long long);
			else if (s.size == 1) u = va_arg(ap, unsigned long);
			else u = va_arg(ap, unsigned int);
			if (s.size == -1) u = (unsigned short)u;
			if (s.size <= -2) u = (unsigned char)u;
			n += fmt_num(out, ctx, &s, u, 0,
				     *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X');
			break;
		case 'p':
			s.alt = 1;
			n += fmt_num(out, ctx, &s, (uintptr_t)va_arg(ap, void *), 0, 16, 0);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!s.left)
				n += pad(out, ctx, ' ', s.width - 1);
			n += emit(out, ctx, c);
			if (s.left)
				n += pad(out, ctx, ' ', s.width - 1);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;
			if (!str)
				str = "(null)";
			while (str[len] && (s.prec < 0 || len < s.prec))
				len++;
			if (!s.left)
				n += pad(out, ctx, ' ', s.width - len);
			for (int i = 0; i < len; i++)
				n += emit(out, ctx, str[i]);
			if (s.left)
				n += pad(out, ctx, ' ', s.width - len);
			break;
		}
		case '%':
			n += emit(out, ctx, '%');
			break;
		case '\0':
			return n;
		default:	/* unknown: shown as written */
			n += emit(out, ctx, '%');
			n += emit(out, ctx, *fmt);
			break;
		}
	}
	return n;
}

/* ---- snprintf ---------------------------------------------------------- */

struct strbuf {
	char *buf;
	size_t size, len;
};

static void out_str(char c, void *ctx)
{
	struct strbuf *b = ctx;
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, size, 0 };
	int n = vformat(out_str, &b, fmt, ap);
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- the console ------------------------------------------------------- */

static spinlock_t console = SPINLOCK_INIT;

static void out_uart(char c, void *ctx)
{
	(void)ctx;
	uart_putc(c);
}

unsigned long console_lock(void)
{
	unsigned long flags = irq_save();
	spin_lock(&console);
	return flags;
}

void console_unlock(unsigned long flags)
{
	spin_unlock(&console);
	irq_restore(flags);
}

int console_lock_reentrant(unsigned long *flags)
{
	*flags = irq_save();
	if (spin_held_by_me(&console))
		return 0;
	spin_lock(&console);
	return 1;
}

void console_release_if_mine(void)
{
	if (spin_held_by_me(&console))
		spin_unlock(&console);
}

int printf_locked(const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vformat(out_uart, NULL, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	unsigned long flags = console_lock();
	int n = vformat(out_uart, NULL, fmt, ap);
	console_unlock(flags);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
