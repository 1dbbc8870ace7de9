/* Virtual machines: building one from its configuration (RAM from the
 * page allocator, a stage-2 table, its images and device tree placed as
 * QEMU places them), starting, stopping and destroying it. */
#include <vm/vm.h>
#include <vm/timer.h>
#include <vm/fdt.h>
#include <vm/sched.h>
#include <vm/vmid.h>
#include <vm/mmio.h>
#include <handover/image.h>
#include <cpu/cpu.h>
#include <lifecycle/hotplug.h>
#include <lifecycle/lifecycle.h>
#include <lifecycle/virt.h>
#include <mm/mmu.h>
#include <dt/machine.h>
#include <lib/bulk.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <arch/virt.h>
#include <stdio.h>
#include <string.h>

#define SZ_2M			(UL(2) << 20)
#define SZ_128M			(UL(128) << 20)
#define DTB_MAX			(UL(64) << 10)
#define VM_IPA_BITS		40	/* 1 TiB of guest-physical space */
#define VM_MIN_MEM		(UL(16) << 20)
#define VM_STOP_WAIT_MS		2000

static struct vm vms[VM_MAX];
static spinlock_t vms_lock = SPINLOCK_INIT;

static const char *const state_names[] = { "created", "running", "stopped", "paused" };
static const char *const stop_names[] = { "-", "powered off (SYSTEM_OFF)", "stopped by vm stop",
					  "reset (SYSTEM_RESET)", "fatal guest error",
					  "stopped by armhv (poweroff, reboot or kexec)" };
static const char *const exit_names[VM_EXIT_KIND_COUNT] = {
	"hvc", "smc", "mmio", "sysreg", "wfx", "irq", "abort", "undef", "ram" };

