/* Console output. Every call writes whole lines under one lock, so output
 * from several CPUs never interleaves within a line. */
#ifndef ARMHV_LOG_H
#define ARMHV_LOG_H

#include <arch/types.h>
#include <lib/ratelimit.h>
#include <stdarg.h>

/* Log levels: a line is printed if its level is at most the current one
 * (armhv.loglevel= at boot, `log level` on the console; default info). */
enum log_level {
	LOG_ERR,	/* armhv or a CPU cannot do what it should */
	LOG_WARN,	/* something is wrong, armhv goes on */
	LOG_INFO,	/* the machine's life: boot, CPUs, hand-overs */
	LOG_DEBUG,	/* detail for developers */
	LOG_LEVEL_COUNT,
};

/* "armhv cpuN: " + message + newline, if level is enabled. */
void log_msg(enum log_level level, const char *fmt, ...) __printf(2, 3);
#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

/* For anything outside armhv can provoke (a guest, the console, a
 * device): like log_msg, at most RATELIMIT_BURST lines per call site and
 * window; a line then says how many were suppressed. */
void log_limited(struct ratelimit *rl, enum log_level level, const char *fmt, ...)
	__printf(3, 4);
#define log_ratelimited(level, ...) do {				\
	static struct ratelimit __rl = RATELIMIT_INIT;			\
	log_limited(&__rl, level, __VA_ARGS__);				\
} while (0)

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
const char *log_level_name(enum log_level level);
/* "err", "warn", "info", "debug" or a digit 0-3. Returns -1 if neither. */
int log_level_parse(const char *s);
/* Lines suppressed by rate limits since boot. */
uint64_t log_suppressed_total(void);
/* Raw text, no prefix (command output, prompt, echo). */
void con_printf(const char *fmt, ...) __printf(1, 2);
void con_vprintf(const char *fmt, va_list ap);
void con_write(const char *s, size_t len);

/* The console's input line (mgmt/console.c): the prompt, each character
 * typed (echoed), an erase, the end of the line. While it is open, a
 * whole line written by anyone else starts on a line of its own and the
 * input is shown again after it, behind CON_REDRAW_MARK. */
#define CON_INPUT_MAX	1024
#define CON_REDRAW_MARK	"armhv+ "	/* before input shown again */
void con_input_begin(const char *prompt);
void con_input_char(char c);
void con_input_erase(void);
void con_input_end(void);

/* The raw stream of the VM whose console is attached (`vm console`,
 * mgmt/console.c): its bytes as the guest wrote them, no prefix, no
 * newline conversion. While it is open, a whole line written by anyone
 * else (a log line, another VM's line) starts on a line of its own and
 * the guest's unfinished line (its visible text, up to RAWLINE_MAX bytes,
 * lib/rawline.h) is written again after it, so that the guest's line is
 * not torn. After the stream ends, the next whole line still starts on a
 * line of its own. */
void con_raw_begin(void);
void con_raw_write(const char *s, size_t len);
void con_raw_end(void);

/* Panic and exception paths: take the console even from a CPU that was
 * interrupted while holding it, or after a bounded wait for another. */
bool con_lock_for_report(void);
void con_unlock_report(bool took);
void con_report_printf(const char *fmt, ...) __printf(1, 2);

/* selftest: takes the console lock, then faults. */
void con_selftest_fault_locked(void);

/* Where output goes (a UART driver's putc; until set, output is dropped)
 * and who is writing (the CPU index in prefixes and for the report
 * lock; cpu0 until set). Set once at boot by hyp/main.c. */
typedef void (*con_putc_fn)(char c);
void con_set_output(con_putc_fn putc);
void con_set_cpu_index(unsigned (*fn)(void));
bool con_ready(void);

#endif
