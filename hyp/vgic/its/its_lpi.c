/*
 * The LPI side of a VM's redistributors: cached configuration, pending
 * state, PROPBASER/PENDBASER/EnableLPIs, and the VM-level save/restore of
 * pending state through the guest's pending tables.
 *
 * Invariant: an LPI is pending only on a vCPU whose LPIs are enabled, and
 * LPI_DELIVERED is set exactly when deliver() was called for the LPI and
 * neither withdraw() nor its_vm_lpi_ack() followed.
 */
#include "its_internal.h"

#define CHUNK_LPIS (1u << ITS_LPI_CHUNK_SHIFT)
#define CHUNK_BYTES (CHUNK_LPIS * sizeof(struct its_lpi))
#define CHUNK_PEND_BYTES (CHUNK_LPIS / 8u)
#define PROP_PIECE 256u

#define PROPBASER_WRITABLE                                                 \
	(MASK64(58, 56) | MASK64(51, 12) | MASK64(11, 10) | MASK64(9, 7) |  \
	 MASK64(4, 0))
#define PENDBASER_WRITABLE                                                 \
	(PENDBASER_PTZ | MASK64(58, 56) | MASK64(51, 16) | MASK64(11, 10) | \
	 MASK64(9, 7))

static uint32_t lpi_limit_of(uint64_t propbaser)
{
	uint32_t bits = PROPBASER_IDBITS(propbaser) + 1;
	if (bits > ITS_INTID_BITS)
		bits = ITS_INTID_BITS;
	return 1u << bits;
}

/* Chunks holding INTIDs below the limit. */
static uint32_t chunks_in_range(uint32_t limit)
{
	if (limit <= ITS_LPI_BASE)
		return 0;
	return (limit - ITS_LPI_BASE) >> ITS_LPI_CHUNK_SHIFT;
}

int its_vm_init(struct its_vm *vm, const struct its_env *env, uint32_t vcpu_count)
{
	if (!vm || !env || !env->ram_read || !env->ram_write || !env->ram_check ||
	    !env->alloc || !env->free || !env->deliver || !env->withdraw)
		return ITS_ERR_INVAL;
	if (vcpu_count == 0 || vcpu_count > ITS_MAX_VCPUS)
		return ITS_ERR_INVAL;
	its_memset(vm, 0, sizeof(*vm));
	vm->env = *env;
	vm->vcpu_count = vcpu_count;
	size_t bytes = vcpu_count * sizeof(*vm->vcpu);
	vm->vcpu = env->alloc(env->ctx, bytes);
	if (!vm->vcpu)
		return ITS_ERR_NOMEM;
	its_memset(vm->vcpu, 0, bytes);
	vm->lpi_limit = lpi_limit_of(0);
	return ITS_OK;
}

void its_vm_destroy(struct its_vm *vm)
{
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++)
		its_lpi_chunk_free(vm, c);
	if (vm->vcpu)
		vm->env.free(vm->env.ctx, vm->vcpu, vm->vcpu_count * sizeof(*vm->vcpu));
	vm->vcpu = NULL;
}

struct its_lpi *its_lpi_get(const struct its_vm *vm, uint32_t intid)
{
	if (intid < ITS_LPI_BASE || intid >= (1u << ITS_INTID_BITS))
		return NULL;
	struct its_lpi *c = vm->chunk[its_lpi_chunk_of(intid)];
	return c ? &c[intid & (CHUNK_LPIS - 1)] : NULL;
}

static bool lpi_deliverable(const struct its_vm *vm, uint32_t intid,
			    const struct its_lpi *l)
{
	return (l->flags & LPI_PENDING) && (l->prop & LPI_PROP_ENABLE) &&
	       intid < vm->lpi_limit && vm->vcpu[l->vcpu].lpis_enabled;
}

/* Bring deliver/withdraw calls in line with the LPI's state. */
static void lpi_sync(struct its_vm *vm, uint32_t intid, struct its_lpi *l)
{
	bool want = lpi_deliverable(vm, intid, l);
	if (want && !(l->flags & LPI_DELIVERED)) {
		l->flags |= LPI_DELIVERED;
		vm->env.deliver(vm->env.ctx, l->vcpu, intid, LPI_PROP_PRIO(l->prop));
	} else if (!want && (l->flags & LPI_DELIVERED)) {
		l->flags &= (uint8_t)~LPI_DELIVERED;
		vm->env.withdraw(vm->env.ctx, l->vcpu, intid);
	}
}

