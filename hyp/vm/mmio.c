/* A guest's access outside its RAM: stage-2 data aborts decoded into
 * an MMIO access and given to the device whose window holds the address
 * (those inside its RAM are first touches, for vm/ram.c).
 * An access the hardware cannot describe (ISV clear: a pair, a writeback
 * form) is decoded from the instruction itself (vm/decode.c); an access
 * to no device, or one that cannot be decoded, gets an external abort. */
#include <vm/mmio.h>
#include <vm/exit.h>
#include <vm/inject.h>
#include <vm/vm.h>
#include <vm/decode.h>
#include <mm/mmu.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

/* The access, if d has size bytes at off of its window. */
static inline __attribute__((always_inline)) int
access_at(struct vdev *d, unsigned vcpu, ipaddr_t ipa, uint64_t off, unsigned size, bool write,
	  uint64_t *val)
{
	/* Unaligned accesses to Device memory fault before they reach a
	 * device; armhv's devices never see one. */
	if (!ipa_is_aligned(ipa, size))
		return -EINVAL;
	return write ? d->ops->write(d, vcpu, off, size, *val) : d->ops->read(d, vcpu, off, size, val);
}

static inline __attribute__((always_inline)) int
access_in(struct vdev *d, unsigned vcpu, ipaddr_t ipa, unsigned size, bool write, uint64_t *val)
{
	uint64_t off = ipa_diff(ipa, d->base);

	if (!ipa_le(d->base, ipa) || off >= d->size || size > d->size - off)
		return -ENOENT;
	return access_at(d, vcpu, ipa, off, size, write, val);
}

/* A page two devices share, or anything outside the window: every
 * device is asked. Out of line: its loop's frame is not the common
 * case's. */
static __attribute__((noinline)) int
search_and_access(struct vm *vm, unsigned vcpu, ipaddr_t ipa, unsigned size, bool write,
		  uint64_t *val)
{
	for (unsigned i = 0; i < vm->vdev_count; i++) {
		int ret = access_in(vm->vdevs[i], vcpu, ipa, size, write, val);

		if (ret != -ENOENT)
			return ret;
	}
	return -ENOENT;
}

/* Inlined into the abort handler: one call less on every MMIO exit. The
 * page index names the device at once. */
static inline __attribute__((always_inline)) int
find_and_access(struct vm *vm, unsigned vcpu, ipaddr_t ipa, unsigned size, bool write,
		uint64_t *val)
{
	struct vdev *d = mmio_index_at(&vm->mmio, ipa);
	uint64_t off;

	if (!d)
		return search_and_access(vm, vcpu, ipa, size, write, val);
	/* The device starts at or below ipa, at most 64 MiB below (in the
	 * window, or the empty device's 0 is far below: off + size > 0). */
	off = ipa_diff(ipa, d->base);
	if (off + size > d->size)
		return -ENOENT;
	return access_at(d, vcpu, ipa, off, size, write, val);
}

int mmio_access(struct vm *vm, unsigned vcpu, ipaddr_t ipa, unsigned size, bool write,
		uint64_t *val)
{
	return search_and_access(vm, vcpu, ipa, size, write, val);
}

/* The instruction at the guest's PC, through its own stage 1 (AT S1E1R
 * uses the vCPU's EL1 state, live here; PAR_EL1 is the guest's and is
 * put back). False if it does not translate or is not in its RAM. */
static bool guest_insn(struct vcpu *v, uint32_t *insn)
{
	struct vm *vm = v->vm;
	uint64_t saved = read_sysreg(par_el1), par;
	const uint32_t *p;
	ipaddr_t ipa;

	__asm__ volatile("at s1e1r, %0" : : "r"(v->regs.pc));
	isb();	/* PAR_EL1 holds the result */
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & 1)
		return false;
	ipa = ipa_init((par & 0x0000fffffffff000ULL) | (v->regs.pc & 0xfff));
	if (!ipa_is_aligned(ipa, 4) || !(p = vm_ram_ptr(vm, ipa, 4)))
		return false;
	*insn = *p;
	return true;
}

/* Rn as a base register: 31 is the stack pointer of the guest's mode. */
static uint64_t get_base(struct vcpu *v, unsigned rn)
{
	if (rn < 31)
		return v->regs.x[rn];
	return (v->regs.pstate & 1) ? read_sysreg(sp_el1) : read_sysreg(sp_el0);
}

static void set_base(struct vcpu *v, unsigned rn, uint64_t val)
{
	if (rn < 31)
		v->regs.x[rn] = val;
	else if (v->regs.pstate & 1)
		write_sysreg(sp_el1, val);
	else
		write_sysreg(sp_el0, val);
}

static uint64_t fit(const struct ls_insn *d, uint64_t val)
{
	unsigned bits = 8 * d->size;

	if (bits < 64 && d->sign_extend && (val & (1ULL << (bits - 1))))
		val |= ~0ULL << bits;
	return d->dest64 ? val : (val & 0xffffffffULL);
}

/* An access the hardware could not describe (ISV clear): the writeback
 * and pair forms of loads and stores, decoded from the instruction. */
