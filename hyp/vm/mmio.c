/* A guest's access outside its RAM: stage-2 data aborts decoded into
 * an MMIO access and given to the device whose window holds the address;
 * an access to no device, or one the hardware cannot describe (ISV
 * clear: a load pair, a writeback form), gets an external abort. */
#include <vm/mmio.h>
#include <vm/exit.h>
#include <vm/inject.h>
#include <vm/vm.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

int mmio_access(struct vm *vm, unsigned vcpu, uint64_t ipa, unsigned size, bool write,
		uint64_t *val)
{
	for (unsigned i = 0; i < vm->vdev_count; i++) {
		struct vdev *d = vm->vdevs[i];

		if (ipa >= d->base && ipa - d->base < d->size &&
		    size <= d->size - (ipa - d->base)) {
			/* Unaligned accesses to Device memory fault before they
			 * reach a device; armhv's devices never see one. */
			if (ipa & (size - 1))
				return -EINVAL;
			return write ? d->ops->write(d, vcpu, ipa - d->base, size, *val)
				     : d->ops->read(d, vcpu, ipa - d->base, size, val);
		}
	}
	return -ENOENT;
}

enum exit_action mmio_handle_abort(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
	bool ifetch = ESR_EC(esr) == EC_IABT_LOW;
	unsigned size, rt;
	uint64_t val = 0;
	int ret;

	if (ifetch || !(iss & ISS_ISV) || (iss & ISS_S1PTW)) {
		log_ratelimited(LOG_WARN, "vm %s vcpu%u: %s at IPA 0x%llx (pc 0x%llx): external abort",
				v->vm->cfg.name, v->id,
				ifetch ? "instruction fetch" :
				(iss & ISS_S1PTW) ? "page-table walk" : "undecodable access",
				(unsigned long long)ipa, (unsigned long long)v->regs.pc);
		v->vm->exits[VM_EXIT_ABORT]++;
		inject_external_abort(v, ifetch, !ifetch && (iss & ISS_WNR), far);
		return EXIT_RESUME;
	}
	size = 1u << ISS_SAS(iss);
	rt = ISS_SRT(iss);
	if (iss & ISS_WNR)
		val = vcpu_get_reg(v, rt);
	ret = mmio_access(v->vm, v->id, ipa, size, iss & ISS_WNR, &val);
	if (ret) {
		log_ratelimited(LOG_WARN, "vm %s vcpu%u: %u-byte %s at IPA 0x%llx (pc 0x%llx): %s",
				v->vm->cfg.name, v->id, size, (iss & ISS_WNR) ? "write" : "read",
				(unsigned long long)ipa, (unsigned long long)v->regs.pc,
				ret == -ENOENT ? "nothing there, external abort" :
						 "refused by the device, external abort");
		v->vm->exits[VM_EXIT_ABORT]++;
		inject_external_abort(v, false, iss & ISS_WNR, far);
		return EXIT_RESUME;
	}
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
