/* `vm save` and `vm restore` (vm/save.h): the store of snapshots on
 * armhv's disk (drivers/disk.h, 512-byte sectors), the order of a save
 * (pause, capture, encode through the store, resume or stay paused) and
 * of a restore (decode and check everything, RAM included, read once
 * into the RAM the new VM will have; then build the VM around it, apply,
 * start). The library's structures are large (a struct snap_vm holds a
 * 64 KiB RAM bitmap): they come from the page allocator, never the stack. */
#include <vm/save.h>
#include <vm/snapshot.h>
#include <vm/vm.h>
#include <drivers/disk.h>
#include <cpu/cpu.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <arch/time.h>
#include <stdio.h>
#include <string.h>

struct work {
	paddr_t self;		/* its own pages */
	struct snap_store st;
	struct snap_store_txn txn;
	struct snap_store_reader rd;
	struct snap_source src;
	struct snap_toc toc;
	struct snap_vm vm;
};

#define WORK_PAGES	(ALIGN_UP(sizeof(struct work), PAGE_SIZE) / PAGE_SIZE)

/* One save or restore at a time: the store has one writer (store.h). */
static spinlock_t store_busy = SPINLOCK_INIT;

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	return vblk_read(ctx, sector, buf, count);
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	return vblk_write(ctx, sector, buf, count);
}

static int dev_flush(void *ctx)
{
	return vblk_flush(ctx);
}

/* The disk as the store's device, and the work area; NULL with err. */
static struct work *begin(struct snap_dev *dev, char *err, size_t err_size)
{
	struct vblk *d = disk_get();
	struct work *w;
	paddr_t pa;

	if (!d) {
		snprintf(err, err_size, "no disk: %s", disk_state()->why);
		return NULL;
	}
	if (!spin_trylock(&store_busy)) {
		snprintf(err, err_size, "another save or restore is using the disk");
		return NULL;
	}
	pa = alloc_pages_aligned(WORK_PAGES, 1);
	if (!pa_addr(pa)) {
		spin_unlock(&store_busy);
		snprintf(err, err_size, "no memory for the snapshot's work area (%llu KiB)",
			 (unsigned long long)(WORK_PAGES * PAGE_SIZE >> 10));
		return NULL;
	}
	*dev = (struct snap_dev){ .ctx = d, .sectors = d->capacity, .read = dev_read,
				  .write = dev_write, .flush = dev_flush };
	w = phys_to_virt(pa);
	w->self = pa;
	return w;
}

/* Counter ticks the disk has spent answering so far (vblk.wait_ticks). */
static uint64_t disk_waited(const struct snap_dev *dev)
{
	const struct vblk *d = dev->ctx;

	return d->wait_ticks;
}

static void end(struct work *w)
{
	free_pages(w->self, WORK_PAGES);
	spin_unlock(&store_busy);
}

static int open_store(struct work *w, const struct snap_dev *dev, char *err, size_t err_size)
{
	char why[160];
	int ret = snap_store_open(&w->st, dev, why, sizeof(why));

	if (ret)
		snprintf(err, err_size, "the disk holds no snapshot store (%s): disk format-store first",
			 why);
	return ret;
}

