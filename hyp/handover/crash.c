/* The crash path: on a panic, stop every CPU, write an ELF core of armhv
 * into the crash region, and enter the armed capture kernel at EL2 with
 * the Linux kdump conventions (linux,elfcorehdr, linux,usable-memory-
 * range). Everything the panic path needs is prepared by `kdump load`:
 * the panic path itself allocates nothing and takes no lock it could
 * already hold. */
#include <handover/crash.h>
#include <handover/kexec.h>
#include <lifecycle/hotplug.h>
#include <lifecycle/lifecycle.h>
#include <boot/early.h>
#include <boot/stages.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/bootargs.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <stdio.h>
#include <string.h>

#define SZ_2M_PAGES	512

static struct {
	paddr_t region_pa;
	uint64_t region_size;
	bool armed;
	struct loaded_image li;
	paddr_t hdr_pa;
	uint64_t hdr_size;
	char cmdline[KEXEC_CMDLINE_MAX];
} crash;


static paddr_t place_region(struct placer *p, uint64_t pages, uint64_t align_pages)
{
	paddr_t pa = pa_align_up(p->next, align_pages * PAGE_SIZE);

	if (pa_lt(pa, p->next) || pa_lt(p->end, pa) || pages > pa_diff(p->end, pa) / PAGE_SIZE)
		return pa_init(0);
	p->next = pa_add(pa, pages * PAGE_SIZE);
	return pa;
}

static void unplace_region(struct placer *p, paddr_t pa, uint64_t pages)
{
	(void)p;	/* the plan that placed it is thrown away */
	(void)pa;
	(void)pages;
}

void crash_reserve(const char *bootargs)
{
	uint64_t size = CRASH_REGION_DEFAULT;
	struct page_alloc_stats st;
	const char *val;
	size_t len;
	paddr_t pa;

	if (bootargs_find(bootargs, strlen(bootargs), "armhv.crashkernel", &val, &len)) {
		if (!parse_size(val, len, &size)) {
			log_warn("kdump: bad armhv.crashkernel= value; no crash region");
			return;
		}
		size = ALIGN_UP(size, 2ULL << 20);
	}
	page_alloc_stats(&st);
	if (size == 0 || size > st.free_pages * PAGE_SIZE / 2) {
		log_warn("kdump: no crash region (%s)", size ? "not enough memory" : "disabled");
		return;
	}
	pa = alloc_pages_aligned(size / PAGE_SIZE, SZ_2M_PAGES);
	if (!pa_addr(pa)) {
		log_warn("kdump: could not reserve %llu MiB", (unsigned long long)(size >> 20));
		return;
	}
	crash.region_pa = pa;
	crash.region_size = size;
	log_info("kdump: %llu MiB reserved at PA 0x%llx for a crash kernel",
		   (unsigned long long)(size >> 20), (unsigned long long)pa_addr(pa));
}

int kdump_load(const struct kexec_request *r, char *err, size_t err_size)
{
	struct next_dtb_params dp = { 0 };
	/* The plan is made on a copy of the region with no end, so that a
	 * load too big for the region can say how much it needs. */
	struct placer trial = { .place = place_region, .unplace = unplace_region,
				.base = crash.region_pa, .next = crash.region_pa,
				.end = { ~0ULL - (2ULL << 20) } };
	struct loaded_image li;
	uint64_t hdr_size, need;
	paddr_t hdr_pa, dtb_pa;
	int ret;

	if (!crash.region_size) {
		snprintf(err, err_size, "no crash region (boot with armhv.crashkernel=SIZE)");
		return -ENOMEM;
	}
	/* Everything is checked, placed and built before the region is
	 * touched: a load that fails leaves what is armed armed. */
	hdr_size = ALIGN_UP(elfcore_size(NR_CPUS, 1), PAGE_SIZE);
	hdr_pa = place_region(&trial, hdr_size / PAGE_SIZE, 1);	/* the tree says where */
	dp.elfcorehdr_pa = hdr_pa;
	dp.elfcorehdr_size = hdr_size;
	dp.usable_pa = crash.region_pa;
	dp.usable_size = crash.region_size;
	ret = next_image_plan(r, &trial, true, &dp, &li, err, err_size);
	if (ret)
		return ret;
	need = pa_diff(trial.next, trial.base);
	if (need > crash.region_size) {
		snprintf(err, err_size, "%s needs %llu MiB of the crash region with %sits device tree "
			 "and the dump header; the region has %llu MiB (armhv.crashkernel=SIZE "
			 "at boot sets it)", li.name, (unsigned long long)((need + (1 << 20) - 1) >> 20),
			 li.initrd_copied ? "its initrd, " : "",
			 (unsigned long long)(crash.region_size >> 20));
		return -ENOMEM;
	}
	/* The tree is built aside: the region may hold what is armed. */
	dtb_pa = alloc_pages_aligned(li.dtb_pages, 1);
	if (!pa_addr(dtb_pa)) {
		snprintf(err, err_size, "no %llu KiB of free memory to build the device tree in",
			 (unsigned long long)li.dtb_pages * 4);
		return -ENOMEM;
	}
	ret = next_image_build_dtb(&dp, &li, phys_to_virt(dtb_pa), err, err_size);
	if (!ret) {
		/* The switch: disarmed only while the region is rewritten. */
		crash.armed = false;
		dsb(ish);
		next_image_copy(&li, phys_to_virt(dtb_pa));
		crash.li = li;
		crash.hdr_pa = hdr_pa;
		crash.hdr_size = hdr_size;
		snprintf(crash.cmdline, sizeof(crash.cmdline), "%s",
			 r->cmdline ? r->cmdline : "(armhv's)");
		dsb(ish);
		crash.armed = true;
	}
	free_pages(dtb_pa, li.dtb_pages);
	return ret;
}

