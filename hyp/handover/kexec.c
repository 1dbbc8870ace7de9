/* kexec into the same mode: every CPU leaves armhv the way it came and the
 * last one jumps to the next image at EL2 with the MMU off, as a
 * bootloader would start it (docs/hyp-abi.md section 4). */
#include <handover/kexec.h>
#include <arch/cache.h>
#include <handover/crash.h>
#include <lib/bulk.h>
#include <cpu/stop.h>
#include <cpu/cpu.h>
#include <boot/early.h>
#include <drivers/gic.h>
#include <handover/image.h>
#include <lifecycle/lifecycle.h>
#include <lib/log.h>
#include <dt/machine.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <arch/sysreg.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#define SZ_2M_PAGES	512
#define DTB_SLACK	(64 * 1024)

uint32_t armhv_generation;

void clean_pa_range_to_poc(paddr_t pa, uint64_t size)
{
	dcache_clean_inval_poc(phys_to_virt(pa), size);
}

void next_image_unplan(struct placer *pl, struct loaded_image *li)
{
	if (pa_addr(li->image_base))
		pl->unplace(pl, li->image_base, li->image_pages);
	if (li->initrd_copied)
		pl->unplace(pl, li->initrd_pa, li->initrd_pages);
	if (pa_addr(li->dtb_pa))
		pl->unplace(pl, li->dtb_pa, li->dtb_pages);
	memset(li, 0, sizeof(*li));
}

/* Sizes in messages are rounded up: "0 MiB" is never the answer. */
static unsigned long long mib_of_pages(uint64_t pages)
{
	return (unsigned long long)((pages + 255) >> 8);
}

#define FAIL(ret_, ...) do { snprintf(err, err_size, __VA_ARGS__); ret = (ret_); goto fail; } while (0)

int next_image_plan(const struct kexec_request *r, struct placer *pl, bool copy_initrd,
		    struct next_dtb_params *dp, struct loaded_image *li,
		    char *err, size_t err_size)
{
	const struct machine_module *kmod = machine_module(machine_get(), r->image), *imod = NULL;
	const void *old_fdt = early_dtb();
	struct arm64_image img;
	const char *why;
	int ret = 0;

	memset(li, 0, sizeof(*li));
	if (!kmod)
		FAIL(-ENOENT, "no module named '%s' (see 'modules')", r->image);
	if (r->initrd && !(imod = machine_module(machine_get(), r->initrd)))
		FAIL(-ENOENT, "no module named '%s' (see 'modules')", r->initrd);
	if (imod == kmod)
		FAIL(-EINVAL, "the image and the initrd are the same module");
	if (image_parse(phys_to_virt(kmod->pa), kmod->size, &img, &why))
		FAIL(-EINVAL, "module '%s': %s", kmod->name, why);
	snprintf(li->name, sizeof(li->name), "%s", kmod->name);
	li->image_src = kmod->pa;
	li->image_src_size = kmod->size;

	/* A 2 MiB-aligned home with room for the image's bss: the module
	 * itself is sized to the file only. */
	li->image_pages = ALIGN_UP(img.text_offset + img.image_size, PAGE_SIZE) / PAGE_SIZE;
	li->image_base = pl->place(pl, li->image_pages, SZ_2M_PAGES);
	if (!pa_addr(li->image_base))
		FAIL(-ENOMEM, "no %llu MiB of free memory for the image",
		     mib_of_pages(li->image_pages));
	li->entry = pa_add(li->image_base, img.text_offset);

	dp->bootargs = r->cmdline;
	dp->drop_module_count = 0;
	dp->drop_module_pa[dp->drop_module_count++] = kmod->pa;
	if (imod) {
		li->initrd_pa = imod->pa;
		li->initrd_src = imod->pa;
		li->initrd_size = imod->size;
		if (copy_initrd) {
			li->initrd_pages = ALIGN_UP(imod->size, PAGE_SIZE) / PAGE_SIZE;
			li->initrd_pa = pl->place(pl, li->initrd_pages, 1);
			if (!pa_addr(li->initrd_pa))
				FAIL(-ENOMEM, "no %llu MiB of free memory for the initrd",
				     mib_of_pages(li->initrd_pages));
			li->initrd_copied = true;
		}
		dp->initrd_pa = li->initrd_pa;
		dp->initrd_size = imod->size;
		dp->drop_module_pa[dp->drop_module_count++] = imod->pa;
	}
	dp->generation = armhv_generation + 1;

	li->dtb_pages = ALIGN_UP(fdt_totalsize(old_fdt) + DTB_SLACK, PAGE_SIZE) / PAGE_SIZE;
	li->dtb_pa = pl->place(pl, li->dtb_pages, SZ_2M_PAGES);
	if (!pa_addr(li->dtb_pa))
		FAIL(-ENOMEM, "no %llu MiB of free memory for the device tree",
		     mib_of_pages(li->dtb_pages));
	return 0;
fail:
	next_image_unplan(pl, li);
	return ret;
}

