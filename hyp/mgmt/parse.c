/* Parsing console arguments (mgmt/commands.h). */
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <lib/log.h>

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
