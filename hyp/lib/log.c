/* Console output with a CPU prefix and a line lock. */
#include <lib/log.h>
#include <lib/rawline.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <stdio.h>
#include <string.h>

/* How long a report waits for another CPU holding the console lock (it
 * may be dead): counted in tries, since a report may come before the
 * counter can be trusted. */
#define REPORT_LOCK_TRIES	10000000u

static con_putc_fn out_putc;
static spinlock_t con_lock = SPINLOCK_INIT;
static volatile int con_lock_holder = -1;	/* CPU index, for reports */

static unsigned cpu_zero(void)
{
	return 0;
}

/* Before the per-CPU structures exist (and at EL1, where TPIDR_EL2
 * cannot be read) every line says cpu0: only the boot CPU runs then. */
static unsigned (*cpu_index)(void) = cpu_zero;

void con_set_output(con_putc_fn putc)
{
	out_putc = putc;
}

void con_set_cpu_index(unsigned (*fn)(void))
{
	cpu_index = fn;
}

bool con_ready(void)
{
	return out_putc != NULL;
}

/* The line the console is reading: its prompt and what was typed, so
 * that a line written by someone else (a log line, a guest's output)
 * while it is open starts on a line of its own and the input is shown
 * again after it, behind CON_REDRAW_MARK rather than the prompt: a
 * prompt at the start of a line means "ready for a command" to whoever
 * drives the console (tools/armhv/scan.c), and a redrawn line is not
 * that. Under con_lock. */
static const char *input_prompt;
static char input_line[CON_INPUT_MAX];
static size_t input_len;
static bool input_open;
static bool input_interrupted;	/* a line came between prompt and typing */
static char last_out = '\n';

/* The attached VM's raw stream (con_raw_*), under con_lock. raw_partial:
 * the line on the terminal is a raw stream's, unfinished. */
static bool raw_open;
static bool raw_partial;
static struct rawline raw_line;	/* its visible text, to write again */

static void raw_write(const char *s, size_t len)
{
	if (!out_putc || !len)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			out_putc('\r');
		out_putc(s[i]);
	}
	last_out = s[len - 1];
	raw_partial = false;
}

/* The bytes as they are: the guest's own line endings. */
static void raw_bytes(const char *s, size_t len)
{
	if (!out_putc || !len)
		return;
	for (size_t i = 0; i < len; i++)
		out_putc(s[i]);
	last_out = s[len - 1];
	raw_partial = last_out != '\n';
}

static size_t cstrlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Whole lines from someone other than the console's reader. */
static void write_lines(const char *s, size_t len)
{
	bool redraw = input_open && input_len;

	if ((input_open || raw_partial) && last_out != '\n')
		raw_write("\n", 1);
	raw_write(s, len);
	if (raw_open) {
		const char *text;
		size_t n = rawline_text(&raw_line, &text);

		raw_bytes(text, n);
	}
	if (redraw) {
		raw_write(CON_REDRAW_MARK, cstrlen(CON_REDRAW_MARK));
		raw_write(input_line, input_len);
	} else if (input_open) {
		/* Nothing typed yet: the mark comes back with the first
		 * character. */
		input_interrupted = true;
	}
}