int next_image_build_dtb(const struct next_dtb_params *dp, const struct loaded_image *li,
			 void *dtb_buf, char *err, size_t err_size)
{
	int ret = next_dtb_build(early_dtb(), early_dtb_mapped_bytes(), dtb_buf,
				 li->dtb_pages * PAGE_SIZE, dp);

	if (ret)
		snprintf(err, err_size, "building the device tree: %s", fdt_strerror(ret));
	return ret ? -EINVAL : 0;
}

void next_image_copy(const struct loaded_image *li, const void *dtb_buf)
{
	bulk_copy(phys_to_virt(li->entry), phys_to_virt(li->image_src), li->image_src_size);
	if (li->initrd_copied)
		bulk_copy(phys_to_virt(li->initrd_pa), phys_to_virt(li->initrd_src), li->initrd_size);
	if (dtb_buf)
		bulk_copy(phys_to_virt(li->dtb_pa), dtb_buf, li->dtb_pages * PAGE_SIZE);
	/* The whole home, bss included: no stale line of earlier users of
	 * these pages may land on what the image writes with its MMU off. */
	clean_pa_range_to_poc(li->image_base, li->image_pages * PAGE_SIZE);
	if (li->initrd_copied)
		clean_pa_range_to_poc(li->initrd_pa, li->initrd_size);
	clean_pa_range_to_poc(li->dtb_pa, li->dtb_pages * PAGE_SIZE);
}

static paddr_t place_fresh(struct placer *p, uint64_t pages, uint64_t align_pages)
{
	(void)p;
	return alloc_pages_aligned(pages, align_pages);
}

static void unplace_fresh(struct placer *p, paddr_t pa, uint64_t pages)
{
	(void)p;
	free_pages(pa, pages);
}

int kexec_run(const struct kexec_request *r, char *err, size_t err_size)
{
	struct placer pl = { .place = place_fresh, .unplace = unplace_fresh };
	struct next_dtb_params dp = { 0 };
	struct loaded_image li;
	int ret;

	/* Everything is checked and placed before anything is written; the
	 * initrd stays where the loader put it (its pages are reserved). */
	ret = next_image_plan(r, &pl, false, &dp, &li, err, err_size);
	if (ret)
		return ret;
	ret = next_image_build_dtb(&dp, &li, phys_to_virt(li.dtb_pa), err, err_size);
	if (!ret && r->bad_dtb && next_dtb_break(phys_to_virt(li.dtb_pa))) {
		snprintf(err, err_size, "selftest: the device tree has no property to break");
		ret = -EINVAL;
	}
	if (ret) {
		next_image_unplan(&pl, &li);
		return ret;
	}
	next_image_copy(&li, NULL);
	log_info("kexec: %s at PA 0x%llx, initrd %s, device tree at PA 0x%llx, generation %u",
		   li.name, (unsigned long long)pa_addr(li.entry), r->initrd ? r->initrd : "none",
		   (unsigned long long)pa_addr(li.dtb_pa), dp.generation);
	system_end_hook("kexec");
	cpus_take_others_off();
	cpu_stop_check(NULL);	/* a panic elsewhere wins over kexec */
	log_info("kexec: cpu%u leaves the runtime stage and jumps to the next image at EL2",
		   this_cpu());
	/* Since reset: for bench/boot (counter ticks, see main.c). */
	log_info("kexec: handing over after %llu counter ticks",
		   (unsigned long long)read_sysreg(cntpct_el0));
	handover_quiesce();
	cpu_leave_runtime_as(CPU_OFF, stub_jump_image, pa_addr(li.dtb_pa), pa_addr(li.entry), 0);
}

static void (*quiesce_fn)(void);

void handover_set_quiesce(void (*fn)(void))
{
	quiesce_fn = fn;
}

void handover_quiesce(void)
{
	if (quiesce_fn)
		quiesce_fn();
}
