/* Console output with a CPU prefix and a line lock. */
#include <lib/log.h>
#include <cpu/cpu.h>
#include <drivers/pl011.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>
#include <stdio.h>

static vaddr_t uart_va;
static spinlock_t con_lock = SPINLOCK_INIT;
static volatile int con_lock_holder = -1;	/* CPU index, for reports */

void con_set_uart(vaddr_t va)
{
	uart_va = va;
}

bool con_ready(void)
{
	return uart_va != 0;
}

static void raw_write(const char *s, size_t len)
{
	if (!uart_va)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc(uart_va, '\r');
		pl011_putc(uart_va, s[i]);
	}
}

static void lock(void)
{
	spin_lock(&con_lock);
	con_lock_holder = (int)this_cpu();
}

static void unlock(void)
{
	con_lock_holder = -1;
	spin_unlock(&con_lock);
}

void con_write(const char *s, size_t len)
{
	lock();
	raw_write(s, len);
	unlock();
}

static void format_and_write(const char *prefix_fmt, const char *fmt, va_list ap)
{
	char buf[512];
	int n = 0;

	if (prefix_fmt)
		n = snprintf(buf, sizeof(buf), prefix_fmt, this_cpu());
	if (n < 0)
		n = 0;
	{
		int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);

		n += m > 0 ? m : 0;
	}
	if (n >= (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 2;	/* truncated: still end the line */
	if (prefix_fmt)
		buf[n++] = '\n';
	lock();
	raw_write(buf, (size_t)n);
	unlock();
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_and_write("armhv cpu%u: ", fmt, ap);
	va_end(ap);
}

void con_vprintf(const char *fmt, va_list ap)
{
	format_and_write(NULL, fmt, ap);
}


void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}

/* selftest: fault while holding the console lock, as a fault inside the
 * UART driver would. The report must still come out, and the console
 * must go on. */
void con_selftest_fault_locked(void)
{
	lock();
	(void)*(volatile uint64_t *)0xdead10ULL;
	unlock();
}

/* A CPU reporting an exception may have been interrupted inside lock():
 * it must not wait for itself. Another CPU holding the lock gets a bounded
 * wait (it may be dead), then the report goes out anyway. */
static bool report_took_lock[NR_CPUS];

void con_lock_for_report(void)
{
	report_took_lock[this_cpu()] = false;
	if (con_lock_holder == (int)this_cpu())
		return;
	for (unsigned i = 0; i < 10000000; i++) {
		if (spin_trylock(&con_lock)) {
			con_lock_holder = (int)this_cpu();
			report_took_lock[this_cpu()] = true;
			return;
		}
		cpu_relax();
	}
}

/* Also releases a lock this CPU held when it was interrupted: the
 * critical section it was in never resumes (the CPU stops or crashes). */
void con_unlock_report(void)
{
	if (report_took_lock[this_cpu()] || con_lock_holder == (int)this_cpu())
		unlock();
}

void con_report_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	if (n > 0)
		raw_write(buf, (size_t)n);
}
