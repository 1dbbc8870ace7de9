/* What libfdt and picolibc expect from their environment at EL2. */
#include <lib/panic.h>

/* libfdt is built with the stack protector. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ULL;

void __stack_chk_fail(void)
{
	panic("stack protector: stack smashed");
}