static void lock(void)
{
	spin_lock(&con_lock);
	con_lock_holder = (int)cpu_index();
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

void con_input_begin(const char *prompt)
{
	lock();
	input_prompt = prompt;
	input_len = 0;
	input_open = true;
	input_interrupted = false;
	raw_write(prompt, cstrlen(prompt));
	unlock();
}

void con_input_char(char c)
{
	lock();
	if (input_interrupted) {
		raw_write(CON_REDRAW_MARK, cstrlen(CON_REDRAW_MARK));
		input_interrupted = false;
	}
	if (input_len < CON_INPUT_MAX)
		input_line[input_len++] = c;
	raw_write(&c, 1);
	unlock();
}

void con_input_erase(void)
{
	lock();
	if (input_len) {
		input_len--;
		raw_write("\b \b", 3);
	}
	unlock();
}

void con_input_end(void)
{
	lock();
	input_open = false;
	raw_write("\n", 1);
	unlock();
}

void con_raw_begin(void)
{
	lock();
	raw_open = true;
	rawline_reset(&raw_line);
	unlock();
}

void con_raw_write(const char *s, size_t len)
{
	lock();
	if (raw_open) {
		raw_bytes(s, len);
		for (size_t i = 0; i < len; i++)
			rawline_feed(&raw_line, s[i]);
	}
	unlock();
}

void con_raw_end(void)
{
	lock();
	raw_open = false;
	rawline_reset(&raw_line);
	unlock();
}

/* A log line (prefixed: "armhv cpuN: " and a newline) or console text. */
static void format_and_write(bool prefixed, const char *fmt, va_list ap)
{
	char buf[512];
	size_t fmt_len = cstrlen(fmt);
	bool ends_line = prefixed || (fmt_len && fmt[fmt_len - 1] == '\n');
	int n = 0;

	if (prefixed)
		n = snprintf(buf, sizeof(buf), "armhv cpu%u: ", cpu_index());
	if (n < 0)
		n = 0;
	{
		int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);

		n += m > 0 ? m : 0;
	}
	if (n >= (int)sizeof(buf) - 1) {
		/* Truncated: a line still ends where it was meant to. */
		n = (int)sizeof(buf) - 2;
		if (ends_line)
			buf[n++] = '\n';
	} else if (prefixed) {
		buf[n++] = '\n';
	}
	lock();
	if (n && buf[n - 1] == '\n')
		write_lines(buf, (size_t)n);
	else
		raw_write(buf, (size_t)n);
	unlock();
}

static enum log_level level_now = LOG_INFO;
static spinlock_t limit_lock = SPINLOCK_INIT;
static uint64_t suppressed_total;

static const char *const level_names[LOG_LEVEL_COUNT] = { "err", "warn", "info", "debug" };

void log_set_level(enum log_level level)
{
	if (level < LOG_LEVEL_COUNT)
		level_now = level;
}

enum log_level log_get_level(void)
{
	return level_now;
}

const char *log_level_name(enum log_level level)
{
	return level < LOG_LEVEL_COUNT ? level_names[level] : "?";
}

int log_level_parse(const char *s)
{
	for (int i = 0; i < LOG_LEVEL_COUNT; i++)
		if (strcmp(s, level_names[i]) == 0 || (s[0] == '0' + i && !s[1]))
			return i;
	return -1;
}

uint64_t log_suppressed_total(void)
{
	return __atomic_load_n(&suppressed_total, __ATOMIC_RELAXED);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > level_now)
		return;
	va_start(ap, fmt);
	format_and_write(true, fmt, ap);
	va_end(ap);
}

void log_limited(struct ratelimit *rl, enum log_level level, const char *fmt, ...)
{
	unsigned report;
	bool allow;
	va_list ap;

	if (level > level_now)
		return;
	spin_lock(&limit_lock);
	allow = ratelimit_allow(rl, time_ms(), &report);
	if (!allow)
		suppressed_total++;
	spin_unlock(&limit_lock);
	if (report)
		log_msg(level, "(%u similar lines suppressed)", report);
	if (!allow)
		return;
	va_start(ap, fmt);
	format_and_write(true, fmt, ap);
	va_end(ap);
}

void con_vprintf(const char *fmt, va_list ap)
{
	format_and_write(false, fmt, ap);
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
 * wait (it may be dead), then the report goes out anyway. Returns whether
 * it took the lock, for con_unlock_report(). */
bool con_lock_for_report(void)
{
	unsigned me = cpu_index();

	if (con_lock_holder == (int)me)
		return false;
	for (unsigned i = 0; i < REPORT_LOCK_TRIES; i++) {
		if (spin_trylock(&con_lock)) {
			con_lock_holder = (int)me;
			return true;
		}
		cpu_relax();
	}
	return false;
}

/* Also releases a lock this CPU held when it was interrupted: the
 * critical section it was in never resumes (the CPU stops or crashes). */
void con_unlock_report(bool took)
{
	if (took || con_lock_holder == (int)cpu_index())
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
