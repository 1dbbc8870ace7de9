/* The command line: /chosen/bootargs (QEMU's -append, armhv's --cmdline). */
#include "guest.h"

const char *guest_cmdline(void)
{
	int chosen, len;
	const char *s;

	if (!plat.fdt)
		return "";
	chosen = fdt_path(plat.fdt, "/chosen");
	s = chosen >= 0 ? fdt_prop(plat.fdt, chosen, "bootargs", &len) : NULL;
	return s && len > 0 && s[len - 1] == '\0' ? s : "";
}

bool guest_arg(const char *key, char *val, size_t size)
{
	const char *p = guest_cmdline();
	size_t klen = strlen(key);

	while (*p) {
		const char *w = p;
		size_t n = 0;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) >= klen && !strncmp(w, key, klen) &&
		    (w[klen] == '=' || w + klen == p)) {
			const char *v = w[klen] == '=' ? w + klen + 1 : p;
			if (size) {
				while (v + n < p && n + 1 < size) {
					val[n] = v[n];
					n++;
				}
				val[n] = '\0';
			}
			return true;
		}
		while (*p == ' ')
			p++;
	}
	return false;
}

unsigned int guest_arg_uint(const char *key, unsigned int dflt)
{
	char val[12];
	unsigned int n = 0;

	if (!guest_arg(key, val, sizeof(val)))
		return dflt;
	for (const char *c = val; *c; c++) {
		CHECK_MSG(*c >= '0' && *c <= '9' && n < 100000, "%s=%s: not a number", key, val);
		n = 10 * n + (unsigned int)(*c - '0');
	}
	return n;
}
