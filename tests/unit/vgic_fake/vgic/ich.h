/* Host-test stand-in for hyp/vgic/ich.h (unit-vgic): the same API over a
 * fake virtual CPU interface instead of the ICH_*_EL2 registers, plus
 * ich_fake_eisr() and ich_fake_maintenance() for the test's exits. This
 * folder comes before hyp/ on the include path, so vgic.c and regs.c get
 * this file for <vgic/ich.h>.
 *
 * The constants (LR fields, ICH_HCR bits, GICD_CTLR group enables) are
 * the real header's: it is included with its register accessors renamed
 * out of the way (they are static inline and never called, so their
 * AArch64 assembly is never emitted). */
#ifndef TESTS_VGIC_FAKE_ICH_H
#define TESTS_VGIC_FAKE_ICH_H

#define ich_read_lr		hw_ich_read_lr
#define ich_write_lr		hw_ich_write_lr
#define ich_nr_lrs		hw_ich_nr_lrs
#define ich_empty_lrs		hw_ich_empty_lrs
#define ich_set_underflow	hw_ich_set_underflow
#define ich_load		hw_ich_load
#define ich_put			hw_ich_put
#define ich_read_if		hw_ich_read_if
#define ich_apr_shift		hw_ich_apr_shift
#include "../../../../hyp/vgic/ich.h"
#undef ich_read_lr
#undef ich_write_lr
#undef ich_nr_lrs
#undef ich_empty_lrs
#undef ich_set_underflow
#undef ich_load
#undef ich_put
#undef ich_read_if
#undef ich_apr_shift

#define ICH_FAKE_LRS	16

/* One physical CPU's virtual CPU interface. Defined by the test. */
struct ich_fake {
	uint64_t lr[ICH_FAKE_LRS];
	unsigned nr_lrs;		/* ICH_VTR_EL2.ListRegs + 1, 1..16 */
	bool en, uie;			/* ICH_HCR_EL2.En, .UIE */
	uint64_t vmcr, ap0r0, ap1r0;
	unsigned loads, puts;
	unsigned bad_lr;		/* accesses to an LR the CPU lacks */
};
extern struct ich_fake ich_fake;

static inline uint64_t ich_read_lr(unsigned n)
{
	if (n >= ich_fake.nr_lrs) {
		ich_fake.bad_lr++;
		return 0;
	}
	return ich_fake.lr[n];
}

static inline void ich_write_lr(unsigned n, uint64_t v)
{
	if (n >= ich_fake.nr_lrs) {
		ich_fake.bad_lr++;
		return;
	}
	ich_fake.lr[n] = v;
}

static inline unsigned ich_nr_lrs(void)
{
	return ich_fake.nr_lrs;
}

#define ICH_FAKE_LR_HW	(1ULL << 61)

/* ICH_ELRSR_EL2, as the architecture (and QEMU) has it: the LRs whose
 * state is invalid (0b00), except those with EOI set and HW clear, which
 * still owe an EOI maintenance interrupt (ICH_EISR_EL2) until rewritten. */
static inline uint32_t ich_empty_lrs(void)
{
	uint32_t empty = 0;

	for (unsigned n = 0; n < ich_fake.nr_lrs; n++) {
		uint64_t lr = ich_fake.lr[n];

		if (!(lr & ICH_LR_STATE_MASK) && ((lr & ICH_FAKE_LR_HW) || !(lr & ICH_LR_EOI)))
			empty |= 1u << n;
	}
	return empty;
}

/* Not part of the API: ICH_EISR_EL2, the LRs owing an EOI maintenance
 * interrupt. */
static inline uint32_t ich_fake_eisr(void)
{
	uint32_t eisr = 0;

	for (unsigned n = 0; n < ich_fake.nr_lrs; n++) {
		uint64_t lr = ich_fake.lr[n];

		if (!(lr & ICH_LR_STATE_MASK) && !(lr & ICH_FAKE_LR_HW) && (lr & ICH_LR_EOI))
			eisr |= 1u << n;
	}
	return eisr;
}

/* Not part of the API: whether the maintenance interrupt is asserted
 * (ICH_MISR_EL2.EOI, or .U: UIE and at most one valid LR). */
static inline bool ich_fake_maintenance(void)
{
	unsigned valid = 0;

	if (!ich_fake.en)
		return false;
	for (unsigned n = 0; n < ich_fake.nr_lrs; n++)
		valid += (ich_fake.lr[n] & ICH_LR_STATE_MASK) != 0;
	return ich_fake_eisr() || (ich_fake.uie && valid <= 1);
}

static inline void ich_set_underflow(bool on)
{
	ich_fake.en = true;
	ich_fake.uie = on;
}

static inline void ich_load(uint64_t vmcr, uint64_t ap0r0, uint64_t ap1r0)
{
	ich_fake.vmcr = vmcr;
	ich_fake.ap0r0 = ap0r0;
	ich_fake.ap1r0 = ap1r0;
	ich_fake.en = true;
	ich_fake.uie = false;
	ich_fake.loads++;
}

static inline void ich_read_if(uint64_t *vmcr, uint64_t *ap0r0, uint64_t *ap1r0)
{
	*vmcr = ich_fake.vmcr;
	*ap0r0 = ich_fake.ap0r0;
	*ap1r0 = ich_fake.ap1r0;
}

/* QEMU's: 5 preemption bits. */
static inline unsigned ich_apr_shift(void)
{
	return 3;
}

static inline void ich_put(uint64_t *vmcr, uint64_t *ap0r0, uint64_t *ap1r0)
{
	*vmcr = ich_fake.vmcr;
	*ap0r0 = ich_fake.ap0r0;
	*ap1r0 = ich_fake.ap1r0;
	ich_fake.en = false;
	ich_fake.uie = false;
	ich_fake.puts++;
}

#endif
