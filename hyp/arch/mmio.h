/* Device registers. A mapped device is known by the EL2 VA of its
 * register block (a vaddr_t, as mmio_map() returns it); a register by
 * its byte offset in that block. Accesses are single loads and stores of
 * the register's width, never merged or split (volatile); ordering
 * against other memory is the caller's (barriers in arch/sysreg.h). */
#ifndef ARMHV_MMIO_H
#define ARMHV_MMIO_H

#include <arch/types.h>

static inline volatile void *mmio_reg(vaddr_t base, uint64_t off)
{
	return va_ptr(va_add(base, off));
}

static inline uint32_t mmio_read32(vaddr_t base, uint64_t off)
{
	return *(volatile uint32_t *)mmio_reg(base, off);
}

static inline uint64_t mmio_read64(vaddr_t base, uint64_t off)
{
	return *(volatile uint64_t *)mmio_reg(base, off);
}

static inline void mmio_write8(vaddr_t base, uint64_t off, uint8_t v)
{
	*(volatile uint8_t *)mmio_reg(base, off) = v;
}

static inline void mmio_write32(vaddr_t base, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)mmio_reg(base, off) = v;
}

static inline void mmio_write64(vaddr_t base, uint64_t off, uint64_t v)
{
	*(volatile uint64_t *)mmio_reg(base, off) = v;
}

#endif