int vm_save(struct vm *vm, const char *name, bool keep_running, struct vm_save_result *res,
	    char *err, size_t err_size)
{
	uint64_t t0 = time_ticks(), t_pause = 0, t_resume = 0, created, waited = 0;
	struct snap_ram_in ram;
	struct snap_sink sink;
	struct snap_dev dev;
	bool paused_here = false;
	uint32_t hcrc;
	struct work *w;
	char why[160];
	int ret;

	memset(res, 0, sizeof(*res));
	if (vm->state != VM_RUNNING && vm->state != VM_PAUSED) {
		snprintf(err, err_size, "vm %s is %s: only a running or paused VM is saved",
			 vm->cfg.name, vm_state_name(vm->state));
		return -EBUSY;
	}
	w = begin(&dev, err, err_size);
	if (!w)
		return -ENODEV;
	waited = disk_waited(&dev);
	ret = open_store(w, &dev, err, err_size);
	if (ret)
		goto out;
	if (vm->state == VM_RUNNING) {
		t_pause = time_ticks();
		ret = vm_pause(vm);
		if (ret) {
			snprintf(err, err_size, "vm %s: %s", vm->cfg.name,
				 ret == -EBUSY ? "not running any more" :
						 "a vCPU did not give its CPU back; still running");
			goto out;
		}
		paused_here = true;
	} else if (vm->state != VM_PAUSED) {
		ret = -EBUSY;
		snprintf(err, err_size, "vm %s is %s", vm->cfg.name, vm_state_name(vm->state));
		goto out;
	}
	ret = vm_capture(vm, &w->vm, why, sizeof(why));
	if (ret) {
		snprintf(err, err_size, "vm %s: %s", vm->cfg.name, why);
		goto resume;
	}
	/* What a decoder would refuse is not written (a guest's state armhv
	 * cannot save): one line, before the store changes. */
	ret = snap_check(&w->vm, why, sizeof(why));
	if (ret) {
		snprintf(err, err_size, "vm %s: its state cannot be saved: %s", vm->cfg.name, why);
		goto resume;
	}
	created = w->vm.meta.created;
	res->bytes = snap_encoded_size(&w->vm);
	res->blocks = w->vm.ram.present;
	ret = snap_store_begin(&w->st, name, vm->cfg.name, res->bytes, created, &w->txn, why,
			       sizeof(why));
	if (ret) {
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto resume;
	}
	snap_store_sink(&w->txn, &sink);
	vm_snap_ram_in(vm, &ram);
	ret = snap_encode(&w->vm, &ram, &sink, &res->bytes, &hcrc, why, sizeof(why));
	if (ret) {
		snap_store_abort(&w->txn);
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto resume;
	}
	ret = snap_store_commit(&w->txn, hcrc, why, sizeof(why));
	if (ret) {
		snap_store_abort(&w->txn);
		snprintf(err, err_size, "snapshot %s: %s", name, why);
	}
resume:
	/* A failed save leaves the VM as it found it. */
	if (paused_here && (keep_running || ret)) {
		t_resume = time_ticks();
		vm_resume(vm);
	}
out:
	res->paused = vm->state == VM_PAUSED;
	res->total_us = ticks_to_us(time_ticks() - t0);
	res->pause_us = paused_here ? ticks_to_us((t_resume ? t_resume : time_ticks()) - t_pause) : 0;
	res->disk_us = ticks_to_us(disk_waited(&dev) - waited);
	end(w);
	return ret;
}

/* The RAM a restore fills before its VM exists (vm_ram_alloc). */
struct fill {
	uint8_t *ram;
	uint64_t blocks;
};

static void *fill_into(void *ctx, uint32_t b)
{
	struct fill *f = ctx;

	return b < f->blocks ? f->ram + (uint64_t)b * VM_RAM_BLOCK : NULL;
}

static int fill_done(void *ctx, uint32_t b)
{
	struct fill *f = ctx;

	/* The guest may run with its caches off. */
	dcache_clean_inval_poc(f->ram + (uint64_t)b * VM_RAM_BLOCK, VM_RAM_BLOCK);
	return 0;
}

/* The blocks read into the new VM's RAM: ready as they are. */
static int adopt_blocks(struct vm *vm, const struct snap_ram *ram, char *err, size_t err_size)
{
	for (uint32_t b = 0; b < ram->blocks; b++) {
		int ret;

		if (!snap_block_present(ram, b))
			continue;
		ret = vm_ram_block_filled(vm, b);
		if (ret) {
			snprintf(err, err_size, "RAM block %u: error %d", (unsigned)b, ret);
			return ret;
		}
	}
	return 0;
}

