/* A VM's RAM, zeroed a 2 MiB block at a time on first touch (vm/ram.h),
 * or filled by a restore before the VM exists.
 *
 * A block is ready once it is zeroed, cleaned to the point of coherency
 * (guests start with their caches off) and mapped in stage 2; its bit in
 * `ready` is set last, with release semantics, under the RAM lock. Whoever
 * needs a block that is not ready (a vCPU's stage-2 fault, armhv's own
 * access) takes the lock, looks again, and makes it ready if it still is
 * not: two vCPUs faulting on one block, or a vCPU and armhv, zero it once,
 * and the later ones find it mapped. A ready block is read without the
 * lock (an acquire load of its bit). */
#include <vm/ram.h>
#include <vm/inject.h>
#include <vm/vm.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <arch/virt.h>
#include <stdio.h>
#include <string.h>

#define FSC_TRANSLATION		0x04	/* 0x04-0x07: translation fault, levels 0-3 */
#define CTR_DIC			(UL(1) << 29)	/* no I-cache invalidation needed */

static ipaddr_t ram_base(void)
{
	return ipa_init(GUEST_RAM_BASE);
}

/* A previous owner's instructions may still sit in an instruction cache
 * that is tagged by PA: gone before the guest can run from the block. */
static void forget_old_instructions(void)
{
	if (!(read_sysreg(ctr_el0) & CTR_DIC)) {
		__asm__ volatile("ic ialluis" : : : "memory");
		dsb(ish);
	}
}

/* [va, va + size) zeroed in memory, not only in armhv's cache lines. */
static void zero_clean(void *va, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t line = dcache_line_size();
	uint64_t *p = va;

	/* DC ZVA zeroes a whole block (DCZID_EL0: 4 << BS bytes), unless it
	 * is prohibited (DZP). Where a block is a cache line (the common
	 * case), each line is zeroed and then cleaned and invalidated to the
	 * point of coherency, four at a time (size is a multiple of 2 MiB,
	 * lines at most 2 KiB). */
	if (!(dczid & (1u << 4)) && 4ULL << (dczid & 0xf) == line) {
		uintptr_t a = (uintptr_t)va, end = a + size;
		uintptr_t l1 = line, l2 = 2 * line, l3 = 3 * line;

		for (; a < end; a += 4 * line) {
			uintptr_t a1 = a + l1, a2 = a + l2, a3 = a + l3;

			__asm__ volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3\n\t"
					 "dc civac, %0\n\tdc civac, %1\n\tdc civac, %2\n\tdc civac, %3"
					 : : "r"(a), "r"(a1), "r"(a2), "r"(a3) : "memory");
		}
		dsb(sy);
	} else {
		for (uint64_t n = size / 8; n; n -= 8, p += 8) {
			p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;
			p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
		}
		dcache_clean_inval_poc(va, size);
	}
}

static bool block_ready(const struct vm_ram *r, uint64_t b)
{
	return __atomic_load_n(&r->ready[b / 64], __ATOMIC_ACQUIRE) & (1ULL << (b % 64));
}

/* Block b ready, made so by the first to ask: zeroed, unless filled (its
 * owner wrote every byte and cleaned it to the point of coherency). False
 * only if stage 2 refused the mapping, which its reserved tables rule
 * out. */
static bool block_prepare(struct vm *vm, uint64_t b, bool filled)
{
	struct vm_ram *r = &vm->ram;
	uint64_t off = b * VM_RAM_BLOCK;
	bool ok = true;

	if (block_ready(r, b))
		return true;
	spin_lock(&r->lock);
	if (!block_ready(r, b)) {
		int ret;

		if (!filled)
			zero_clean(phys_to_virt(pa_add(r->pa, off)), VM_RAM_BLOCK);
		forget_old_instructions();
		ret = pt_s2_map(&vm->s2.pt, ipa_add(ram_base(), off), pa_add(r->pa, off),
				VM_RAM_BLOCK, PT_S2_NORMAL_RW);
		if (ret) {
			log_ratelimited(LOG_ERR, "vm %s: RAM at IPA 0x%llx: stage-2 map error %d",
					vm->cfg.name,
					(unsigned long long)ipa_addr(ipa_add(ram_base(), off)), ret);
			ok = false;
		} else {
			/* The entry visible to every CPU's table walks before
			 * anyone is told the block is ready. */
			dsb(ishst);
			__atomic_store_n(&r->ready[b / 64], r->ready[b / 64] | (1ULL << (b % 64)),
					 __ATOMIC_RELEASE);
			__atomic_store_n(&r->touched, r->touched + 1, __ATOMIC_RELAXED);
		}
	}
	spin_unlock(&r->lock);
	return ok;
}

paddr_t vm_ram_alloc(uint64_t size, char *err, size_t err_size)
{
	paddr_t pa = alloc_pages_aligned(size / PAGE_SIZE, VM_RAM_BLOCK / PAGE_SIZE);

	if (!pa_addr(pa))
		snprintf(err, err_size, "no %llu MiB of contiguous free memory",
			 (unsigned long long)(size >> 20));
	return pa;
}

void vm_ram_free(paddr_t pa, uint64_t size)
{
	free_pages(pa, size / PAGE_SIZE);
}