static void lpi_set_prop(struct its_vm *vm, uint32_t intid, struct its_lpi *l,
			 uint8_t prop)
{
	uint8_t old = l->prop;
	l->prop = prop;
	if ((l->flags & LPI_DELIVERED) && lpi_deliverable(vm, intid, l) &&
	    LPI_PROP_PRIO(old) != LPI_PROP_PRIO(prop))
		vm->env.deliver(vm->env.ctx, l->vcpu, intid, LPI_PROP_PRIO(prop));
	lpi_sync(vm, intid, l);
}

void its_lpi_set_pending(struct its_vm *vm, uint32_t intid, uint32_t vcpu)
{
	struct its_lpi *l = its_lpi_get(vm, intid);
	if (!l || vcpu >= vm->vcpu_count || !vm->vcpu[vcpu].lpis_enabled)
		return;
	if (l->flags & LPI_PENDING) {
		/* A new edge for an LPI the guest may already have taken;
		 * one pending on another vCPU moves. */
		if (l->vcpu != vcpu)
			its_lpi_move(vm, intid, vcpu);
		else if ((l->flags & LPI_DELIVERED) && vm->env.repend)
			vm->env.repend(vm->env.ctx, vcpu, intid);
		return;
	}
	l->flags = LPI_PENDING;
	l->vcpu = (uint16_t)vcpu;
	lpi_sync(vm, intid, l);
}

void its_lpi_clear_pending(struct its_vm *vm, uint32_t intid)
{
	struct its_lpi *l = its_lpi_get(vm, intid);
	if (!l)
		return;
	if (l->flags & LPI_DELIVERED)
		vm->env.withdraw(vm->env.ctx, l->vcpu, intid);
	l->flags = 0;
	l->vcpu = 0;
}

void its_lpi_move(struct its_vm *vm, uint32_t intid, uint32_t vcpu)
{
	struct its_lpi *l = its_lpi_get(vm, intid);
	if (!l || !(l->flags & LPI_PENDING) || l->vcpu == vcpu)
		return;
	if (l->flags & LPI_DELIVERED)
		vm->env.withdraw(vm->env.ctx, l->vcpu, intid);
	l->flags = LPI_PENDING;
	/* Pending state cannot live on a redistributor with LPIs off. */
	if (vcpu >= vm->vcpu_count || !vm->vcpu[vcpu].lpis_enabled) {
		l->flags = 0;
		l->vcpu = 0;
		return;
	}
	l->vcpu = (uint16_t)vcpu;
	lpi_sync(vm, intid, l);
}

/* Load the configuration of chunk c from the property table. */
static void chunk_load_config(struct its_vm *vm, uint32_t c)
{
	struct its_lpi *chunk = vm->chunk[c];
	uint32_t first = ITS_LPI_BASE + c * CHUNK_LPIS;
	ipaddr_t prop = ipa_add(PROPBASER_ADDR(vm->propbaser), first - ITS_LPI_BASE);
	uint8_t buf[PROP_PIECE];

	for (uint32_t off = 0; off < CHUNK_LPIS; off += PROP_PIECE) {
		if (first + off >= vm->lpi_limit ||
		    vm->env.ram_read(vm->env.ctx, ipa_add(prop, off), buf, sizeof(buf)))
			its_memset(buf, 0, sizeof(buf));
		/* Only a changed byte can change what is deliverable. */
		for (uint32_t i = 0; i < PROP_PIECE; i++)
			if (chunk[off + i].prop != buf[i])
				lpi_set_prop(vm, first + off + i, &chunk[off + i], buf[i]);
	}
}

int its_lpi_chunk_alloc(struct its_vm *vm, uint32_t c)
{
	if (c >= ITS_LPI_CHUNKS)
		return ITS_ERR_INVAL;
	if (vm->chunk[c])
		return ITS_OK;
	struct its_lpi *chunk = vm->env.alloc(vm->env.ctx, CHUNK_BYTES);
	if (!chunk)
		return ITS_ERR_NOMEM;
	its_memset(chunk, 0, CHUNK_BYTES);
	vm->chunk[c] = chunk;
	chunk_load_config(vm, c);
	return ITS_OK;
}