static int emulate_unsyndromed(struct vcpu *v, ipaddr_t ipa)
{
	struct ls_insn d;
	uint32_t insn;
	unsigned regs[2];
	int ret = 0;

	if (!guest_insn(v, &insn) || !decode_ls(insn, &d))
		return -EINVAL;
	regs[0] = d.rt;
	regs[1] = d.rt2;
	for (unsigned i = 0; i < (d.pair ? 2u : 1u) && !ret; i++) {
		uint64_t val = d.load ? 0 : vcpu_get_reg(v, regs[i]);

		if (!d.load && d.size < 8)
			val &= (1ULL << (8 * d.size)) - 1;
		ret = mmio_access(v->vm, v->id, ipa_add(ipa, i * d.size), d.size, !d.load, &val);
		if (!ret && d.load)
			vcpu_set_reg(v, regs[i], fit(&d, val));
	}
	if (ret)
		return ret;
	if (d.writeback)
		set_base(v, d.rn, get_base(v, d.rn) + (uint64_t)d.offset);
	v->vm->exits[VM_EXIT_MMIO]++;
	vcpu_skip_insn(v);
	return 0;
}

/* The rare ends of an abort, out of line so that the common one keeps a
 * small frame: an external abort for the guest, with one (rate-limited)
 * line saying why. */
static __attribute__((noinline)) enum exit_action
abort_unsyndromed(struct vcpu *v, uint64_t esr, ipaddr_t ipa, uint64_t far)
{
	uint64_t iss = ESR_ISS(esr);
	bool ifetch = ESR_EC(esr) == EC_IABT_LOW;

	/* An access the hardware could not describe: from the instruction. */
	if (!ifetch && !(iss & ISS_S1PTW) && emulate_unsyndromed(v, ipa) == 0)
		return EXIT_RESUME;
	log_ratelimited(LOG_WARN, "vm %s vcpu%u: %s at IPA 0x%llx (pc 0x%llx): external abort",
			v->vm->cfg.name, v->id,
			ifetch ? "instruction fetch" :
			(iss & ISS_S1PTW) ? "page-table walk" : "undecodable access",
			(unsigned long long)ipa_addr(ipa), (unsigned long long)v->regs.pc);
	v->vm->exits[VM_EXIT_ABORT]++;
	inject_external_abort(v, ifetch, !ifetch && (iss & ISS_WNR), far);
	return EXIT_RESUME;
}

static __attribute__((noinline)) enum exit_action
access_refused(struct vcpu *v, uint64_t esr, ipaddr_t ipa, uint64_t far, int ret)
{
	uint64_t iss = ESR_ISS(esr);

	log_ratelimited(LOG_WARN, "vm %s vcpu%u: %u-byte %s at IPA 0x%llx (pc 0x%llx): %s",
			v->vm->cfg.name, v->id, 1u << ISS_SAS(iss), (iss & ISS_WNR) ? "write" : "read",
			(unsigned long long)ipa_addr(ipa), (unsigned long long)v->regs.pc,
			ret == -ENOENT ? "nothing there, external abort" :
					 "refused by the device, external abort");
	v->vm->exits[VM_EXIT_ABORT]++;
	inject_external_abort(v, false, iss & ISS_WNR, far);
	return EXIT_RESUME;
}

/* An instruction abort: a first touch of RAM, or nothing to run there. */
enum exit_action mmio_handle_iabt(struct vcpu *v, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	ipaddr_t ipa = ipa_init(((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff));

	if (ipa_addr(ipa) >= GUEST_RAM_BASE && vm_ram_contains(v->vm, ipa, 1))
		return vm_ram_fault(v, esr, ipa);
	return abort_unsyndromed(v, esr, ipa, far);
}

enum exit_action mmio_handle_abort(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	uint64_t far = read_sysreg(far_el2);
	ipaddr_t ipa = ipa_init(((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff));
	unsigned size = 1u << ISS_SAS(iss), rt = ISS_SRT(iss);
	uint64_t val = 0;
	int ret;

	/* Every device sits below RAM: an MMIO exit pays one compare. */
	if (ipa_addr(ipa) >= GUEST_RAM_BASE && vm_ram_contains(v->vm, ipa, 1))
		return vm_ram_fault(v, esr, ipa);
	if ((iss & (ISS_ISV | ISS_S1PTW)) != ISS_ISV)
		return abort_unsyndromed(v, esr, ipa, far);
	if (iss & ISS_WNR)
		val = vcpu_get_reg(v, rt);
	ret = find_and_access(v->vm, v->id, ipa, size, iss & ISS_WNR, &val);
	if (ret)
		return access_refused(v, esr, ipa, far, ret);
	v->vm->exits[VM_EXIT_MMIO]++;
	if (!(iss & ISS_WNR)) {
		/* Sign-extend if asked, then fit the destination's width. */
		if ((iss & ISS_SSE) && size < 8 && (val & (1ULL << (8 * size - 1))))
			val |= ~0ULL << (8 * size);
		if (!(iss & ISS_SF))
			val &= 0xffffffffULL;
		vcpu_set_reg(v, rt, val);
	}
	vcpu_skip_insn(v);
	return EXIT_RESUME;
}
