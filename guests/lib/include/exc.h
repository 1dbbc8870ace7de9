/*
 * Exceptions at EL1: anything unexpected is reported (ESR, ELR, FAR,
 * registers, backtrace) and fails the test; a test that expects an
 * exception runs the code that should take it under exc_try() or
 * expect_abort(), which return its ESR.
 */
#ifndef GUEST_EXC_H
#define GUEST_EXC_H

#include <stdbool.h>
#include <stdint.h>

struct exc_frame {
	uint64_t x[31];
	uint64_t sp, elr, spsr, esr, far;
};

/* kind = origin * 4 + type, as the vector table is laid out. */
enum { EXC_SYNC, EXC_IRQ, EXC_FIQ, EXC_SERROR };
enum { EXC_CUR_SP0, EXC_CUR_SPX, EXC_LOWER_A64, EXC_LOWER_A32 };

/* What a caught exception left: its syndrome, return and fault address. */
struct exc_info {
	uint64_t esr, elr, far;
};

/*
 * Runs fn(arg). If fn (or anything it calls) takes a synchronous exception
 * at EL1, the exception unwinds straight back here: exc_try() returns its
 * ESR (never 0) and fills *info (if not NULL). Returns 0 if fn returned.
 * Nests; interrupts taken meanwhile are handled as usual.
 */
uint64_t exc_try(void (*fn)(void *), void *arg, struct exc_info *info);
/* exc_try() for a function without argument; the ESR, 0 if none. */
uint64_t expect_abort(void (*fn)(void));
/* The last exception exc_try() caught on this CPU. */
const struct exc_info *exc_last(void);

/* One access, caught: the ESR (0: no exception) and, for reads, *val. */
uint64_t probe_read(uintptr_t addr, unsigned int size, uint64_t *val, struct exc_info *info);
uint64_t probe_write(uintptr_t addr, unsigned int size, uint64_t val, struct exc_info *info);
/* The probes themselves (vectors.S), each a single access then ret; the
 * _insn labels are the access instructions, for ELR checks. */
uint64_t probe_read8(uintptr_t addr);
uint64_t probe_read16(uintptr_t addr);
uint64_t probe_read32(uintptr_t addr);
uint64_t probe_read64(uintptr_t addr);
void probe_write8(uintptr_t addr, uint64_t v);
void probe_write16(uintptr_t addr, uint64_t v);
void probe_write32(uintptr_t addr, uint64_t v);
void probe_write64(uintptr_t addr, uint64_t v);
extern char probe_read8_insn[], probe_read16_insn[], probe_read32_insn[], probe_read64_insn[];
extern char probe_write8_insn[], probe_write16_insn[], probe_write32_insn[], probe_write64_insn[];

/* ESR_EL1 fields. */
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_IL			(1UL << 25)
#define ESR_ISS(esr)		((esr) & 0x1ffffff)
#define ESR_FSC(esr)		((esr) & 0x3f)	/* DFSC / IFSC */
#define ESR_WNR			(1UL << 6)	/* data abort: a write */
#define ESR_FNV			(1UL << 10)	/* FAR not valid */
#define ESR_EA			(1UL << 9)	/* external abort type */
#define ESR_ISV			(1UL << 24)	/* data abort: syndrome valid */
#define ESR_SAS(esr)		(((esr) >> 22) & 3)	/* access size: 1 << SAS bytes */

#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_FP			0x07
#define EC_ILLEGAL		0x0e
#define EC_SVC64		0x15
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_IABT_CUR		0x21
#define EC_PC_ALIGN		0x22
#define EC_DABT_LOW		0x24
#define EC_DABT_CUR		0x25
#define EC_SP_ALIGN		0x26
#define EC_SERROR		0x2f
#define EC_BRK64		0x3c

#define FSC_SEA			0x10	/* synchronous external abort */
#define FSC_ALIGNMENT		0x21

/* A synchronous external abort (not on a table walk), data or instruction. */
bool esr_is_sea(uint64_t esr);
const char *esr_class_name(uint64_t esr);

/* Called from vectors.S. */
void exc_dispatch(struct exc_frame *f, unsigned int kind);

#endif
