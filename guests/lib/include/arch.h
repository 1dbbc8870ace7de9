/*
 * AArch64 primitives for test guests at EL1: system registers, barriers,
 * interrupt masking, this CPU's index.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#define read_sysreg(r) ({						\
	uint64_t __v;							\
	__asm__ volatile("mrs %0, " #r : "=r"(__v) : : "memory");	\
	__v;								\
})
#define write_sysreg(r, v) do {						\
	uint64_t __wv = (uint64_t)(v);					\
	__asm__ volatile("msr " #r ", %0" : : "r"(__wv) : "memory");	\
} while (0)

#define isb()		__asm__ volatile("isb" : : : "memory")
#define dsb(opt)	__asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt)	__asm__ volatile("dmb " #opt : : : "memory")
#define wfi()		__asm__ volatile("wfi" : : : "memory")
#define wfe()		__asm__ volatile("wfe" : : : "memory")
#define sev()		__asm__ volatile("sev" : : : "memory")
#define cpu_relax()	__asm__ volatile("yield" : : : "memory")

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/*
 * Device registers: one plain LDR/STR each, never a load/store pair or a
 * form with writeback, which the compiler may pick for a volatile access
 * in a loop and which a hypervisor cannot emulate (no syndrome: ESR ISV=0).
 */
static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t v;
	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t v;
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write64(uintptr_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

/* SCTLR_EL1 */
#define SCTLR_M		(1UL << 0)
#define SCTLR_A		(1UL << 1)
#define SCTLR_C		(1UL << 2)
#define SCTLR_SA	(1UL << 3)
#define SCTLR_I		(1UL << 12)

/* MPIDR_EL1: the affinity fields (Aff3, Aff2, Aff1, Aff0). */
#define MPIDR_AFF_MASK	0xff00ffffffUL

/* DAIF bits as MSR DAIFSet/DAIFClr immediates. */
#define DAIF_IRQ	2

static inline unsigned int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

static inline uint64_t this_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

/* This CPU's index (0 = the boot CPU), kept in TPIDR_EL1 by the library. */
static inline unsigned int cpu_index(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* Masks IRQs and returns the previous DAIF, for irq_restore(). */
static inline uint64_t irq_save(void)
{
	uint64_t daif = read_sysreg(daif);
	irq_disable();
	return daif;
}

static inline void irq_restore(uint64_t daif)
{
	write_sysreg(daif, daif);
}

static inline bool irqs_masked(void)
{
	return (read_sysreg(daif) & (1UL << 7)) != 0;
}

#endif