void kdump_show(void)
{
	if (!crash.region_size) {
		con_printf("kdump: no crash region\n");
		return;
	}
	con_printf("kdump: region PA 0x%llx, %llu MiB\n", (unsigned long long)pa_addr(crash.region_pa),
		   (unsigned long long)(crash.region_size >> 20));
	if (!crash.armed) {
		con_printf("kdump: not armed\n");
		return;
	}
	con_printf("kdump: armed: %s at PA 0x%llx, initrd %s, device tree at PA 0x%llx, "
		   "ELF header at PA 0x%llx, cmdline %s\n", crash.li.name,
		   (unsigned long long)pa_addr(crash.li.entry),
		   crash.li.initrd_size ? "yes" : "none", (unsigned long long)pa_addr(crash.li.dtb_pa),
		   (unsigned long long)pa_addr(crash.hdr_pa), crash.cmdline);
}

/* The end of every line after which the crash path parks for good: what
 * armhv run --script takes as final (tools/armhv/scan.h). */
#define CRASH_STOP_MARK	"the machine stops here"

static void __noreturn park_forever(void)
{
	for (;;)
		wfi();
}

/* Every other CPU records its registers and leaves armhv (cpu/stop.c);
 * then waits, bounded, until PSCI says each is off. */
static void stop_other_cpus(const struct cpu_regs *own)
{
	struct cpu *me = cpu_self();

	cpus_stop_others(own);
	for (unsigned i = 0; i < cpu_count; i++) {
		struct cpu *c = &cpus[i];

		if (c == me || cpu_state(c) == CPU_OFF)
			continue;
		if (!__atomic_load_n(&c->stop_regs_valid, __ATOMIC_ACQUIRE))
			con_report_printf("armhv: crash: cpu%u did not stop (stage %s); no registers for it\n",
					  i, cpu_stage_name(cpu_stage(i)));
		else
			cpu_wait_off(i);
	}
}

/* Cleans armhv's image to the point of coherency through its own VAs
 * (the linear map leaves the image out), skipping the guard pages. */
static void clean_image_to_poc(void)
{
	dcache_clean_inval_poc(__image_start, (size_t)(__stacks_start - __image_start));
	for (unsigned i = 0; i < NR_CPUS; i++) {
		dcache_clean_inval_poc(cpu_stacks[i].emergency, EMERGENCY_STACK_SIZE);
		dcache_clean_inval_poc(cpu_stacks[i].stack, STACK_SIZE);
	}
	dcache_clean_inval_poc(__stacks_end, (size_t)(__image_end - __stacks_end));
}

void crash_enter(const struct cpu_regs *regs)
{
	struct elfcore_thread notes[NR_CPUS];
	unsigned n_notes = 0;
	unsigned me = this_cpu();
	struct elfcore_load load;
	int owner;
	long n;

	owner = cpu_stop_claim();
	if (owner >= 0) {
		if (owner == (int)me) {
			/* The crash path itself failed: nothing safe is left. */
			con_report_printf("armhv: nested panic on cpu%u in the crash path: " CRASH_STOP_MARK "\n", me);
			park_forever();
		}
		/* Another CPU crashes the machine: be one of its stopped CPUs. */
		cpu_stop_this(regs);
	}
	stop_other_cpus(regs);
	if (!crash.armed) {
		con_report_printf("armhv: no crash kernel armed (kdump load): " CRASH_STOP_MARK "\n");
		park_forever();
	}

	/* The panicking CPU first: gdb's current thread. */
	notes[n_notes++] = (struct elfcore_thread){ &cpus[me].stop_regs, me + 1 };
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != me && cpus[i].stop_regs_valid)
			notes[n_notes++] = (struct elfcore_thread){ &cpus[i].stop_regs, i + 1 };
	/* The dump: armhv's whole image (code, data, stacks) at its VA, so
	 * gdb reads it against build/armhv.elf. */
	load.pa = early_info.image_pa;
	load.va = va_from_ptr(__image_start);
	load.size = early_info.image_size;
	n = elfcore_build(phys_to_virt(crash.hdr_pa), crash.hdr_size, crash.hdr_pa,
			  notes, n_notes, &load, 1);
	if (n < 0) {
		con_report_printf("armhv: crash: cannot write the ELF header (%ld): " CRASH_STOP_MARK "\n", n);
		park_forever();
	}
	/* The dump is read by the capture kernel from memory, caches off. */
	clean_pa_range_to_poc(crash.hdr_pa, (uint64_t)n);
	clean_image_to_poc();
	con_report_printf("armhv: crash: dump of %llu KiB with %u CPU notes; entering the crash kernel %s on cpu%u\n",
			  (unsigned long long)(early_info.image_size >> 10), n_notes,
			  crash.li.name, me);
	handover_quiesce();
	cpu_leave_runtime_as(CPU_OFF, stub_jump_image, pa_addr(crash.li.dtb_pa),
			     pa_addr(crash.li.entry), 0);
}
