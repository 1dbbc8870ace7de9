/* From crt0.S once the MMU is on: library set-up, the test, the result. */
#include "guest.h"

void guest_start(void)
{
	uart_init();
	guest_main();
	guest_pass();
}