void its_lpi_chunk_free(struct its_vm *vm, uint32_t c)
{
	if (c >= ITS_LPI_CHUNKS || !vm->chunk[c])
		return;
	vm->env.free(vm->env.ctx, vm->chunk[c], CHUNK_BYTES);
	vm->chunk[c] = NULL;
}

uint32_t its_lpi_reload_one(struct its_vm *vm, uint32_t intid)
{
	struct its_lpi *l = its_lpi_get(vm, intid);
	uint8_t prop = 0;
	if (!l)
		return 1;
	if (intid >= vm->lpi_limit ||
	    vm->env.ram_read(vm->env.ctx,
			     ipa_add(PROPBASER_ADDR(vm->propbaser), intid - ITS_LPI_BASE),
			     &prop, 1))
		prop = 0;
	lpi_set_prop(vm, intid, l, prop);
	return 1;
}

uint32_t its_lpi_reload_all(struct its_vm *vm)
{
	uint32_t work = 1;
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++) {
		if (!vm->chunk[c])
			continue;
		chunk_load_config(vm, c);
		work += CHUNK_LPIS / 64;
	}
	return work;
}

uint32_t its_lpi_move_all(struct its_vm *vm, uint32_t from, uint32_t to)
{
	uint32_t work = 1;
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++) {
		struct its_lpi *chunk = vm->chunk[c];
		if (!chunk)
			continue;
		work += CHUNK_LPIS / 64;
		for (uint32_t i = 0; i < CHUNK_LPIS; i++)
			if ((chunk[i].flags & LPI_PENDING) && chunk[i].vcpu == from)
				its_lpi_move(vm, ITS_LPI_BASE + c * CHUNK_LPIS + i, to);
	}
	return work;
}

/* ---- registers -------------------------------------------------------------- */

int its_vm_write_propbaser(struct its_vm *vm, uint64_t val)
{
	if (vm->lpi_enabled_count)
		return ITS_ERR_BUSY;
	vm->propbaser = val & PROPBASER_WRITABLE;
	vm->lpi_limit = lpi_limit_of(vm->propbaser);
	its_lpi_reload_all(vm);
	return ITS_OK;
}

uint64_t its_vm_read_propbaser(const struct its_vm *vm)
{
	return vm->propbaser;
}

int its_vm_write_pendbaser(struct its_vm *vm, uint32_t vcpu, uint64_t val)
{
	if (vcpu >= vm->vcpu_count)
		return ITS_ERR_INVAL;
	if (vm->vcpu[vcpu].lpis_enabled)
		return ITS_ERR_BUSY;
	vm->vcpu[vcpu].pendbaser = val & PENDBASER_WRITABLE;
	return ITS_OK;
}

uint64_t its_vm_read_pendbaser(const struct its_vm *vm, uint32_t vcpu)
{
	if (vcpu >= vm->vcpu_count)
		return 0;
	return vm->vcpu[vcpu].pendbaser & ~PENDBASER_PTZ;
}

bool its_vm_lpis_enabled(const struct its_vm *vm, uint32_t vcpu)
{
	return vcpu < vm->vcpu_count && vm->vcpu[vcpu].lpis_enabled;
}

/* Are the property table and vcpu's pending table guest RAM? */
static bool lpi_tables_in_ram(const struct its_vm *vm, uint64_t propbaser,
			      uint64_t pendbaser)
{
	uint32_t limit = lpi_limit_of(propbaser);
	if (limit <= ITS_LPI_BASE)
		return true;
	return vm->env.ram_check(vm->env.ctx, PROPBASER_ADDR(propbaser),
				 limit - ITS_LPI_BASE) &&
	       vm->env.ram_check(vm->env.ctx, PENDBASER_ADDR(pendbaser), limit / 8);
}

/* Pending table bits of chunk c: 128 bytes after the first 1 KiB. */
static ipaddr_t pend_chunk_ipa(uint64_t pendbaser, uint32_t c)
{
	return ipa_add(PENDBASER_ADDR(pendbaser), ITS_LPI_BASE / 8 + (uint64_t)c * CHUNK_PEND_BYTES);
}

/* Read a vCPU's pending bits for chunks [0, n) into buf. */
static int pend_read(const struct its_vm *vm, uint64_t pendbaser, uint32_t n, uint8_t *buf)
{
	if (!n)
		return ITS_OK;
	if (vm->env.ram_read(vm->env.ctx, pend_chunk_ipa(pendbaser, 0), buf,
			     (size_t)n * CHUNK_PEND_BYTES))
		return ITS_ERR_FAULT;
	return ITS_OK;
}

