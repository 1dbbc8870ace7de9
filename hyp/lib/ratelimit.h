/* Rate limits for log lines anything outside armhv can provoke (a guest,
 * the console, a device): at most RATELIMIT_BURST lines per call site in
 * each RATELIMIT_WINDOW_MS, and a count of what was suppressed. Pure
 * logic: the caller passes the time, so host tests drive it. */
#ifndef ARMHV_RATELIMIT_H
#define ARMHV_RATELIMIT_H

#include <arch/types.h>

#define RATELIMIT_BURST		10
#define RATELIMIT_WINDOW_MS	5000

struct ratelimit {
	uint64_t window_start_ms;
	unsigned printed;		/* in the current window */
	unsigned suppressed;		/* in the current window */
	uint64_t suppressed_total;	/* since boot */
	bool started;
};

#define RATELIMIT_INIT { 0, 0, 0, 0, false }

/* Whether a line may be printed at now_ms. When a new window opens after
 * lines were suppressed, *report_suppressed says how many (print that
 * first); otherwise it is 0. */
bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ms, unsigned *report_suppressed);

#endif
