/* Fixed-window rate limiting (lib/ratelimit.h). */
#include <lib/ratelimit.h>

bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ms, unsigned *report_suppressed)
{
	*report_suppressed = 0;
	/* A new window: the first use, or the old one is over (a counter
	 * that went backwards, as after a restore, starts one too). */
	if (!rl->started || now_ms < rl->window_start_ms ||
	    now_ms - rl->window_start_ms >= RATELIMIT_WINDOW_MS) {
		*report_suppressed = rl->suppressed;
		rl->started = true;
		rl->window_start_ms = now_ms;
		rl->printed = 0;
		rl->suppressed = 0;
	}
	if (rl->printed < RATELIMIT_BURST) {
		rl->printed++;
		return true;
	}
	rl->suppressed++;
	rl->suppressed_total++;
	return false;
}