static bool pend_chunk_any(const uint8_t *bits)
{
	for (uint32_t i = 0; i < CHUNK_PEND_BYTES; i++)
		if (bits[i])
			return true;
	return false;
}

/* Make the set bits pending on vcpu, unless pending elsewhere already. */
static void pend_apply(struct its_vm *vm, uint32_t vcpu, uint32_t n, const uint8_t *buf)
{
	for (uint32_t c = 0; c < n; c++) {
		const uint8_t *bits = buf + (size_t)c * CHUNK_PEND_BYTES;
		if (!vm->chunk[c] || !pend_chunk_any(bits))
			continue;
		for (uint32_t i = 0; i < CHUNK_LPIS; i++) {
			if (!(bits[i / 8] & (1u << (i % 8))))
				continue;
			struct its_lpi *l = &vm->chunk[c][i];
			if (l->flags & LPI_PENDING)
				continue;
			l->flags = LPI_PENDING;
			l->vcpu = (uint16_t)vcpu;
			lpi_sync(vm, ITS_LPI_BASE + c * CHUNK_LPIS + i, l);
		}
	}
}

/*
 * Write vcpu's pending state to its pending table (every LPI bit in
 * range: set if pending there, clear otherwise). With drop, the state then
 * leaves the model. Returns the number of failed writes.
 */
static uint32_t pend_store(struct its_vm *vm, uint32_t vcpu, bool drop)
{
	uint64_t pendbaser = vm->vcpu[vcpu].pendbaser;
	uint32_t failures = 0;
	uint8_t bits[CHUNK_PEND_BYTES];

	for (uint32_t c = 0; c < chunks_in_range(vm->lpi_limit); c++) {
		struct its_lpi *chunk = vm->chunk[c];
		its_memset(bits, 0, sizeof(bits));
		for (uint32_t i = 0; chunk && i < CHUNK_LPIS; i++) {
			if (!(chunk[i].flags & LPI_PENDING) || chunk[i].vcpu != vcpu)
				continue;
			bits[i / 8] |= (uint8_t)(1u << (i % 8));
			if (drop)
				its_lpi_clear_pending(vm, ITS_LPI_BASE + c * CHUNK_LPIS + i);
		}
		if (vm->env.ram_write(vm->env.ctx, pend_chunk_ipa(pendbaser, c), bits,
				      sizeof(bits)))
			failures++;
	}
	/* Pending LPIs above the limit cannot be represented: drop them. */
	for (uint32_t c = chunks_in_range(vm->lpi_limit); drop && c < ITS_LPI_CHUNKS; c++)
		for (uint32_t i = 0; vm->chunk[c] && i < CHUNK_LPIS; i++)
			if ((vm->chunk[c][i].flags & LPI_PENDING) && vm->chunk[c][i].vcpu == vcpu)
				its_lpi_clear_pending(vm, ITS_LPI_BASE + c * CHUNK_LPIS + i);
	if (failures)
		its_log(&vm->env, ITS_LOG_ERROR, "its: pending table write failed", vcpu, failures);
	return failures;
}

/*
 * Read the pending bits of the vCPUs marked in load and allocate the
 * chunks they need. On failure, chunks allocated here are freed again.
 */
static int pend_prepare(struct its_vm *vm, const uint64_t *pendbaser,
			const bool *load, uint32_t n, uint8_t *buf, bool *fresh)
{
	bool need[ITS_LPI_CHUNKS];
	int ret = ITS_OK;

	its_memset(need, 0, sizeof(need));
	for (uint32_t v = 0; v < vm->vcpu_count; v++) {
		if (!load[v])
			continue;
		ret = pend_read(vm, pendbaser[v], n, buf);
		if (ret)
			return ret;
		for (uint32_t c = 0; c < n; c++)
			if (pend_chunk_any(buf + (size_t)c * CHUNK_PEND_BYTES))
				need[c] = true;
	}
	for (uint32_t c = 0; c < n; c++) {
		fresh[c] = false;
		if (!need[c] || vm->chunk[c])
			continue;
		ret = its_lpi_chunk_alloc(vm, c);
		if (ret)
			break;
		fresh[c] = true;
	}
	if (ret) {
		for (uint32_t c = 0; c < n; c++)
			if (fresh[c])
				its_lpi_chunk_free(vm, c);
	}
	return ret;
}

