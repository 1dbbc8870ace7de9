/* Console output. Every call writes whole lines under one lock, so output
 * from several CPUs never interleaves within a line. */
#ifndef ARMHV_LOG_H
#define ARMHV_LOG_H

#include <arch/types.h>
#include <stdarg.h>

/* "armhv cpuN: " + message + newline. */
void log_printf(const char *fmt, ...) __printf(1, 2);
/* Raw text, no prefix (command output, prompt, echo). */
void con_printf(const char *fmt, ...) __printf(1, 2);
void con_vprintf(const char *fmt, va_list ap);
void con_write(const char *s, size_t len);

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
