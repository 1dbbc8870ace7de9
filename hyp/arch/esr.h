/* What an exception is: its kind and origin as the vector tells (for C
 * and assembly), and its class as ESR_ELx tells. */
#ifndef ARMHV_ESR_H
#define ARMHV_ESR_H

/* The vector taken: the kind, or'ed with where it came from. */
#define EXC_SYNC	0
#define EXC_IRQ		1
#define EXC_FIQ		2
#define EXC_SERROR	3
#define EXC_FROM_SP0	0x00	/* or'ed into the kind: where it came from */
#define EXC_FROM_SPX	0x10
#define EXC_FROM_LOWER64 0x20
#define EXC_FROM_LOWER32 0x30

#ifndef __ASSEMBLY__
/* The name of exception class ec (ESR_ELx.EC). */
const char *esr_class_name(unsigned ec);
#endif

#endif
