/* Guest calls on HVC (and SMC, trapped and answered the same way, never
 * passed to the firmware): PSCI 1.1, SMCCC 1.1, and armhv's own calls in
 * the vendor-hypervisor range (docs/hyp-abi.md). Anything else returns
 * NOT_SUPPORTED. */
#include <vm/psci.h>
#include <vm/sched.h>
#include <vm/vm.h>
#include <drivers/psci.h>
#include <lib/log.h>
#include <arch/virt.h>

/* Function IDs a guest may use: SMC32 and SMC64 forms where PSCI has
 * both (bit 30 set: SMC64). */
#define FN_64			0x40000000u
#define PSCI_FN(n)		(0x84000000u + (n))
#define PSCI_FN_VERSION		PSCI_FN(0x0)
#define PSCI_FN_CPU_SUSPEND	PSCI_FN(0x1)
#define PSCI_FN_CPU_OFF		PSCI_FN(0x2)
#define PSCI_FN_CPU_ON		PSCI_FN(0x3)
#define PSCI_FN_AFFINITY_INFO	PSCI_FN(0x4)
#define PSCI_FN_MIGRATE		PSCI_FN(0x5)
#define PSCI_FN_MIGRATE_INFO_TYPE PSCI_FN(0x6)
#define PSCI_FN_SYSTEM_OFF	PSCI_FN(0x8)
#define PSCI_FN_SYSTEM_RESET	PSCI_FN(0x9)
#define PSCI_FN_FEATURES	PSCI_FN(0xa)

#define SMCCC_VERSION		0x80000000u
#define SMCCC_ARCH_FEATURES	0x80000001u
#define SMCCC_ARCH_WORKAROUND_1	0x80008000u
#define SMCCC_ARCH_WORKAROUND_2	0x80007fffu
#define SMCCC_ARCH_WORKAROUND_3	0x80003fffu

/* Vendor-specific hypervisor service calls (SMCCC, owner 6). */
#define ARMHV_CALL_COUNT	0x8600ff00u
#define ARMHV_CALL_UID		0x8600ff01u
#define ARMHV_CALL_REVISION	0x8600ff03u

#define SMCCC_NOT_SUPPORTED	((uint64_t)-1)
#define MIGRATE_NOT_REQUIRED	2		/* no Trusted OS to migrate */

/* armhv's UID, a random UUID made for it, in the SMCCC UID layout. */
#define ARMHV_UID_0		0x7d5e2a1cu
#define ARMHV_UID_1		0x4c6b9f03u
#define ARMHV_UID_2		0xa2188e5du
#define ARMHV_UID_3		0x31f0c4b7u
#define ARMHV_CALLS		3
#define ARMHV_CALLS_MAJOR	1
#define ARMHV_CALLS_MINOR	0

static uint64_t ret_of(int64_t r)
{
	return (uint64_t)r;
}

static struct vcpu *vcpu_by_mpidr(struct vm *vm, uint64_t mpidr)
{
	/* vCPU n has MPIDR affinity Aff0 = n, Aff1-3 = 0. */
	if ((mpidr & MPIDR_AFF_MASK) >= vm->cfg.vcpus)
		return NULL;
	return &vm->vcpu[mpidr & 0xff];
}

static uint64_t cpu_on(struct vcpu *v, uint64_t target, uint64_t entry, uint64_t ctx)
{
	struct vm *vm = v->vm;
	struct vcpu *t = vcpu_by_mpidr(vm, target);
	int64_t r = PSCI_SUCCESS;

	if (!t)
		return ret_of(PSCI_E_INVALID_PARAMS);
	/* An entry point outside its RAM could only fault forever. */
	if (!vm_ram_contains(vm, ipa_init(entry), 4) || (entry & 3))
		return ret_of(PSCI_E_INVALID_ADDRESS);
	spin_lock(&vm->lock);
	if (t->power == VCPU_ON)
		r = PSCI_E_ALREADY_ON;
	else if (t->power == VCPU_ON_PENDING)
		r = PSCI_E_ON_PENDING;
	else
		vcpu_reset(t, entry, ctx);	/* now ON_PENDING */
	spin_unlock(&vm->lock);
	if (r == PSCI_SUCCESS)
		sched_wake(t);
	return ret_of(r);
}

