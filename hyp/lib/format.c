/* printf-style formatting with general-purpose registers only.
 *
 * armhv formats log lines while a guest's FP/SIMD registers are live on
 * the CPU (lazy FP switching, docs/hyp-abi.md), with CPTR_EL2.TFP set so
 * that any FP/SIMD instruction at EL2 would trap. picolibc's printf uses
 * the SIMD registers, so armhv provides its own vsnprintf and snprintf;
 * they replace the library's at link time. Supports the flags '-' and
 * '0', a width and a precision for strings (numbers or '*'), the length
 * modifiers hh, h, l, ll, z and t, and the conversions d i u x X o c s
 * p %.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Host tests compare these with the C library's, so there they are
 * renamed. */
#ifdef HOST_TEST
#define vsnprintf armhv_vsnprintf
#define snprintf armhv_snprintf
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);

struct out {
	char *buf;
	size_t size, len;	/* len counts everything, even what did not fit */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, unsigned width, int left,
		       char pad)
{
	size_t fill = width > n ? width - n : 0;

	if (!left && pad == '0' && n && (*s == '-')) {
		put(o, *s++);	/* the sign goes before zero padding */
		n--;
	}
	if (!left)
		while (fill--)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill--)
			put(o, ' ');
}

static size_t utoa(char *end, uint64_t v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return (size_t)(end - p);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		char num[24], *end = num + sizeof(num);
		int left = 0, is_signed = 0, upper = 0;
		unsigned width = 0, base = 10, lng = 0;
		size_t prec = (size_t)-1;
		char pad = ' ';
		uint64_t v;
		size_t n;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);

			if (w < 0) {
				left = 1;
				w = -w;
			}
			width = (unsigned)w;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				int p = va_arg(ap, int);

				prec = p < 0 ? (size_t)-1 : (size_t)p;
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (size_t)(*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't')
				lng = 2;
			else if (*fmt != 'h')
				break;	/* h and hh: promoted to int anyway */
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			is_signed = 1;
			break;
		case 'u':
			break;
		case 'x':
			base = 16;
			break;
		case 'X':
			base = 16;
			upper = 1;
			break;
		case 'o':
			base = 8;
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			v = (uint64_t)(uintptr_t)va_arg(ap, void *);
			n = utoa(end, v, 16, 0);
			put_padded(&o, end - n, n, width > 2 ? width - 2 : 0, left, pad);
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			put_padded(&o, num, 1, width, left, ' ');
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			for (n = 0; n < prec && s[n]; n++)
				;
			put_padded(&o, s, n, width, left, ' ');
			continue;
		}
		case '%':
			put(&o, '%');
			continue;
		case '\0':
			fmt--;	/* a lone '%' at the end */
			continue;
		default:	/* unknown: print it as written */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (is_signed) {
			int64_t s = lng >= 2 ? va_arg(ap, long long) :
				    lng == 1 ? va_arg(ap, long) : va_arg(ap, int);

			v = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
			n = utoa(end, v, base, upper);
			if (s < 0) {
				*(end - n - 1) = '-';
				n++;
			}
		} else {
			v = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			n = utoa(end, v, base, upper);
		}
		put_padded(&o, end - n, n, width, left, left ? ' ' : pad);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
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
