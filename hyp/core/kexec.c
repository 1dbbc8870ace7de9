/* kexec into the same mode: every CPU leaves armhv the way it came and the
 * last one jumps to the next image at EL2 with the MMU off, as a
 * bootloader would start it (docs/hyp-abi.md section 4). */
#include <armhv/kexec.h>
#include <armhv/console.h>
#include <armhv/cpu.h>
#include <armhv/early.h>
#include <armhv/gic.h>
#include <armhv/image.h>
#include <armhv/lifecycle.h>
#include <armhv/log.h>
#include <armhv/machine.h>
#include <armhv/mmu.h>
#include <armhv/next_dtb.h>
#include <armhv/page_alloc.h>
#include <armhv/sysreg.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#define SZ_2M		(2ULL << 20)
#define DTB_SLACK	(64 * 1024)

uint32_t armhv_generation;

void stub_jump_image(void);

static const struct machine_module *find_module(const char *name)
{
	const struct machine *m = machine_get();

	for (unsigned i = 0; i < m->module_count; i++)
		if (strcmp(m->modules[i].name, name) == 0)
			return &m->modules[i];
	return NULL;
}

static void clean_range_to_poc(paddr_t pa, uint64_t size)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t va = (uintptr_t)phys_to_virt(pa);

	for (uintptr_t a = va & ~(line - 1); a < va + size; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);	/* the next image reads it with its MMU off */
}

#define FAIL(ret_, ...) do { snprintf(err, err_size, __VA_ARGS__); ret = (ret_); goto out; } while (0)

int kexec_run(const struct kexec_request *r, char *err, size_t err_size)
{
	const struct machine_module *kmod = find_module(r->image), *imod = NULL;
	const void *old_fdt = (const void *)(LINEAR_VA_BASE + early_info.dtb_pa);
	struct next_dtb_params dp = { .bootargs = r->cmdline };
	uint64_t image_pages = 0, dtb_pages = 0;
	paddr_t image_base = 0, dtb_pa = 0;
	struct arm64_image img;
	const char *why;
	int ret = 0;

	if (!kmod)
		FAIL(-ENOENT, "no module named '%s' (see 'modules')", r->image);
	if (r->initrd && !(imod = find_module(r->initrd)))
		FAIL(-ENOENT, "no module named '%s' (see 'modules')", r->initrd);
	if (imod == kmod)
		FAIL(-EINVAL, "the image and the initrd are the same module");
	if (image_parse(phys_to_virt(kmod->pa), kmod->size, &img, &why))
		FAIL(-EINVAL, "module '%s': %s", kmod->name, why);

	/* A fresh 2 MiB-aligned home with room for the image's bss: the
	 * module itself is sized to the file only. */
	image_pages = ALIGN_UP(img.text_offset + img.image_size, PAGE_SIZE) / PAGE_SIZE;
	image_base = alloc_pages_aligned(image_pages, SZ_2M / PAGE_SIZE);
	if (!image_base)
		FAIL(-ENOMEM, "no %llu MiB of free memory for the image",
		     (unsigned long long)(image_pages >> 8));
	memcpy(phys_to_virt(image_base + img.text_offset), phys_to_virt(kmod->pa), kmod->size);

	dtb_pages = ALIGN_UP(fdt_totalsize(old_fdt) + DTB_SLACK, PAGE_SIZE) / PAGE_SIZE;
	dtb_pa = alloc_pages_aligned(dtb_pages, SZ_2M / PAGE_SIZE);
	if (!dtb_pa)
		FAIL(-ENOMEM, "no free memory for the device tree");
	dp.drop_module_pa[dp.drop_module_count++] = kmod->pa;
	if (imod) {
		dp.initrd_pa = imod->pa;
		dp.initrd_size = imod->size;
		dp.drop_module_pa[dp.drop_module_count++] = imod->pa;
	}
	dp.generation = armhv_generation + 1;
	ret = next_dtb_build(old_fdt, phys_to_virt(dtb_pa), dtb_pages * PAGE_SIZE, &dp);
	if (ret)
		FAIL(-EINVAL, "building the device tree: %s", fdt_strerror(ret));

	clean_range_to_poc(image_base + img.text_offset, kmod->size);
	clean_range_to_poc(dtb_pa, dtb_pages * PAGE_SIZE);
	log_printf("kexec: %s (%llu KiB) at PA 0x%llx, initrd %s, device tree at PA 0x%llx, generation %u",
		   kmod->name, (unsigned long long)kmod->size / 1024,
		   (unsigned long long)(image_base + img.text_offset),
		   imod ? imod->name : "none", (unsigned long long)dtb_pa, dp.generation);
	cpus_take_others_off();
	log_printf("kexec: cpu%u leaves the runtime stage and jumps to the next image at EL2",
		   this_cpu());
	console_quiesce();
	gic_cpu_quiesce();
	cpus[this_cpu()].state = CPU_OFF;
	cpu_leave_runtime(this_cpu(), stub_jump_image, dtb_pa,
			  image_base + img.text_offset, 0);
out:
	if (image_base)
		free_pages(image_base, image_pages);
	if (dtb_pa)
		free_pages(dtb_pa, dtb_pages);
	return ret;
}