int its_vm_set_lpis_enabled(struct its_vm *vm, uint32_t vcpu, bool enable)
{
	if (vcpu >= vm->vcpu_count)
		return ITS_ERR_INVAL;
	struct its_vcpu_lpi *v = &vm->vcpu[vcpu];
	if (v->lpis_enabled == enable)
		return ITS_OK;

	if (!enable) {
		pend_store(vm, vcpu, true);
		v->lpis_enabled = false;
		vm->lpi_enabled_count--;
		return ITS_OK;
	}

	if (!lpi_tables_in_ram(vm, vm->propbaser, v->pendbaser))
		return ITS_ERR_FAULT;
	uint32_t n = chunks_in_range(vm->lpi_limit);
	bool load_pending = n && !(v->pendbaser & PENDBASER_PTZ);
	uint8_t *buf = NULL;
	size_t buf_bytes = (size_t)n * CHUNK_PEND_BYTES;
	if (load_pending) {
		buf = vm->env.alloc(vm->env.ctx, buf_bytes);
		if (!buf)
			return ITS_ERR_NOMEM;
		int ret = pend_read(vm, v->pendbaser, n, buf);
		for (uint32_t c = 0; !ret && c < n; c++)
			if (pend_chunk_any(buf + (size_t)c * CHUNK_PEND_BYTES))
				ret = its_lpi_chunk_alloc(vm, c);
		if (ret) {
			/* Chunks allocated here hold no state: keeping them is
			 * invisible, so no rollback is needed. */
			vm->env.free(vm->env.ctx, buf, buf_bytes);
			return ret;
		}
	}
	v->lpis_enabled = true;
	v->pendbaser &= ~PENDBASER_PTZ;
	vm->lpi_enabled_count++;
	its_lpi_reload_all(vm);
	if (buf) {
		pend_apply(vm, vcpu, n, buf);
		vm->env.free(vm->env.ctx, buf, buf_bytes);
	}
	return ITS_OK;
}

int its_vm_lpi_ack(struct its_vm *vm, uint32_t vcpu, uint32_t intid)
{
	struct its_lpi *l = its_lpi_get(vm, intid);
	if (!l || !(l->flags & LPI_PENDING) || l->vcpu != vcpu)
		return ITS_ERR_INVAL;
	l->flags = 0;
	l->vcpu = 0;
	return ITS_OK;
}

int its_vm_lpi_info(const struct its_vm *vm, uint32_t intid, struct its_lpi_info *out)
{
	its_memset(out, 0, sizeof(*out));
	out->vcpu = ITS_NO_VCPU;
	if (intid < ITS_LPI_BASE || intid >= (1u << ITS_INTID_BITS))
		return ITS_ERR_INVAL;
	const struct its_lpi *l = its_lpi_get(vm, intid);
	if (!l)
		return ITS_OK;
	out->mapped_storage = true;
	out->pending = l->flags & LPI_PENDING;
	out->delivered = l->flags & LPI_DELIVERED;
	out->enabled = l->prop & LPI_PROP_ENABLE;
	out->priority = LPI_PROP_PRIO(l->prop);
	if (out->pending)
		out->vcpu = l->vcpu;
	return ITS_OK;
}

/* ---- VM save/restore --------------------------------------------------------- */

size_t its_vm_image_size(uint32_t vcpu_count)
{
	return sizeof(struct its_vm_image) + (size_t)vcpu_count * sizeof(struct its_vm_image_vcpu);
}

int its_vm_save(struct its_vm *vm, struct its_vm_image *img)
{
	uint32_t failures = 0;
	img->version = ITS_VM_IMAGE_VERSION;
	img->vcpu_count = vm->vcpu_count;
	img->propbaser = vm->propbaser;
	for (uint32_t v = 0; v < vm->vcpu_count; v++) {
		img->vcpu[v].pendbaser = vm->vcpu[v].pendbaser & ~PENDBASER_PTZ;
		img->vcpu[v].lpis_enabled = vm->vcpu[v].lpis_enabled;
		img->vcpu[v].reserved = 0;
		if (vm->vcpu[v].lpis_enabled)
			failures += pend_store(vm, v, false);
	}
	return failures ? ITS_ERR_FAULT : ITS_OK;
}

