/* Names of the stages that own a CPU's VBAR_EL2. */
#include <boot/stages.h>

const char *cpu_stage_name(uint64_t stage)
{
	switch (stage) {
	case STAGE_NONE: return "none";
	case STAGE_STUB: return "stub";
	case STAGE_INIT: return "init";
	case STAGE_RUNTIME: return "runtime";
	default: return "?";
	}
}
