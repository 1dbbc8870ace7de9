/* Boot-argument words (see lib/bootargs.h). Pure: runs at EL2 and in
 * host tests. */
#include <lib/bootargs.h>
#include <string.h>

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool bootargs_find(const char *args, size_t len, const char *key,
		   const char **val, size_t *val_len)
{
	size_t key_len = strlen(key), i = 0;
	bool found = false;

	if (!args)
		return false;
	len = strnlen(args, len);
	while (i < len) {
		size_t start, end, eq = 0;
		bool quoted = false;

		while (i < len && is_sep(args[i]))
			i++;
		if (i == len)
			break;
		/* One word: up to a separator outside quotes. */
		start = i;
		for (; i < len && (quoted || !is_sep(args[i])); i++) {
			if (args[i] == '"')
				quoted = !quoted;
			else if (args[i] == '=' && !quoted && !eq)
				eq = i;
		}
		end = i;
		if ((eq ? eq : end) - start != key_len || memcmp(args + start, key, key_len) != 0)
			continue;
		found = true;
		if (!eq) {
			*val = args + end;
			*val_len = 0;
			continue;
		}
		*val = args + eq + 1;
		*val_len = end - (eq + 1);
		if (*val_len && **val == '"') {
			(*val)++;
			(*val_len)--;
			if (*val_len && (*val)[*val_len - 1] == '"')
				(*val_len)--;
		}
	}
	return found;
}

/* The len bytes at s, all of them: decimal with an optional K, M or G
 * suffix; anything above 2^44 (16 TiB) saturates there, which no machine
 * can reserve anyway. */
bool parse_size(const char *s, size_t len, uint64_t *out)
{
	const uint64_t limit = 1ULL << 44;
	unsigned shift = 0;
	uint64_t v = 0;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		if (v < limit)
			v = v * 10 + (uint64_t)(s[i] - '0');
	if (i == 0)
		return false;
	if (i < len && (s[i] == 'K' || s[i] == 'k'))
		shift = 10, i++;
	else if (i < len && (s[i] == 'M' || s[i] == 'm'))
		shift = 20, i++;
	else if (i < len && (s[i] == 'G' || s[i] == 'g'))
		shift = 30, i++;
	if (i != len)
		return false;
	*out = v > (limit >> shift) ? limit : v << shift;
	return true;
}

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
