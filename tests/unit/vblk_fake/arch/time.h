/* Host-test stand-in for hyp/arch/time.h (unit-vblk): a fake clock that
 * moves on by a millisecond each time time_ms() reads it, so that every
 * timeout ends in bounded work (vblk_fake/fakedev.c). */
#ifndef TESTS_VBLK_FAKE_TIME_H
#define TESTS_VBLK_FAKE_TIME_H

#include <arch/types.h>

uint64_t time_ms(void);
/* The same clock, read without moving it (a tick is a millisecond here). */
uint64_t time_ticks(void);

#endif
