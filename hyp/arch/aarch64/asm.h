/* Assembly helpers. */
#ifndef ARMHV_ASM_H
#define ARMHV_ASM_H

#define FUNC(name)	.globl name; .type name, %function; name:
#define ENDFUNC(name)	.size name, . - name

/* x = address of sym, PC-relative: the PA with the MMU off, the alias the
 * code runs at with it on. */
.macro adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* Vector table entry: 128 bytes each. */
.macro ventry, target, kind
	.balign 128
	mov	x1, #\kind
	b	\target
.endm

#endif
