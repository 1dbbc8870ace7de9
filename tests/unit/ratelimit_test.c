/* Host tests for the log rate limiter. */
#include <lib/ratelimit.h>
#include "check.h"

static unsigned allowed_in(struct ratelimit *rl, uint64_t now, unsigned tries, unsigned *reported)
{
	unsigned n = 0, rep;

	*reported = 0;
	for (unsigned i = 0; i < tries; i++) {
		n += ratelimit_allow(rl, now, &rep);
		*reported += rep;
	}
	return n;
}

int main(void)
{
	struct ratelimit rl = RATELIMIT_INIT;
	unsigned rep;

	/* A burst passes, the rest of the window is suppressed and counted. */
	CHECK_EQ(allowed_in(&rl, 1000, 25, &rep), RATELIMIT_BURST);
	CHECK_EQ(rep, 0);
	CHECK_EQ(rl.suppressed, 25 - RATELIMIT_BURST);
	/* Still the same window just before it ends. */
	CHECK_EQ(allowed_in(&rl, 1000 + RATELIMIT_WINDOW_MS - 1, 3, &rep), 0);
	CHECK_EQ(rl.suppressed, 28 - RATELIMIT_BURST);
	/* The next window reports what was suppressed, once, and allows a
	 * burst again. */
	CHECK(ratelimit_allow(&rl, 1000 + RATELIMIT_WINDOW_MS, &rep));
	CHECK_EQ(rep, 28 - RATELIMIT_BURST);
	CHECK_EQ(allowed_in(&rl, 1000 + RATELIMIT_WINDOW_MS, 20, &rep), RATELIMIT_BURST - 1);
	CHECK_EQ(rep, 0);
	CHECK_EQ(rl.suppressed_total, 28 - RATELIMIT_BURST + 11);
	/* A quiet window reports nothing. */
	CHECK(ratelimit_allow(&rl, 100000, &rep));
	CHECK_EQ(rep, 11);
	CHECK(ratelimit_allow(&rl, 200000, &rep));
	CHECK_EQ(rep, 0);
	/* Time going backwards opens a window instead of suppressing forever. */
	for (unsigned i = 0; i < 2 * RATELIMIT_BURST; i++)
		(void)ratelimit_allow(&rl, 200001, &rep);
	CHECK(ratelimit_allow(&rl, 50, &rep));
	/* 1 + 20 lines in that window: BURST printed, the rest suppressed. */
	CHECK_EQ(rep, 2 * RATELIMIT_BURST + 1 - RATELIMIT_BURST);
	/* Near the top of the counter: no overflow in the window test. */
	{
		struct ratelimit r2 = RATELIMIT_INIT;

		CHECK(ratelimit_allow(&r2, UINT64_MAX - 1, &rep));
		CHECK(ratelimit_allow(&r2, UINT64_MAX, &rep));
		CHECK_EQ(r2.printed, 2);
	}
	return check_summary("ratelimit");
}