static uint64_t affinity_info(struct vcpu *v, uint64_t target, uint64_t level)
{
	struct vcpu *t = vcpu_by_mpidr(v->vm, target);
	enum vcpu_power p;

	if (!t || level != 0)
		return ret_of(PSCI_E_INVALID_PARAMS);
	p = __atomic_load_n(&t->power, __ATOMIC_ACQUIRE);
	return p == VCPU_ON ? PSCI_AFF_ON : p == VCPU_OFF ? PSCI_AFF_OFF : PSCI_AFF_ON_PENDING;
}

static bool psci_supported(uint32_t fn)
{
	switch (fn & ~FN_64) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		/* VERSION, CPU_OFF, MIGRATE_INFO_TYPE, SYSTEM_* and FEATURES
		 * exist in their 32-bit form only. */
		return !(fn & FN_64) || (fn & ~FN_64) == PSCI_FN_CPU_SUSPEND ||
		       (fn & ~FN_64) == PSCI_FN_CPU_ON || (fn & ~FN_64) == PSCI_FN_AFFINITY_INFO;
	default:
		return false;
	}
}

static uint64_t features(uint32_t fn)
{
	if (fn == SMCCC_VERSION)
		return PSCI_SUCCESS;
	if (!psci_supported(fn))
		return SMCCC_NOT_SUPPORTED;
	/* CPU_SUSPEND: the original power_state format, no OS-initiated mode. */
	return PSCI_SUCCESS;
}

enum exit_action guest_call(struct vcpu *v)
{
	uint32_t fn = (uint32_t)v->regs.x[0];
	uint64_t a1 = v->regs.x[1], a2 = v->regs.x[2], a3 = v->regs.x[3];
	bool is64 = fn & FN_64;
	uint64_t r = SMCCC_NOT_SUPPORTED;

	if (!is64) {	/* SMC32/HVC32: arguments are 32-bit */
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}
	/* A PSCI call names the same function in its SMC32 and SMC64 forms;
	 * a form PSCI does not define is not supported. */
	if ((fn & ~FN_64) >= PSCI_FN(0) && (fn & ~FN_64) <= PSCI_FN(0x1f)) {
		if (!psci_supported(fn))
			fn = 0;
		fn &= ~FN_64;
	}
	switch (fn) {
	case PSCI_FN_VERSION:
		r = GUEST_PSCI_VERSION;
		break;
	case PSCI_FN_CPU_SUSPEND:
		/* Every state is treated as standby: the call returns when
		 * the vCPU has something to do, which a WFI also waits for. */
		r = PSCI_SUCCESS;
		v->regs.x[0] = r;
		return EXIT_YIELD;
	case PSCI_FN_CPU_OFF:
		spin_lock(&v->vm->lock);
		v->power = VCPU_OFF;
		spin_unlock(&v->vm->lock);
		return EXIT_BLOCK;	/* never returns to the caller */
	case PSCI_FN_CPU_ON:
		r = cpu_on(v, a1, a2, a3);
		break;
	case PSCI_FN_AFFINITY_INFO:
		r = affinity_info(v, a1, a2);
		break;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		r = MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_FN_SYSTEM_OFF:
		vm_request_stop(v->vm, VM_STOP_SYSTEM_OFF);
		return EXIT_STOP;
	case PSCI_FN_SYSTEM_RESET:
		vm_request_stop(v->vm, VM_STOP_RESET);
		return EXIT_STOP;
	case PSCI_FN_FEATURES:
		r = features((uint32_t)a1);
		break;
	case SMCCC_VERSION:
		r = GUEST_SMCCC_VERSION;
		break;
	case SMCCC_ARCH_FEATURES:
		/* The workarounds are not needed on the hardware armhv
		 * virtualises to its guests: say so (SMCCC 1.1: -1). */
		r = (uint32_t)a1 == SMCCC_VERSION ? PSCI_SUCCESS : SMCCC_NOT_SUPPORTED;
		break;
	case ARMHV_CALL_COUNT:
		r = ARMHV_CALLS;
		break;
	case ARMHV_CALL_UID:
		v->regs.x[1] = ARMHV_UID_1;
		v->regs.x[2] = ARMHV_UID_2;
		v->regs.x[3] = ARMHV_UID_3;
		r = ARMHV_UID_0;
		break;
	case ARMHV_CALL_REVISION:
		v->regs.x[1] = ARMHV_CALLS_MINOR;
		r = ARMHV_CALLS_MAJOR;
		break;
	default:
		break;
	}
	v->regs.x[0] = r;
	return EXIT_RESUME;
}
