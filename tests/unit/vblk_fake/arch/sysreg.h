/* Host-test stand-in for hyp/arch/sysreg.h (unit-vblk): the barriers as
 * the host's fences, and cpu_relax() as a hook that lets the fake device
 * finish a request while the driver polls (vblk_fake/fakedev.c). */
#ifndef TESTS_VBLK_FAKE_SYSREG_H
#define TESTS_VBLK_FAKE_SYSREG_H

#include <arch/types.h>

#define dsb(opt)	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dmb(opt)	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define isb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

void fake_cpu_relax(void);
#define cpu_relax()	fake_cpu_relax()

#endif
