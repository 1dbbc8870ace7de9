/*
 * Boot CPU, MMU off: build the boot table (identity map of the trampoline
 * region plus its trampoline alias) and the first runtime table (image
 * with W^X, trampoline alias, device tree), and fill the init-parameter
 * block. Compiled with -mstrict-align and no library calls; every address
 * taken here is PC-relative, hence a PA.
 */
#include <boot/early.h>
#include <mm/layout.h>
#include <boot/boot_params.h>
#include <boot/stages.h>
#include <arch/sysreg.h>
#include <cpu/cpu.h>

struct early_info early_info;

static uint8_t pt_pool[PT_POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned pt_pool_next;

/* With the MMU off, the address of a symbol (taken PC-relative) is its
 * PA; the runtime table maps it at its image VA. */
#define PA(sym)	pa_init((uint64_t)(uintptr_t)(sym))
#define VA(sym)	image_va_of_pa(PA(sym))

/* Pool pages are reached at their PA with the MMU off and at their image
 * VA with it on (mm/mmu.c). */
paddr_t pt_pool_alloc(void *ctx, unsigned count)
{
	paddr_t pool_pa;

	(void)ctx;
	if (count != 1 || pt_pool_next >= PT_POOL_PAGES)
		return pa_init(0);
	/* With the MMU on, &pt_pool is a VA: convert; off, it is the PA. */
	if ((uintptr_t)pt_pool >= IMAGE_VA_BASE)
		pool_pa = image_pa_of_va(pt_pool);
	else
		pool_pa = PA(pt_pool);
	return pa_add(pool_pa, (uint64_t)pt_pool_next++ * PAGE_SIZE);
}

unsigned pt_pool_used_pages(void)
{
	return pt_pool_next;
}

static void *identity(void *ctx, paddr_t pa)
{
	(void)ctx;
	return va_ptr(idmap_va(pa));	/* MMU off: every PA is its own VA */
}

static uint32_t be32(const volatile uint32_t *p)
{
	uint32_t v = *p;

	return __builtin_bswap32(v);
}

int early_setup(paddr_t image_pa, paddr_t dtb_pa, unsigned el)
{
	struct boot_params *bp = &boot_params;
	struct pt_ops ops = { 0 };
	struct pgtable boot, rt;
	paddr_t idmap_pa = PA(__idmap_start);
	uint64_t idmap_text = (uint64_t)(__idmap_text_end - __idmap_start);
	uint64_t idmap_size = (uint64_t)(__idmap_end - __idmap_start);
	paddr_t idmap_data_pa = pa_add(idmap_pa, idmap_text);
	const vaddr_t tramp_va = va_init(TRAMPOLINE_VA);
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	enum va_region_id hit;
	uint64_t dtb_size = PAGE_SIZE;
	paddr_t dtb_base;
	int ret;

	if (parange > 5)
		parange = 5;	/* armhv uses 48-bit output addresses */
	early_info.image_pa = image_pa;
	early_info.image_size = (uint64_t)(__image_end - __image_start);
	early_info.dtb_pa = dtb_pa;

	/* Seed 03: the identity map must not collide with the runtime
	 * layout. The boot table holds nothing but the identity map and the
	 * trampoline alias, and the runtime table no identity map: one that
	 * hits the linear map, the device windows or the image still turns
	 * the MMU on, and the runtime stage refuses to go on, naming the
	 * region (main.c). Outside the VA space, or on the trampoline alias,
	 * it cannot: the boot CPU parks (docs/boot-protocol.md). */
	ret = layout_check(idmap_pa, idmap_size, &hit);
	early_info.layout_ret = ret;
	early_info.layout_hit = hit;
	if (ret && (hit == VA_REGION_NONE || hit == VA_REGION_TRAMPOLINE))
		return ret;

	/* Built here, not from an initialiser in .rodata: with the MMU off
	 * only PC-relative addresses (these PAs) are usable. No entry is
	 * ever live here, so no TLB maintenance. */
	ops.alloc_pages = pt_pool_alloc;
	ops.va_of_pa = identity;
	ret = pt_init(&boot, PT_STAGE1_EL2, VA_BITS, pa_init(0), &ops, NULL);
	if (!ret)
		ret = pt_init(&rt, PT_STAGE1_EL2, VA_BITS, pa_init(0), &ops, NULL);
	/* Boot table: identity and trampoline alias of the region. */
	if (!ret)
		ret = pt_map(&boot, idmap_va(idmap_pa), idmap_pa, idmap_text, PT_TEXT);
	if (!ret)
		ret = pt_map(&boot, idmap_va(idmap_data_pa), idmap_data_pa,
			     idmap_size - idmap_text, PT_DATA);
	if (!ret)
		ret = pt_map(&boot, tramp_va, idmap_pa, idmap_text, PT_TEXT);
	if (!ret)
		ret = pt_map(&boot, va_add(tramp_va, idmap_text), idmap_data_pa,
			     idmap_size - idmap_text, PT_DATA);
	/* Runtime table: the image with W^X, the trampoline alias. */
	if (!ret)
		ret = pt_map(&rt, VA(__image_start), image_pa,
			     (uint64_t)(__idmap_text_end - __image_start), PT_TEXT);
	if (!ret)
		ret = pt_map(&rt, VA(__idmap_text_end), PA(__idmap_text_end),
			     (uint64_t)(__idmap_end - __idmap_text_end), PT_DATA);
	if (!ret)
		ret = pt_map(&rt, VA(__rodata_start), PA(__rodata_start),
			     (uint64_t)(__rodata_end - __rodata_start), PT_RODATA);
	if (!ret)
		ret = pt_map(&rt, VA(__data_start), PA(__data_start),
			     (uint64_t)(__stacks_start - __data_start), PT_DATA);
	/* Stacks: each slot but its guard page, so an overflow faults. */
	for (unsigned i = 0; i < NR_CPUS && !ret; i++) {
		paddr_t slot = PA(&cpu_stacks[i]);
		paddr_t stack = pa_add(slot, STACK_BASE_OFFSET);

		ret = pt_map(&rt, image_va_of_pa(slot), slot, EMERGENCY_STACK_SIZE, PT_DATA);
		if (!ret)
			ret = pt_map(&rt, image_va_of_pa(stack), stack, STACK_SIZE, PT_DATA);
	}
	if (!ret && (uintptr_t)__stacks_end != (uintptr_t)__image_end)
		ret = pt_map(&rt, VA(__stacks_end), PA(__stacks_end),
			     (uint64_t)(__image_end - __stacks_end), PT_DATA);
	if (!ret)
		ret = pt_map(&rt, tramp_va, idmap_pa, idmap_text, PT_TEXT);
	if (!ret)
		ret = pt_map(&rt, va_add(tramp_va, idmap_text), idmap_data_pa,
			     idmap_size - idmap_text, PT_DATA);
	/* The device tree, in the linear map: its size if the header is
	 * sane, one page otherwise so the runtime can say what is wrong. */
	if (!ret && pa_addr(dtb_pa) && pa_is_aligned(dtb_pa, 8)) {
		const volatile uint32_t *hdr = va_ptr(idmap_va(dtb_pa));

		if (be32(&hdr[0]) == 0xd00dfeed && be32(&hdr[1]) <= (2u << 20))
			dtb_size = be32(&hdr[1]);
		dtb_base = pa_align_down(dtb_pa, PAGE_SIZE);
		dtb_size = pa_diff(pa_align_up(pa_add(dtb_pa, dtb_size), PAGE_SIZE), dtb_base);
		early_info.dtb_mapped_size = dtb_size;
		ret = pt_map(&rt, linear_va(dtb_base), dtb_base, dtb_size, PT_DATA);
	}
	/* EL1 refusal path only: enable the MMU from the image's PA. */
	if (!ret && el == 1)
		ret = pt_map(&rt, idmap_va(image_pa), image_pa,
			     (uint64_t)(__idmap_text_end - __image_start), PT_TEXT);
	if (ret)
		return ret;

	bp->boot_ttbr = boot.root_pa;
	bp->runtime_ttbr = rt.root_pa;
	bp->mair = MAIR_VALUE;
	bp->tcr = TCR_EL2_BASE | (parange << TCR_EL2_PS_SHIFT);
	bp->tcr_el1 = TCR_EL1_BASE | (parange << TCR_EL1_IPS_SHIFT);
	bp->idmap_pa = idmap_pa;
	bp->runtime_vbar = VA(runtime_vectors);
	bp->runtime_entry = VA(runtime_entry);
	/* Every CPU's struct cpu reaches its stack and boot block, and its
	 * boot block its stack and struct cpu (TPIDR_EL2 at runtime). */
	for (unsigned i = 0; i < NR_CPUS; i++) {
		struct cpu *c = &cpus[i];

		c->index = i;
		c->stack_base = VA(cpu_stacks[i].stack);
		c->boot = va_ptr(VA(&bp->cpu[i]));
		bp->cpu[i].stack_top = va_add(VA(&cpu_stacks[i]), STACK_TOP_OFFSET);
		bp->cpu[i].cpu = VA(c);
	}
	bp->cpu[0].mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	bp->cpu[0].stage = STAGE_STUB;
	return 0;
}
