/* Names of exception classes, for reports and logs. */
#include <arch/esr.h>

const char *esr_class_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "unknown reason";
	case 0x01: return "WFI/WFE";
	case 0x07: return "SIMD/FP access";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (AArch64)";
	case 0x16: return "HVC (AArch64)";
	case 0x17: return "SMC (AArch64)";
	case 0x18: return "system register access";
	case 0x20: return "instruction abort (lower EL)";
	case 0x21: return "instruction abort (same EL)";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort (lower EL)";
	case 0x25: return "data abort (same EL)";
	case 0x26: return "SP alignment fault";
	case 0x2f: return "SError";
	case 0x30: return "breakpoint (lower EL)";
	case 0x31: return "breakpoint (same EL)";
	case 0x32: return "software step (lower EL)";
	case 0x33: return "software step (same EL)";
	case 0x34: return "watchpoint (lower EL)";
	case 0x35: return "watchpoint (same EL)";
	case 0x3c: return "BRK instruction";
	default: return "other";
	}
}