const char *vm_state_name(enum vm_state s)
{
	return s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

const char *vm_stop_name(enum vm_stop_reason r)
{
	return r < ARRAY_SIZE(stop_names) ? stop_names[r] : "?";
}

const char *vm_exit_name(enum vm_exit_kind k)
{
	return k < VM_EXIT_KIND_COUNT ? exit_names[k] : "?";
}

struct vm *vm_at(unsigned i)
{
	return i < VM_MAX && vms[i].used ? &vms[i] : NULL;
}

struct vm *vm_find(const char *name)
{
	for (unsigned i = 0; i < VM_MAX; i++)
		if (vms[i].used && strcmp(vms[i].cfg.name, name) == 0)
			return &vms[i];
	return NULL;
}

/* The images and device tree, as QEMU's -kernel/-initrd places them: an
 * Image at RAM + text_offset, a raw binary at RAM + 0x80000; the initrd
 * at RAM + min(RAM / 2, 128 MiB); the device tree after it. */
static int load_images(struct vm *vm, char *err, size_t err_size)
{
	const struct machine_module *k = machine_module(machine_get(), vm->cfg.kernel), *i = NULL;
	ipaddr_t ram = ipa_init(GUEST_RAM_BASE), ram_end = ipa_add(ram, vm->cfg.mem_size);
	ipaddr_t kernel_ipa, kernel_end, initrd_ipa, dtb_ipa;
	struct arm64_image img;
	const char *why;
	void *kernel, *initrd = NULL, *dtb;

	if (!k) {
		snprintf(err, err_size, "no module named '%s'", vm->cfg.kernel);
		return -ENOENT;
	}
	if (vm->cfg.initrd[0] && !(i = machine_module(machine_get(), vm->cfg.initrd))) {
		snprintf(err, err_size, "no module named '%s'", vm->cfg.initrd);
		return -ENOENT;
	}
	if (image_parse(phys_to_virt(k->pa), k->size, &img, &why) == 0) {
		kernel_ipa = ipa_add(ram, img.text_offset);
		kernel_end = ipa_add(kernel_ipa, MAX(img.image_size, k->size));
	} else {
		kernel_ipa = ipa_add(ram, GUEST_KERNEL_OFFSET);
		kernel_end = ipa_add(kernel_ipa, k->size);
	}
	initrd_ipa = ipa_add(ram, MIN(vm->cfg.mem_size / 2, SZ_128M));
	if (ipa_lt(initrd_ipa, kernel_end))
		initrd_ipa = ipa_align_up(kernel_end, PAGE_SIZE);
	dtb_ipa = ipa_align_up(ipa_add(initrd_ipa, i ? i->size : 0), SZ_2M);
	if (ipa_lt(ram_end, kernel_end) || ipa_lt(ram_end, ipa_add(dtb_ipa, DTB_MAX))) {
		snprintf(err, err_size, "%llu MiB of RAM cannot hold the kernel (%llu KiB)%s",
			 (unsigned long long)(vm->cfg.mem_size >> 20),
			 (unsigned long long)(k->size >> 10), i ? ", the initrd" : "");
		return -E2BIG;
	}
	/* Each block these cover is zeroed first (vm/ram.c). */
	kernel = vm_ram_ptr(vm, kernel_ipa, k->size);
	if (i)
		initrd = vm_ram_ptr(vm, initrd_ipa, i->size);
	dtb = vm_ram_ptr(vm, dtb_ipa, DTB_MAX);
	if (!kernel || (i && !initrd) || !dtb) {
		snprintf(err, err_size, "its RAM could not be mapped");
		return -EIO;
	}
	bulk_copy(kernel, phys_to_virt(k->pa), k->size);
	if (i) {
		bulk_copy(initrd, phys_to_virt(i->pa), i->size);
		vm->initrd_ipa = initrd_ipa;
		vm->initrd_size = i->size;
	}
	vm->entry_ipa = kernel_ipa;
	vm->dtb_ipa = dtb_ipa;
	if (vm_fdt_build(vm, dtb, DTB_MAX)) {
		snprintf(err, err_size, "the guest's device tree does not fit in %llu KiB",
			 (unsigned long long)(DTB_MAX >> 10));
		return -ENOSPC;
	}
	/* The guest starts with its caches off: what armhv wrote must be
	 * in memory, not only in armhv's cache lines (the zeroes around it
	 * are: vm/ram.c). */
	dcache_clean_inval_poc(kernel, k->size);
	if (i)
		dcache_clean_inval_poc(initrd, i->size);
	dcache_clean_inval_poc(dtb, DTB_MAX);
	return 0;
}

/* Each vCPU on one of the CPUs it may use, in turn, starting after the
 * console's CPU so that a single-vCPU VM leaves the console its CPU. */
static int place_vcpus(struct vm *vm, char *err, size_t err_size)
{
	unsigned next = (this_cpu() + 1) % cpu_count;

	for (unsigned v = 0; v < vm->cfg.vcpus; v++) {
		unsigned tries, cpu = 0;

		for (tries = 0; tries < cpu_count; tries++) {
			cpu = (next + tries) % cpu_count;
			if ((!vm->cfg.cpu_mask || (vm->cfg.cpu_mask & (1ULL << cpu))) &&
			    cpu_state(&cpus[cpu]) == CPU_ONLINE && virt_cpu_enabled(cpu))
				break;
		}
		if (tries == cpu_count) {
			snprintf(err, err_size, "no online CPU among those allowed");
			goto unwind;
		}
		if (sched_add(&vm->vcpu[v], cpu)) {
			snprintf(err, err_size, "cpu%u runs too many vCPUs already", cpu);
			goto unwind;
		}
		next = (cpu + 1) % cpu_count;
		continue;
unwind:
		while (v--)
			sched_remove(&vm->vcpu[v]);
		return -EBUSY;
	}
	return 0;
}

/* The vGIC has something new for vCPU n. */
static void kick_vcpu(void *ctx, unsigned n)
{
	struct vm *vm = ctx;

	/* Its wfi stays: runnable() (vm/sched.c) clears it when the vCPU
	 * has an interrupt to take, and sched_woken_other() looks for a
	 * vCPU whose wfi runnable() would clear. */
	sched_wake(&vm->vcpu[n]);
}

/* The UART's interrupt line: SPI 1. */
static void uart_irq(void *ctx, bool level)
{
	struct vm *vm = ctx;

	vgic_set_line(&vm->vgic, 0, 32 + GUEST_UART_SPI, level);
}

static void reset_vcpus(struct vm *vm)
{
	for (unsigned i = 0; i < vm->cfg.vcpus; i++) {
		struct vcpu *v = &vm->vcpu[i];

		vcpu_reset(v, 0, 0);
		v->power = VCPU_OFF;
	}
	/* The entry point and x0 are register values: the kernel runs with
	 * its MMU off, so an IPA is what it is given. */
	vcpu_reset(&vm->vcpu[0], ipa_addr(vm->entry_ipa), ipa_addr(vm->dtb_ipa));
}

/* Gives back what build() took, for a VM no vCPU of which was placed. */
static void unbuild(struct vm *vm)
{
	vm_its_destroy(vm);
	mmu_s2_destroy(&vm->s2);
	vm_ram_destroy(vm);	/* nothing if vm_ram_create failed */
	vmid_free(vm->vmid);
	virt_put();
	spin_lock(&vms_lock);
	vm->used = false;
	spin_unlock(&vms_lock);
}

/* Everything of a VM but what is in its RAM: RAM (ram if given, which is
 * the VM's from here on; no block touched), stage 2, vGIC, ITS, UART,
 * vCPUs at reset, not placed. */
static struct vm *build(const struct vm_config *cfg, paddr_t ram, char *err, size_t err_size)
{
	struct vm *vm = NULL;
	uint64_t baddr;
	int ret;

	spin_lock(&vms_lock);
	if (vm_find(cfg->name)) {
		spin_unlock(&vms_lock);
		snprintf(err, err_size, "a VM named '%s' exists", cfg->name);
		goto fail_ram;
	}
	for (unsigned i = 0; i < VM_MAX && !vm; i++)
		if (!vms[i].used)
			vm = &vms[i];
	if (vm) {
		memset(vm, 0, sizeof(*vm));
		vm->used = true;	/* claimed; not listed until complete */
		vm->cfg = *cfg;
		vm->state = VM_CREATED;
	}
	spin_unlock(&vms_lock);
	if (!vm) {
		snprintf(err, err_size, "%d VMs exist already", VM_MAX);
		goto fail_ram;
	}
	vm->lock = (spinlock_t)SPINLOCK_INIT;
	if (virt_get(err, err_size))
		goto fail_virt;
	vm->vmid = vmid_alloc();
	if (!vm->vmid) {
		snprintf(err, err_size, "no VMID free");
		goto fail_vmid;
	}
	ret = mmu_s2_create(&vm->s2, VM_IPA_BITS, vm->vmid);
	if (ret) {
		snprintf(err, err_size, "stage-2 table: error %d", ret);
		goto fail_s2_create;
	}
	/* Allocated whole, mapped and zeroed block by block (vm/ram.c). From
	 * here on a given ram is freed with the rest. */
	ret = vm_ram_create(vm, cfg->mem_size, ram, err, err_size);
	ram = pa_init(0);
	if (ret)
		goto fail_s2;
	ret = pt_s2_regs(&vm->s2.pt, cpu_pa_bits(), &vm->vtcr, &baddr);
	if (ret) {
		snprintf(err, err_size, "stage-2 table: error %d", ret);
		goto fail_s2;
	}
	vm->vttbr = vm->s2.vttbr;
	{
		struct vgic_cpu *gic_cpus[VM_MAX_VCPUS];

		for (unsigned i = 0; i < cfg->vcpus; i++)
			gic_cpus[i] = &vm->vcpu[i].vgic;
		vgic_init(&vm->vgic, cfg->vcpus, gic_cpus, kick_vcpu, vm);
	}
	if (vm_its_create(vm, err, err_size))
		goto fail_s2;
	vgicv3_frames_init(&vm->gic_frames, &vm->vgic, ipa_init(GUEST_GICD_BASE), ipa_init(GUEST_GICR_BASE),
			   GUEST_GICR_STRIDE);
	vgicv3_its_frame_init(&vm->gic_frames, ipa_init(GUEST_ITS_BASE));
	vpl011_init(&vm->uart, vm->cfg.name, ipa_init(GUEST_UART_BASE));
	vm->uart.set_irq = uart_irq;
	vm->uart.irq_ctx = vm;
	virtio_mmio_empty_init(&vm->virtio, ipa_init(GUEST_VIRTIO_BASE), GUEST_VIRTIO_STRIDE,
			       GUEST_VIRTIO_COUNT);
	vm->vdevs[vm->vdev_count++] = &vm->gic_frames.dist;
	vm->vdevs[vm->vdev_count++] = &vm->gic_frames.redist;
	vm->vdevs[vm->vdev_count++] = &vm->uart.dev;
	vm->vdevs[vm->vdev_count++] = &vm->virtio.dev;
	vm->vdevs[vm->vdev_count++] = &vm->gic_frames.its;
	mmio_index_build(&vm->mmio, vm->vdevs, vm->vdev_count);
	vm->pauth = vcpu_cpu_has_pauth();
	for (unsigned i = 0; i < cfg->vcpus; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
		vm->vcpu[i].vmpidr = (1ULL << 31) | i;	/* bit 31 is RES1 */
		vm->vcpu[i].last_cpu = -1;
		timer_init(&vm->vcpu[i]);
	}
	return vm;

fail_s2:
	mmu_s2_destroy(&vm->s2);
	vm_ram_destroy(vm);	/* nothing if vm_ram_create failed */
fail_s2_create:
	vmid_free(vm->vmid);
fail_vmid:
	virt_put();
fail_virt:
	spin_lock(&vms_lock);
	vm->used = false;
	spin_unlock(&vms_lock);
fail_ram:
	if (pa_addr(ram))
		vm_ram_free(ram, cfg->mem_size);
	return NULL;
}

struct vm *vm_create(const struct vm_config *cfg, char *err, size_t err_size)
{
	struct vm *vm = build(cfg, pa_init(0), err, err_size);

	if (!vm)
		return NULL;
	if (load_images(vm, err, err_size)) {
		unbuild(vm);
		return NULL;
	}
	reset_vcpus(vm);
	if (place_vcpus(vm, err, err_size)) {
		unbuild(vm);
		return NULL;
	}
	return vm;
}

struct vm *vm_create_empty(const struct vm_config *cfg, paddr_t ram, char *err, size_t err_size)
{
	struct vm *vm = build(cfg, ram, err, err_size);

	if (!vm)
		return NULL;
	for (unsigned i = 0; i < cfg->vcpus; i++)
		vm->vcpu[i].power = VCPU_OFF;
	if (place_vcpus(vm, err, err_size)) {
		unbuild(vm);
		return NULL;
	}
	return vm;
}

void vm_kick(struct vm *vm)
{
	for (unsigned i = 0; i < vm->cfg.vcpus; i++)
		cpu_kick(vm->vcpu[i].cpu);
}

int vm_start(struct vm *vm)
{
	if (vm->state == VM_RUNNING || vm->state == VM_PAUSED)
		return -EBUSY;
	if (vm->state == VM_STOPPED) {
		/* Started again: from its images, as at power-on. */
		char err[80];

		vm_ram_reset(vm);
		vgic_reset(&vm->vgic);
		vpl011_reset(&vm->uart);
		if (load_images(vm, err, sizeof(err)) || vm_its_reset(vm))
			return -EIO;
		reset_vcpus(vm);
	}
	vm->cntvoff = read_sysreg(cntpct_el0);	/* its virtual counter starts at 0 */
	/* stop_reason keeps the last stop's: it means something only while
	 * the VM is stopped, and each stop writes it before the state. */
	__atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);
	vm_kick(vm);
	return 0;
}