int its_vm_restore(struct its_vm *vm, const struct its_vm_image *img)
{
	const struct its_env *env = &vm->env;
	uint32_t count = vm->vcpu_count;

	if (img->version != ITS_VM_IMAGE_VERSION)
		return ITS_ERR_ABI;
	if (img->vcpu_count != count || (img->propbaser & ~PROPBASER_WRITABLE))
		return ITS_ERR_REGS;
	uint32_t limit = lpi_limit_of(img->propbaser);
	uint32_t n = chunks_in_range(limit);
	for (uint32_t v = 0; v < count; v++) {
		const struct its_vm_image_vcpu *iv = &img->vcpu[v];
		if ((iv->pendbaser & ~PENDBASER_WRITABLE) || iv->lpis_enabled > 1 ||
		    iv->reserved)
			return ITS_ERR_REGS;
		if (iv->lpis_enabled && !lpi_tables_in_ram(vm, img->propbaser, iv->pendbaser))
			return ITS_ERR_FAULT;
	}

	/* Phase 1, may fail: read every pending table, allocate storage. */
	size_t buf_bytes = (size_t)n * CHUNK_PEND_BYTES;
	size_t aux_bytes = count * (sizeof(uint64_t) + sizeof(bool));
	uint8_t *buf = n ? env->alloc(env->ctx, buf_bytes) : NULL;
	uint8_t *aux = env->alloc(env->ctx, aux_bytes);
	bool fresh[ITS_LPI_CHUNKS];
	int ret = ITS_OK;
	if ((n && !buf) || !aux) {
		ret = ITS_ERR_NOMEM;
		goto out;
	}
	uint64_t *pendbaser = (uint64_t *)aux;
	bool *load = (bool *)(aux + count * sizeof(uint64_t));
	for (uint32_t v = 0; v < count; v++) {
		pendbaser[v] = img->vcpu[v].pendbaser;
		load[v] = n && img->vcpu[v].lpis_enabled &&
			  !(img->vcpu[v].pendbaser & PENDBASER_PTZ);
	}
	ret = pend_prepare(vm, pendbaser, load, n, buf, fresh);
	if (ret)
		goto out;

	/* Phase 2, cannot fail: replace the state. */
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++)
		for (uint32_t i = 0; vm->chunk[c] && i < CHUNK_LPIS; i++)
			its_lpi_clear_pending(vm, ITS_LPI_BASE + c * CHUNK_LPIS + i);
	vm->propbaser = img->propbaser;
	vm->lpi_limit = limit;
	vm->lpi_enabled_count = 0;
	for (uint32_t v = 0; v < count; v++) {
		vm->vcpu[v].pendbaser = img->vcpu[v].pendbaser & ~PENDBASER_PTZ;
		vm->vcpu[v].lpis_enabled = img->vcpu[v].lpis_enabled;
		vm->lpi_enabled_count += img->vcpu[v].lpis_enabled;
	}
	its_lpi_reload_all(vm);
	/* Lowest vCPU wins an LPI whose bit is set in several tables. */
	for (uint32_t v = 0; v < count; v++) {
		if (!load[v])
			continue;
		if (pend_read(vm, pendbaser[v], n, buf)) {
			its_log(env, ITS_LOG_ERROR, "its: pending table vanished", v, 0);
			continue;
		}
		pend_apply(vm, v, n, buf);
	}
out:
	if (buf)
		env->free(env->ctx, buf, buf_bytes);
	if (aux)
		env->free(env->ctx, aux, aux_bytes);
	return ret;
}

uint64_t its_vm_digest(const struct its_vm *vm)
{
	uint64_t h = its_mix64(vm->propbaser ^ 0x1234);
	for (uint32_t v = 0; v < vm->vcpu_count; v++)
		h += its_mix64(((uint64_t)v << 48) ^ (vm->vcpu[v].pendbaser & ~PENDBASER_PTZ) ^
			       ((uint64_t)vm->vcpu[v].lpis_enabled << 1) ^ 0x5555);
	for (uint32_t c = 0; c < ITS_LPI_CHUNKS; c++)
		for (uint32_t i = 0; vm->chunk[c] && i < CHUNK_LPIS; i++)
			if (vm->chunk[c][i].flags & LPI_PENDING)
				h += its_mix64(((uint64_t)(ITS_LPI_BASE + c * CHUNK_LPIS + i) << 20) ^
					       vm->chunk[c][i].vcpu ^ 0xabcdef0000000000ull);
	return h;
}
