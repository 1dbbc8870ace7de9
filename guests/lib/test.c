/*
 * The result line. Exactly one per run, from whichever CPU gets there
 * first: "GUEST-TEST <name>: PASS" or "GUEST-TEST <name>: FAIL <reason>",
 * then PSCI SYSTEM_OFF (QEMU exits 0, an armhv VM stops). A CPU that comes
 * second parks until the power goes.
 */
#include "guest.h"

static uint32_t result_given;

static void out_uart(char c, void *ctx)
{
	(void)ctx;
	uart_putc(c);
}

static _Noreturn void park(void)
{
	irq_disable();
	for (;;)
		wfi();
}

static _Noreturn void finish(bool pass, const char *prefix, const char *fmt, va_list ap)
{
	unsigned long flags;

	if (__atomic_exchange_n(&result_given, 1, __ATOMIC_ACQ_REL)) {
		console_release_if_mine();
		park();
	}
	console_lock_reentrant(&flags);
	printf_locked("GUEST-TEST %s: %s", guest_name, pass ? "PASS" : "FAIL ");
	if (prefix)
		printf_locked("%s", prefix);
	if (fmt)
		vformat(out_uart, NULL, fmt, ap);
	printf_locked("\n");
	uart_flush();
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	printf_locked("%s cpu%u: PSCI SYSTEM_OFF returned\n", guest_name, cpu_index());
	uart_flush();
	park();
}

void guest_pass(void)
{
	va_list ap;
	finish(true, NULL, NULL, ap);
}

void guest_fail(const char *file, int line, const char *fmt, ...)
{
	char where[96];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d ", file, line);
	va_start(ap, fmt);
	finish(false, where, fmt, ap);
}

void guest_fail_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	finish(false, NULL, fmt, ap);
}

bool guest_finished(void)
{
	return READ_ONCE(result_given) != 0;
}