int vm_start_restored(struct vm *vm)
{
	if (vm->state != VM_CREATED)
		return -EBUSY;
	/* Its CNTVOFF is the snapshot's, rebased (vm_apply). */
	__atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);
	vm_kick(vm);
	return 0;
}

/* Restarts after SYSTEM_RESET and stops that would cancel them. */
static spinlock_t restart_lock = SPINLOCK_INIT;
static void (*stop_hook)(struct vm *vm);

void vm_set_stop_hook(void (*fn)(struct vm *vm))
{
	stop_hook = fn;
}
/* A VM may be waiting for its restart (under restart_lock): spares
 * vm_housekeeping, which every idle CPU runs, its walk over the VMs. */
static bool restart_hint;

void vm_request_stop(struct vm *vm, enum vm_stop_reason why)
{
	enum vm_state state;

	spin_lock(&restart_lock);
	state = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);
	if (state == VM_RUNNING || state == VM_PAUSED) {
		/* Why before the state: who sees it stopped sees why. */
		__atomic_store_n(&vm->stop_reason, why, __ATOMIC_RELEASE);
		__atomic_store_n(&vm->state, VM_STOPPED, __ATOMIC_RELEASE);
		if (why == VM_STOP_RESET)
			__atomic_store_n(&restart_hint, true, __ATOMIC_RELEASE);
		vm_kick(vm);
		if (stop_hook)
			stop_hook(vm);
	} else if (vm->stop_reason == VM_STOP_RESET && why != VM_STOP_RESET) {
		/* Stopped for a restart that has not happened yet: no more. */
		__atomic_store_n(&vm->stop_reason, why, __ATOMIC_RELEASE);
	}
	spin_unlock(&restart_lock);
}