int vm_ram_create(struct vm *vm, uint64_t size, paddr_t ram, char *err, size_t err_size)
{
	struct vm_ram *r = &vm->ram;
	uint64_t blocks = size / VM_RAM_BLOCK;
	int ret;

	r->lock = (spinlock_t)SPINLOCK_INIT;
	r->size = size;
	r->touched = 0;
	r->pa = pa_addr(ram) ? ram : vm_ram_alloc(size, err, err_size);
	if (!pa_addr(r->pa))
		return -ENOMEM;
	r->ready_pages = (unsigned)(ALIGN_UP(ALIGN_UP(blocks, 64) / 8, PAGE_SIZE) / PAGE_SIZE);
	r->ready_pa = alloc_pages_aligned(r->ready_pages, 1);
	r->ready = pa_addr(r->ready_pa) ? phys_to_virt(r->ready_pa) : NULL;
	ret = r->ready ? pt_s2_reserve(&vm->s2.pt, ram_base(), size, 2) : -ENOMEM;
	if (ret) {
		snprintf(err, err_size, "its RAM's bitmap or stage-2 tables: error %d", ret);
		vm_ram_destroy(vm);
		return ret;
	}
	memset(r->ready, 0, (size_t)r->ready_pages * PAGE_SIZE);
	return 0;
}

void vm_ram_destroy(struct vm *vm)
{
	struct vm_ram *r = &vm->ram;

	if (r->ready)
		free_pages(r->ready_pa, r->ready_pages);
	if (pa_addr(r->pa))
		free_pages(r->pa, r->size / PAGE_SIZE);
	r->ready = NULL;
	r->pa = pa_init(0);
}

void vm_ram_reset(struct vm *vm)
{
	struct vm_ram *r = &vm->ram;
	int ret;

	spin_lock(&r->lock);
	/* Blocks only, in reserved tables: nothing to split or free, so it
	 * cannot fail; each valid entry is broken and its TLB entries
	 * invalidated for the VMID (mm/mmu.c s2_tlbi). */
	ret = pt_s2_unmap(&vm->s2.pt, ram_base(), r->size);
	if (ret)
		log_err("vm %s: unmapping its RAM: error %d", vm->cfg.name, ret);
	for (uint64_t i = 0; i < ALIGN_UP(r->size / VM_RAM_BLOCK, 64) / 64; i++)
		__atomic_store_n(&r->ready[i], 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->touched, 0, __ATOMIC_RELAXED);
	spin_unlock(&r->lock);
}

bool vm_ram_contains(const struct vm *vm, ipaddr_t ipa, uint64_t size)
{
	uint64_t off = ipa_diff(ipa, ram_base());

	return ipa_le(ram_base(), ipa) && off <= vm->ram.size && size <= vm->ram.size - off;
}

void *vm_ram_ptr(struct vm *vm, ipaddr_t ipa, uint64_t size)
{
	uint64_t off = ipa_diff(ipa, ram_base());

	if (!size)
		size = 1;
	if (!vm_ram_contains(vm, ipa, size))
		return NULL;
	for (uint64_t b = off / VM_RAM_BLOCK; b <= (off + size - 1) / VM_RAM_BLOCK; b++)
		if (!block_prepare(vm, b, false))
			return NULL;
	return phys_to_virt(pa_add(vm->ram.pa, off));
}

int vm_ram_block_filled(struct vm *vm, uint64_t b)
{
	if (b >= vm->ram.size / VM_RAM_BLOCK)
		return -EINVAL;
	if (block_ready(&vm->ram, b))
		return -EBUSY;	/* then its contents were the guest's */
	return block_prepare(vm, b, true) ? 0 : -EIO;
}

void *vm_ram_block_if_ready(struct vm *vm, uint64_t b)
{
	if (b >= vm->ram.size / VM_RAM_BLOCK || !block_ready(&vm->ram, b))
		return NULL;
	return phys_to_virt(pa_add(vm->ram.pa, b * VM_RAM_BLOCK));
}

uint64_t vm_ram_touched(const struct vm *vm)
{
	return (uint64_t)__atomic_load_n(&vm->ram.touched, __ATOMIC_RELAXED) * VM_RAM_BLOCK;
}

enum exit_action vm_ram_fault(struct vcpu *v, uint64_t esr, ipaddr_t ipa)
{
	struct vm *vm = v->vm;
	uint64_t iss = ESR_ISS(esr);
	bool ifetch = ESR_EC(esr) == EC_IABT_LOW;

	/* RAM is mapped read-write-execute with its access flag set: a
	 * translation fault is the only stage-2 fault it takes, the first
	 * touch of a block (by any access: a load, a store, a fetch, a
	 * cache operation, the guest's own table walk). Not an MMIO access:
	 * nothing to emulate, nothing to skip. */
	if ((ISS_FSC(iss) & 0x3c) == FSC_TRANSLATION &&
	    block_prepare(vm, ipa_diff(ipa, ram_base()) / VM_RAM_BLOCK, false)) {
		vm->exits[VM_EXIT_RAM]++;
		return EXIT_RESUME;
	}
	log_ratelimited(LOG_WARN, "vm %s vcpu%u: stage-2 fault (FSC 0x%x) at IPA 0x%llx in RAM "
			"(pc 0x%llx): external abort", vm->cfg.name, v->id, ISS_FSC(iss),
			(unsigned long long)ipa_addr(ipa), (unsigned long long)v->regs.pc);
	vm->exits[VM_EXIT_ABORT]++;
	inject_external_abort(v, ifetch, !ifetch && (iss & ISS_WNR), read_sysreg(far_el2));
	return EXIT_RESUME;
}
