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

/* Vector table entries are 128 bytes: a longer one would shift every
 * entry after it. Each vector macro ends with this check, given the label
 * it put at its start. */
.macro check_ventry_size, start
	.if (. - \start) > 128
	.error "vector entry longer than 128 bytes"
	.endif
.endm

/* x2-x29 at [base + 16, base + 240): the layout of struct exc_frame,
 * struct cpu_regs and struct vcpu_regs (x0 and x1, which callers need as
 * scratch, go first). The x2-x17 part and the x19-x28 part alone serve a
 * guest's interrupt exit (vm/switch.S), which saves x18, x29 and x30
 * itself. Each list is written once, for stp and ldp alike. */
.macro pairs_x2_x17, op, base
	\op	x2, x3, [\base, #16]
	\op	x4, x5, [\base, #32]
	\op	x6, x7, [\base, #48]
	\op	x8, x9, [\base, #64]
	\op	x10, x11, [\base, #80]
	\op	x12, x13, [\base, #96]
	\op	x14, x15, [\base, #112]
	\op	x16, x17, [\base, #128]
.endm

.macro pairs_x18_x29, op, base
	\op	x18, x19, [\base, #144]
	\op	x20, x21, [\base, #160]
	\op	x22, x23, [\base, #176]
	\op	x24, x25, [\base, #192]
	\op	x26, x27, [\base, #208]
	\op	x28, x29, [\base, #224]
.endm

.macro save_x2_x17, base
	pairs_x2_x17 stp, \base
.endm

.macro restore_x2_x17, base
	pairs_x2_x17 ldp, \base
.endm

.macro save_x19_x28, base
	stp	x19, x20, [\base, #152]
	stp	x21, x22, [\base, #168]
	stp	x23, x24, [\base, #184]
	stp	x25, x26, [\base, #200]
	stp	x27, x28, [\base, #216]
.endm

.macro save_x2_x29, base
	pairs_x2_x17 stp, \base
	pairs_x18_x29 stp, \base
.endm

.macro restore_x2_x29, base
	pairs_x2_x17 ldp, \base
	pairs_x18_x29 ldp, \base
.endm

#endif
