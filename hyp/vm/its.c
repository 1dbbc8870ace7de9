/* A VM's ITS (vm/its.h): the ITS model's environment. Guest RAM is
 * reached through guest_ram_copy() only; the model's own tables come
 * from a pool of VM_ITS_POOL_PAGES pages taken once from the page
 * allocator, handed out in whole pages (armhv has no smaller allocator),
 * so that a guest can make armhv hold at most that much and its churn
 * never fragments the system allocator; LPIs go to the vGIC; events go
 * to the log, rate-limited. Every callback runs under the vGIC's lock
 * (vgic/lpi.h), which also serialises the pool. */
#include <vm/its.h>
#include <vm/vm.h>
#include <vgic/lpi.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>
#include <arch/cache.h>
#include <stdio.h>
#include <string.h>

/* The one place where armhv reads or writes guest RAM for the ITS (its
 * tables, command queue, property and pending tables): anything that
 * must happen before armhv touches a guest page hooks in here. The
 * lines are cleaned and invalidated to the point of coherency around
 * the copy, so that a guest with its caches off and armhv (caches on)
 * see the same memory. */
static int guest_ram_copy(struct vm *vm, ipaddr_t ipa, void *buf, size_t size, bool write)
{
	void *ram;

	/* Blocks not touched yet are zeroed first (vm/ram.c): under the
	 * vGIC's lock, which therefore comes before the RAM's. */
	ram = vm_ram_ptr(vm, ipa, size);
	if (!ram)
		return -EINVAL;
	dcache_clean_inval_poc(ram, size);
	if (write) {
		memcpy(ram, buf, size);
		dcache_clean_inval_poc(ram, size);
	} else {
		memcpy(buf, ram, size);
	}
	return 0;
}

static int its_ram_read(void *ctx, ipaddr_t ipa, void *buf, size_t size)
{
	return guest_ram_copy(ctx, ipa, buf, size, false);
}

static int its_ram_write(void *ctx, ipaddr_t ipa, const void *buf, size_t size)
{
	return guest_ram_copy(ctx, ipa, (void *)buf, size, true);
}

static bool its_ram_check(void *ctx, ipaddr_t ipa, uint64_t size)
{
	return vm_ram_contains(ctx, ipa, size);
}

static unsigned pages_of(size_t size)
{
	return (unsigned)(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
}

static void *its_alloc(void *ctx, size_t size)
{
	struct vm *vm = ctx;

	if (!size || size > (size_t)VM_ITS_POOL_PAGES * PAGE_SIZE)
		return NULL;
	return page_pool_alloc(&vm->its.pool, pages_of(size));
}

static void its_free(void *ctx, void *ptr, size_t size)
{
	struct vm *vm = ctx;

	if (ptr && page_pool_free(&vm->its.pool, ptr, pages_of(size)))
		log_ratelimited(LOG_ERR, "vm %s: ITS pool: bad free of %zu bytes", vm->cfg.name,
				size);
}

static void its_deliver(void *ctx, uint32_t vcpu, uint32_t intid, uint8_t priority)
{
	vgic_lpi_deliver(&((struct vm *)ctx)->vgic, vcpu, intid, priority);
}

static void its_withdraw(void *ctx, uint32_t vcpu, uint32_t intid)
{
	vgic_lpi_withdraw(&((struct vm *)ctx)->vgic, vcpu, intid);
}

static void its_repend(void *ctx, uint32_t vcpu, uint32_t intid)
{
	vgic_lpi_repend(&((struct vm *)ctx)->vgic, vcpu, intid);
}

/* Guest-provokable (a bad command, a table outside RAM): one line per
 * event, rate-limited, at the model's level (an "error" of the model is
 * the guest's, a warning for armhv). */
static void its_log(void *ctx, enum its_log_level level, const char *event, uint64_t a,
		    uint64_t b)
{
	static const enum log_level levels[] = { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_WARN };
	struct vm *vm = ctx;

	log_ratelimited(level < ARRAY_SIZE(levels) ? levels[level] : LOG_WARN,
			"vm %s: %s (0x%llx, 0x%llx)", vm->cfg.name, event, (unsigned long long)a,
			(unsigned long long)b);
}

int vm_its_create(struct vm *vm, char *err, size_t err_size)
{
	struct vm_its *t = &vm->its;
	const struct its_env env = {
		.ctx = vm, .ram_read = its_ram_read, .ram_write = its_ram_write,
		.ram_check = its_ram_check, .alloc = its_alloc, .free = its_free,
		.deliver = its_deliver, .withdraw = its_withdraw, .repend = its_repend,
		.log = its_log,
	};
	const struct its_config cfg = {
		.max_devices = VM_ITS_MAX_DEVICES, .max_ites = VM_ITS_MAX_ITES,
		.max_itt_entries = VM_ITS_MAX_ITT_ENTRIES, .cmd_budget = VM_ITS_CMD_BUDGET,
		.translater_devid = 0,
	};
	int ret;

	t->lpi_pages = ALIGN_UP(vgic_lpi_mem_size(vm->cfg.vcpus), PAGE_SIZE) / PAGE_SIZE;
	t->pool_pa = alloc_pages_aligned(VM_ITS_POOL_PAGES, 1);
	t->lpi_pa = alloc_pages_aligned(t->lpi_pages, 1);
	if (!pa_addr(t->pool_pa) || !pa_addr(t->lpi_pa)) {
		snprintf(err, err_size, "no memory for the ITS (%llu KiB)",
			 (unsigned long long)((VM_ITS_POOL_PAGES + t->lpi_pages) * PAGE_SIZE >> 10));
		goto fail;
	}
	page_pool_init(&t->pool, (uintptr_t)phys_to_virt(t->pool_pa), VM_ITS_POOL_PAGES);
	ret = vgic_lpi_init(&vm->vgic, phys_to_virt(t->lpi_pa), &env, &cfg);
	if (ret) {
		snprintf(err, err_size, "ITS: %s", its_strerror(ret));
		goto fail;
	}
	return 0;
fail:
	if (pa_addr(t->pool_pa))
		free_pages(t->pool_pa, VM_ITS_POOL_PAGES);
	if (pa_addr(t->lpi_pa))
		free_pages(t->lpi_pa, t->lpi_pages);
	t->pool_pa = t->lpi_pa = pa_init(0);
	return -ENOMEM;
}

void vm_its_destroy(struct vm *vm)
{
	struct vm_its *t = &vm->its;

	vgic_lpi_destroy(&vm->vgic);
	if (t->pool.used)
		log_err("vm %s: the ITS kept %u pages of its pool", vm->cfg.name, t->pool.used);
	if (pa_addr(t->pool_pa))
		free_pages(t->pool_pa, VM_ITS_POOL_PAGES);
	if (pa_addr(t->lpi_pa))
		free_pages(t->lpi_pa, t->lpi_pages);
	t->pool_pa = t->lpi_pa = pa_init(0);
}

int vm_its_reset(struct vm *vm)
{
	int ret = vgic_lpi_reset(&vm->vgic);

	if (ret)
		log_err("vm %s: ITS reset: %s", vm->cfg.name, its_strerror(ret));
	return ret ? -ENOMEM : 0;
}
