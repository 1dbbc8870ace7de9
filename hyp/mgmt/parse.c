/* Parsing console arguments (mgmt/commands.h). */
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <lib/log.h>

/* Parses a decimal or 0x-prefixed hexadecimal number, the whole string. */
bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

bool parse_cpu(const char *arg, unsigned *cpu)
{
	uint64_t v;

	if (!parse_u64(arg, &v)) {
		con_printf("error: '%s' is not a CPU number\n", arg);
		return false;
	}
	if (v >= cpu_count) {
		con_printf("error: no cpu%s (CPUs are 0 to %u)\n", arg, cpu_count - 1);
		return false;
	}
	*cpu = (unsigned)v;
	return true;
}
