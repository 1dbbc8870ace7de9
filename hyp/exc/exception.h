/* Exceptions taken to EL2 at the runtime stage: entry (exc/vectors.S),
 * dispatch, and the report of an unexpected one. */
#ifndef ARMHV_EXCEPTION_H
#define ARMHV_EXCEPTION_H

#define EXC_SYNC	0
#define EXC_IRQ		1
#define EXC_FIQ		2
#define EXC_SERROR	3
#define EXC_FROM_SP0	0x00	/* or'ed into the kind: where it came from */
#define EXC_FROM_SPX	0x10
#define EXC_FROM_LOWER64 0x20
#define EXC_FROM_LOWER32 0x30
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
const char *esr_class_name(unsigned ec);
#endif

#endif
