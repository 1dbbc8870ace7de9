/* kexec and the crash kernel: hand the whole machine to a next image at
 * EL2 (handover/kexec.c, handover/crash.c, docs/kexec.md). */
#ifndef ARMHV_KEXEC_H
#define ARMHV_KEXEC_H

#include <arch/types.h>
#include <dt/next_dtb.h>

/* The longest command line a request carries (all a console line can
 * hold: mgmt/console.c checks). */
#define KEXEC_CMDLINE_MAX	256

struct kexec_request {
	const char *image;	/* module names */
	const char *initrd;	/* NULL: none */
	const char *cmdline;	/* NULL: keep armhv's own /chosen/bootargs */
	/* selftest only: the next image's tree gets a property length that
	 * points backwards (console `selftest kexec-bad-dtb`). */
	bool bad_dtb;
};

/* Where a next image's pieces go: fresh pages (kexec) or a bump
 * allocator over the crash region (kdump). Returns 0 when full. */
struct placer {
	paddr_t (*place)(struct placer *p, uint64_t pages, uint64_t align_pages);
	void (*unplace)(struct placer *p, paddr_t pa, uint64_t pages);
	paddr_t base, next, end;	/* for region placers */
};

struct loaded_image {
	paddr_t image_base;	/* 2 MiB aligned */
	uint64_t image_pages;
	paddr_t entry;		/* image_base + text_offset */
	paddr_t image_src;	/* the module, and its size */
	uint64_t image_src_size;
	paddr_t initrd_pa;	/* where the next image finds it, or 0 */
	uint64_t initrd_size, initrd_pages;
	bool initrd_copied;
	paddr_t initrd_src;	/* the initrd's module */
	paddr_t dtb_pa;
	uint64_t dtb_pages;
	char name[32];
};

/* Checks the request (the modules, the Image header) and places the
 * image, the initrd (when copy_initrd) and the device tree with the
 * placer, writing nothing; fills dp for the tree. On failure everything
 * placed is given back and err says why. */
int next_image_plan(const struct kexec_request *r, struct placer *pl, bool copy_initrd,
		    struct next_dtb_params *dp, struct loaded_image *li,
		    char *err, size_t err_size);
void next_image_unplan(struct placer *pl, struct loaded_image *li);
/* Builds the device tree li will find (armhv's own, changed as dp says)
 * into dtb_buf, li->dtb_pages pages anywhere. Returns 0 or an error with
 * a reason. */
int next_image_build_dtb(const struct next_dtb_params *dp, const struct loaded_image *li,
			 void *dtb_buf, char *err, size_t err_size);
/* Copies the image and the initrd (if copied) to where li placed them,
 * and the tree from dtb_buf (NULL: built in place), then cleans them all
 * to the point of coherency. Cannot fail. */
void next_image_copy(const struct loaded_image *li, const void *dtb_buf);

/* Does not return on success. On failure nothing has changed: returns a
 * negative error with a reason in err. */
int kexec_run(const struct kexec_request *r, char *err, size_t err_size);

/* This instance's generation: 0 when booted by a loader, N after N kexecs
 * from armhv to armhv. */
extern uint32_t armhv_generation;

void stub_jump_image(void);

/* Before a next image gets the machine, the layers above stop what they
 * drive (the console its UART interrupt): registered once at boot, run by
 * kexec and the crash path. */
void handover_set_quiesce(void (*fn)(void));
void handover_quiesce(void);
/* Cleans [pa, pa + size) to the point of coherency through the linear
 * map: a next image reads it with its MMU off. */
void clean_pa_range_to_poc(paddr_t pa, uint64_t size);

#endif
