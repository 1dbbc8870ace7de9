/* Basic types and helpers. Physical, intermediate-physical and EL2
 * virtual addresses are distinct types (paddr_t, ipaddr_t, vaddr_t: see
 * arch/addr.h). */
#ifndef ARMHV_TYPES_H
#define ARMHV_TYPES_H

#ifdef __ASSEMBLY__
#define UL(x) x
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#define UL(x) x##ULL
#include <arch/addr.h>
#endif

#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)
#ifndef __ASSEMBLY__
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN_UP(x, a)		ALIGN_DOWN((x) + (a) - 1, (a))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define MAX(a, b)		((a) > (b) ? (a) : (b))

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __section(s)	__attribute__((section(s)))
#define __aligned(n)	__attribute__((aligned(n)))
#define __unused	__attribute__((unused))

/* Error codes: functions return 0 or one of these, negated. */
#define EPERM	1
#define ENOENT	2
#define EIO	5
#define E2BIG	7
#define ENOMEM	12
#define EBUSY	16
#define EEXIST	17
#define ENODEV	19
#define EINVAL	22
#define ENOSPC	28
#define ERANGE	34
#define ENOTSUP	95
#define ETIMEDOUT 110
#endif

#endif
