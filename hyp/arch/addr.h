/* Addresses in armhv's three address spaces, as types the compiler tells
 * apart (docs/architecture.md, "Addresses"):
 *
 *   paddr_t   a physical address: what the CPU puts on the bus with its
 *             MMU off, and what page tables map to
 *   ipaddr_t  an intermediate physical address: a guest's physical
 *             address, the input of its stage-2 table
 *   vaddr_t   an EL2 virtual address: the input of armhv's own stage-1
 *             tables (the identity map, the linear map, device windows,
 *             the image, the trampoline)
 *
 * Each is a structure of one 64-bit word: same size, alignment and
 * calling convention as the integer, but an assignment, comparison or sum
 * that mixes two of them, or one with an integer, does not compile. Every
 * type X in (pa, ipa, va) has the same helpers, all inline:
 *
 *   X_init(u64)              construct          X_addr(a)        read back
 *   X_add(a, n), X_sub(a, n) move by n bytes    X_diff(end, a)   bytes between
 *   X_eq, X_lt, X_le         compare
 *   X_align_down(a, n), X_align_up(a, n), X_is_aligned(a, n)   n a power of 2
 *
 * and a pointer is an EL2 VA: va_from_ptr(p), va_ptr(va). Crossing from one
 * space to another is explicit and lives with the mapping that justifies
 * it: phys_to_virt() and linear_va() (the linear map, mm/mmu.h),
 * idmap_va() (the identity map, mm/layout.h), image_va_of_pa() and
 * image_pa_of_va() (armhv's image, boot/early.h).
 *
 * Self-contained (<stdint.h> and <stdbool.h> only) so that libraries with
 * their own include rules (vgic/its) can use it too.
 */
#ifndef ARMHV_ADDR_H
#define ARMHV_ADDR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct { uint64_t pa; } paddr_t;	/* physical address */
typedef struct { uint64_t ipa; } ipaddr_t;	/* guest physical address */
typedef struct { uint64_t va; } vaddr_t;	/* EL2 virtual address */

/* The helpers of one address type T, named PREFIX_*, over its field F. */
#define ADDR_HELPERS(T, PREFIX, F)						\
static inline T PREFIX##_init(uint64_t a) { return (T){ a }; }			\
static inline uint64_t PREFIX##_addr(T a) { return a.F; }			\
static inline T PREFIX##_add(T a, uint64_t n) { return (T){ a.F + n }; }	\
static inline T PREFIX##_sub(T a, uint64_t n) { return (T){ a.F - n }; }	\
static inline uint64_t PREFIX##_diff(T end, T start) { return end.F - start.F; } \
static inline bool PREFIX##_eq(T a, T b) { return a.F == b.F; }		\
static inline bool PREFIX##_lt(T a, T b) { return a.F < b.F; }		\
static inline bool PREFIX##_le(T a, T b) { return a.F <= b.F; }		\
static inline T PREFIX##_align_down(T a, uint64_t n)				\
{ return (T){ a.F & ~(n - 1) }; }						\
static inline T PREFIX##_align_up(T a, uint64_t n)				\
{ return (T){ (a.F + n - 1) & ~(n - 1) }; }					\
static inline bool PREFIX##_is_aligned(T a, uint64_t n)			\
{ return (a.F & (n - 1)) == 0; }

ADDR_HELPERS(paddr_t, pa, pa)
ADDR_HELPERS(ipaddr_t, ipa, ipa)
ADDR_HELPERS(vaddr_t, va, va)
#undef ADDR_HELPERS

/* Pointers are EL2 virtual addresses. */
static inline vaddr_t va_from_ptr(const void *p)
{
	return va_init((uint64_t)(uintptr_t)p);
}

static inline void *va_ptr(vaddr_t va)
{
	return (void *)(uintptr_t)va.va;
}

#endif
