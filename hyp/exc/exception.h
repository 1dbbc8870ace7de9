/* Exceptions taken to EL2 at the runtime stage: entry (exc/vectors.S),
 * dispatch, and the report of an unexpected one. */
#ifndef ARMHV_EXCEPTION_H
#define ARMHV_EXCEPTION_H

#include <arch/esr.h>

#define EXC_STACK_OVERFLOW 0x100	/* taken on the emergency stack */

#ifndef __ASSEMBLY__
#include <arch/types.h>

struct exc_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

/* Every exception taken at the runtime stage (exc/vectors.S). */
void exc_dispatch(struct exc_frame *f, unsigned kind);
/* An exception armhv has no handler for: report it, stop this CPU, let
 * the others go on. */
void __noreturn exc_unexpected(struct exc_frame *f, unsigned kind);
#endif

#endif