static bool vcpus_quiet(const struct vm *vm)
{
	for (unsigned i = 0; i < vm->cfg.vcpus; i++)
		if (__atomic_load_n(&vm->vcpu[i].on_cpu, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

/* from -> to, under restart_lock: a stop or reset decided meanwhile
 * wins. False if the VM was not in state from. */
static bool change_state(struct vm *vm, enum vm_state from, enum vm_state to)
{
	bool done;

	spin_lock(&restart_lock);
	done = __atomic_compare_exchange_n(&vm->state, &from, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
	spin_unlock(&restart_lock);
	return done;
}

/* Until no vCPU of the VM is on a CPU, for at most VM_STOP_WAIT_MS. */
static bool wait_quiet(const struct vm *vm)
{
	uint64_t t0 = time_ms();

	while (!vcpus_quiet(vm) && time_ms() - t0 < VM_STOP_WAIT_MS)
		cpu_relax();
	return vcpus_quiet(vm);
}

int vm_pause(struct vm *vm)
{
	if (!change_state(vm, VM_RUNNING, VM_PAUSED))
		return -EBUSY;
	vm_kick(vm);
	if (!wait_quiet(vm)) {
		vm_resume(vm);
		return -ETIMEDOUT;
	}
	vpl011_flush(&vm->uart);
	return 0;
}

int vm_resume(struct vm *vm)
{
	if (!change_state(vm, VM_PAUSED, VM_RUNNING))
		return -EBUSY;
	vm_kick(vm);
	return 0;
}

bool vm_stop(struct vm *vm, enum vm_stop_reason why)
{
	bool quiet;

	vm_request_stop(vm, why);
	quiet = wait_quiet(vm);
	vpl011_flush(&vm->uart);
	return quiet;
}

int vm_destroy(struct vm *vm)
{
	if (!vm_stop(vm, VM_STOP_CONSOLE))
		return -EBUSY;	/* its memory may still be in use */
	for (unsigned i = 0; i < vm->cfg.vcpus; i++)
		sched_remove(&vm->vcpu[i]);
	/* Its VMID may name another VM next: mmu_s2_destroy drops every TLB
	 * entry tagged with it before the table pages go back. */
	mmu_s2_destroy(&vm->s2);
	vm_its_destroy(vm);
	vm_ram_destroy(vm);
	vmid_free(vm->vmid);
	virt_put();
	spin_lock(&vms_lock);
	vm->used = false;
	spin_unlock(&vms_lock);
	if (stop_hook)
		stop_hook(vm);
	return 0;
}

void vm_housekeeping(void)
{
	bool again = false;

	if (!__atomic_load_n(&restart_hint, __ATOMIC_ACQUIRE))
		return;
	/* One CPU at a time: the others have their vCPUs to run. */
	if (!spin_trylock(&restart_lock))
		return;
	restart_hint = false;
	for (unsigned i = 0; i < VM_MAX; i++) {
		struct vm *vm = vm_at(i);

		if (vm && vm->state == VM_STOPPED && vm->stop_reason == VM_STOP_RESET &&
		    !vcpus_quiet(vm)) {
			again = true;	/* a vCPU still on its way out */
			continue;
		}
		if (vm && vm->state == VM_STOPPED && vm->stop_reason == VM_STOP_RESET &&
		    vcpus_quiet(vm)) {
			vm->resets++;
			log_info("vm %s: SYSTEM_RESET: starting it again", vm->cfg.name);
			vpl011_flush(&vm->uart);
			if (vm_start(vm)) {
				log_err("vm %s: could not start it again: stopped", vm->cfg.name);
				vm->stop_reason = VM_STOP_FATAL;
			}
		}
	}
	if (again)
		__atomic_store_n(&restart_hint, true, __ATOMIC_RELEASE);
	spin_unlock(&restart_lock);
}

/* Every CPU's idle work for VMs: restart those that reset (one CPU at a
 * time), then run a vCPU of its own queue. */
static bool vm_idle(void)
{
	vm_housekeeping();
	return sched_run_one(0);
}

/* Poweroff, reboot and kexec take the VMs down first, each told why. */
static void vm_stop_all(const char *why)
{
	for (unsigned i = 0; i < VM_MAX; i++) {
		struct vm *vm = vm_at(i);

		if (vm && vm->state == VM_RUNNING) {
			vm_stop(vm, VM_STOP_HOST);
			log_info("vm %s stopped: armhv's %s", vm->cfg.name, why);
		}
	}
}

void vm_init(void)
{
	cpu_add_idle_work(vm_idle);
	system_set_end_hook(vm_stop_all);
	hotplug_set_evacuate(sched_evacuate);
}