struct vm *vm_restore(const char *name, const char *new_name, struct vm_restore_result *res,
		      char *err, size_t err_size)
{
	uint64_t t0 = time_ticks(), waited;
	const struct snap_entry *e;
	struct vm_config cfg;
	struct snap_ram_out out;
	struct snap_dev dev;
	struct fill fill;
	struct vm *vm = NULL;
	struct work *w;
	paddr_t ram;
	char why[160];
	int ret;

	memset(res, 0, sizeof(*res));
	w = begin(&dev, err, err_size);
	if (!w)
		return NULL;
	waited = disk_waited(&dev);
	if (open_store(w, &dev, err, err_size))
		goto out;
	e = snap_store_find(&w->st, name);
	if (!e) {
		snprintf(err, err_size, "no snapshot named '%s' in the store", name);
		goto out;
	}
	/* Everything checked before anything changes: the sections and this
	 * machine's fit first, then every RAM block, read once into memory
	 * no VM has yet (given back if any block fails its checksum). */
	ret = snap_store_decode(&w->st, e, &w->rd, &w->src, &w->vm, &w->toc, why, sizeof(why));
	if (!ret)
		ret = vm_snap_restorable(&w->vm, why, sizeof(why));
	if (ret) {
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto out;
	}
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "%s", new_name ? new_name : w->vm.config.name);
	if (vm_find(cfg.name)) {	/* build() says so too; before the RAM is read */
		snprintf(err, err_size, "snapshot %s: a VM named '%s' exists", name, cfg.name);
		goto out;
	}
	cfg.mem_size = w->vm.config.mem_size;
	ram = vm_ram_alloc(cfg.mem_size, why, sizeof(why));
	if (!pa_addr(ram)) {
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto out;
	}
	fill = (struct fill){ .ram = phys_to_virt(ram), .blocks = cfg.mem_size / VM_RAM_BLOCK };
	out = (struct snap_ram_out){ .ctx = &fill, .into = fill_into, .done = fill_done };
	ret = snap_ram_read(&w->src, &w->vm, &out, why, sizeof(why));
	if (ret) {
		vm_ram_free(ram, cfg.mem_size);
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto out;
	}
	cfg.vcpus = w->vm.config.vcpus;
	snprintf(cfg.kernel, sizeof(cfg.kernel), "%s", w->vm.config.kernel);
	snprintf(cfg.initrd, sizeof(cfg.initrd), "%s", w->vm.config.initrd);
	snprintf(cfg.cmdline, sizeof(cfg.cmdline), "%s", w->vm.config.cmdline);
	/* CPUs this machine does not have are dropped; none left: any. */
	cfg.cpu_mask = w->vm.config.cpu_mask &
		       (cpu_count >= 64 ? ~0ULL : (1ULL << cpu_count) - 1);
	if (w->vm.config.cpu_mask && !cfg.cpu_mask)
		log_info("vm %s: none of the CPUs it was allowed exists here: it runs on any",
			 cfg.name);
	vm = vm_create_empty(&cfg, ram, why, sizeof(why));	/* ram is its own now */
	if (!vm) {
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		goto out;
	}
	if (adopt_blocks(vm, &w->vm.ram, why, sizeof(why)) ||
	    vm_apply(vm, &w->vm, why, sizeof(why))) {
		snprintf(err, err_size, "snapshot %s: %s", name, why);
		vm_destroy(vm);
		vm = NULL;
		goto out;
	}
	if (vm_start_restored(vm)) {
		/* Only a VM just created can start so; none other can be. */
		snprintf(err, err_size, "snapshot %s: the restored VM could not start", name);
		vm_destroy(vm);
		vm = NULL;
		goto out;
	}
	res->blocks = w->vm.ram.present;
	res->total_us = ticks_to_us(time_ticks() - t0);
	res->disk_us = ticks_to_us(disk_waited(&dev) - waited);
out:
	end(w);
	return vm;
}

int vm_store_list(void (*fn)(const struct snap_entry *e, void *ctx), void *ctx,
		  uint64_t *free_sectors, char *err, size_t err_size)
{
	struct snap_dev dev;
	struct work *w = begin(&dev, err, err_size);
	int ret;

	if (!w)
		return -ENODEV;
	ret = open_store(w, &dev, err, err_size);
	if (!ret) {
		for (unsigned i = 0; i < w->st.entries; i++)
			if (w->st.e[i].state != SNAP_ENTRY_FREE)
				fn(&w->st.e[i], ctx);
		*free_sectors = snap_store_free(&w->st, NULL);
	}
	end(w);
	return ret;
}

int vm_store_delete(const char *name, char *err, size_t err_size)
{
	struct snap_dev dev;
	struct work *w = begin(&dev, err, err_size);
	char why[160];
	int ret;

	if (!w)
		return -ENODEV;
	ret = open_store(w, &dev, err, err_size);
	if (!ret && !snap_store_find(&w->st, name)) {
		snprintf(err, err_size, "no snapshot named '%s' in the store", name);
		ret = -ENOENT;
	} else if (!ret && snap_store_delete(&w->st, name, why, sizeof(why))) {
		snprintf(err, err_size, "%s", why);
		ret = -EIO;
	}
	end(w);
	return ret;
}

int vm_store_format(uint32_t entries, bool force, char *err, size_t err_size)
{
	struct snap_dev dev;
	struct work *w = begin(&dev, err, err_size);
	char why[160];
	int ret;

	if (!w)
		return -ENODEV;
	if (!force && snap_store_open(&w->st, &dev, why, sizeof(why)) == 0) {
		snprintf(err, err_size, "the disk holds a snapshot store already (--force overwrites it)");
		ret = -EEXIST;
	} else {
		ret = snap_store_format(&dev, entries, why, sizeof(why));
		if (ret)
			snprintf(err, err_size, "%s", why);
	}
	end(w);
	return ret;
}
