/* Function names for backtraces, from the table scripts/gen-symbols
 * generates from the first link. */
#include <lib/symbols.h>

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addr[];
extern const uint32_t ksyms_name_off[];
extern const char ksyms_names[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (hi == 0 || addr < ksyms_addr[0])
		return NULL;
	/* Last symbol at or below addr. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addr[lo];
	return &ksyms_names[ksyms_name_off[lo]];
}
