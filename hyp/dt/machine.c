/* Device-tree parsing with libfdt into struct machine. Runs at EL2 and in
 * host unit tests; the blob is untrusted input. */
#include <dt/machine.h>
#include <dt/dt_check.h>
#include <lib/bootargs.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#define FAIL(...) do { snprintf(err, err_size, __VA_ARGS__); return -EINVAL; } while (0)

static bool read_cells(const fdt32_t *p, int cells, uint64_t *out)
{
	if (cells == 1)
		*out = fdt32_ld(p);
	else if (cells == 2)
		*out = ((uint64_t)fdt32_ld(p) << 32) | fdt32_ld(p + 1);
	else
		return false;
	return true;
}

/* Reads entry idx of node's reg, sized by the cells of parent, the node's
 * parent as the caller knows it (finding it again would walk the tree
 * from its start for every node: a tree of many nodes would then take
 * minutes). Returns 0, -ENOENT past the last entry, -EINVAL when
 * malformed. */
static int read_reg(const void *fdt, int parent, int node, int idx,
		    uint64_t *addr, uint64_t *size)
{
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return -EINVAL;
	if (len < 0 || len % (4 * (ac + sc)) != 0)
		return -EINVAL;
	if (idx >= len / (4 * (ac + sc)))
		return -ENOENT;
	reg += idx * (ac + sc);
	if (!read_cells(reg, ac, addr))
		return -EINVAL;
	*size = 0;
	if (sc && !read_cells(reg + ac, sc, size))
		return -EINVAL;
	/* No range may wrap or end in the last page: page rounding of
	 * addr + size must not overflow. */
	if (*addr + *size < *addr || *addr + *size > UINT64_MAX - PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/* read_reg() for a reg that gives physical addresses. */
static int read_range(const void *fdt, int parent, int node, int idx, struct mrange *r)
{
	uint64_t addr, size;
	int ret = read_reg(fdt, parent, node, idx, &addr, &size);

	if (!ret) {
		r->base = pa_init(addr);
		r->size = size;
	}
	return ret;
}

/* The node whose cells size the reg of node's children: node itself, but
 * QEMU's guest loader puts /chosen/module@ nodes under a /chosen without
 * #address-cells/#size-cells, sized like the root. */
static int cells_node(const void *fdt, int node)
{
	if (node > 0 && !fdt_getprop(fdt, node, "#size-cells", NULL) &&
	    node == fdt_path_offset(fdt, "/chosen"))
		return 0;
	return node;
}

static bool node_enabled(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	return !st || len <= 0 || strncmp(st, "okay", (size_t)len) == 0 ||
	       strncmp(st, "ok", (size_t)len) == 0;
}

static bool prop_is(const void *fdt, int node, const char *name, const char *val)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	return p && len > 0 && strnlen(p, (size_t)len) == strlen(val) &&
	       strcmp(p, val) == 0;
}

static int parse_memory(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int node, i;

	fdt_for_each_subnode(node, fdt, 0) {
		struct mrange r;
		int ret;

		if (!prop_is(fdt, node, "device_type", "memory") || !node_enabled(fdt, node))
			continue;
		for (i = 0; (ret = read_range(fdt, 0, node, i, &r)) == 0; i++) {
			if (r.size == 0)
				continue;
			if (m->mem_count == MACHINE_MAX_MEM)
				FAIL("more than %d memory ranges", MACHINE_MAX_MEM);
			m->mem[m->mem_count++] = r;
		}
		if (ret != -ENOENT)
			FAIL("memory node %s: malformed reg", fdt_get_name(fdt, node, NULL));
	}
	if (m->mem_count == 0)
		FAIL("no memory node");
	return 0;
}

static int add_reserved(struct machine *m, paddr_t base, uint64_t size,
			char *err, size_t err_size)
{
	if (m->reserved_count == MACHINE_MAX_RESERVED)
		FAIL("more than %d reserved ranges", MACHINE_MAX_RESERVED);
	m->reserved[m->reserved_count].base = base;
	m->reserved[m->reserved_count].size = size;
	m->reserved_count++;
	return 0;
}

static int parse_reserved(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int n = fdt_num_mem_rsv(fdt), node, ret;

	if (n < 0)
		FAIL("bad memory reservation block");
	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) < 0 || base + size < base)
			FAIL("bad memory reservation %d", i);
		ret = add_reserved(m, pa_init(base), size, err, err_size);
		if (ret)
			return ret;
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return 0;
	fdt_for_each_subnode(n, fdt, node) {
		struct mrange r;

		if (read_range(fdt, node, n, 0, &r) != 0)
			continue;	/* dynamically placed: nothing to avoid */
		ret = add_reserved(m, r.base, r.size, err, err_size);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_cpus(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	if (cpus < 0)
		FAIL("no /cpus node");
	fdt_for_each_subnode(node, fdt, cpus) {
		uint64_t mpidr, size;

		if (!prop_is(fdt, node, "device_type", "cpu") || !node_enabled(fdt, node))
			continue;
		if (read_reg(fdt, cpus, node, 0, &mpidr, &size) != 0)
			FAIL("cpu node %s: malformed reg", fdt_get_name(fdt, node, NULL));
		if (mpidr & ~0xff00ffffffULL)
			FAIL("cpu node %s: reg 0x%llx is not an MPIDR",
			     fdt_get_name(fdt, node, NULL), (unsigned long long)mpidr);
		for (unsigned i = 0; i < m->cpu_count; i++)
			if (m->cpu_mpidr[i] == mpidr)
				FAIL("two cpu nodes with MPIDR 0x%llx", (unsigned long long)mpidr);
		if (m->cpu_count == NR_CPUS || (m->cpu_count > 0 &&
		    !prop_is(fdt, node, "enable-method", "psci"))) {
			m->cpus_ignored++;
			continue;
		}
		m->cpu_mpidr[m->cpu_count++] = mpidr;
	}
	if (m->cpu_count == 0)
		FAIL("no cpu nodes");
	return 0;
}

static int parse_psci(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		FAIL("no PSCI 0.2 or later node");
	if (prop_is(fdt, node, "method", "smc"))
		m->psci = PSCI_SMC;
	else if (prop_is(fdt, node, "method", "hvc"))
		m->psci = PSCI_HVC;
	else
		FAIL("PSCI node has no valid method");
	return 0;
}

static int parse_gic(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), sub, len, parent;
	const fdt32_t *prop;
	uint32_t regions = 1;

	if (node < 0)
		FAIL("no GICv3 node");
	prop = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	if (prop && len == 4)
		regions = fdt32_ld(prop);
	if (regions < 1 || regions > MACHINE_MAX_GICR)
		FAIL("GICv3: %u redistributor regions not supported", regions);
	parent = cells_node(fdt, fdt_parent_offset(fdt, node));
	if (read_range(fdt, parent, node, 0, &m->gicd) != 0 || m->gicd.size < 0x10000)
		FAIL("GICv3: malformed distributor reg");
	for (uint32_t i = 0; i < regions; i++)
		if (read_range(fdt, parent, node, (int)i + 1, &m->gicr[i]) != 0 ||
		    m->gicr[i].size < 0x20000)
			FAIL("GICv3: malformed redistributor region %u", i);
	m->gicr_count = regions;
	fdt_for_each_subnode(sub, fdt, node) {
		if (fdt_node_check_compatible(fdt, sub, "arm,gic-v3-its") != 0 ||
		    !node_enabled(fdt, sub))
			continue;
		if (m->its_count == MACHINE_MAX_ITS)
			FAIL("more than %d ITS nodes", MACHINE_MAX_ITS);
		if (read_range(fdt, node, sub, 0, &m->its[m->its_count]) != 0)
			FAIL("ITS node: malformed reg");
		m->its_count++;
	}
	return 0;
}

static int parse_uart(const void *fdt, struct machine *m, char *err, size_t err_size)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node = -1, len;
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	const fdt32_t *irq;

	if (path && len > 0 && strnlen(path, (size_t)len) < (size_t)len) {
		const char *colon = strchr(path, ':');

		node = fdt_path_offset_namelen(fdt, path,
					       colon ? (int)(colon - path) : (int)strlen(path));
		if (node >= 0 && fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
			node = -1;
	}
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0)
		FAIL("no PL011 UART");
	if (read_range(fdt, cells_node(fdt, fdt_parent_offset(fdt, node)), node, 0, &m->uart) != 0 ||
	    m->uart.size < 0x1000)
		FAIL("PL011: malformed reg");
	if (!pa_addr(m->uart.base) || !pa_is_aligned(m->uart.base, PAGE_SIZE))
		FAIL("PL011 at 0x%llx: not a page-aligned, non-zero address",
		     (unsigned long long)pa_addr(m->uart.base));
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (irq && len >= 12 && fdt32_ld(irq) == 0)
		m->uart_spi = fdt32_ld(irq + 1);
	else
		m->uart_spi = UINT32_MAX;
	return 0;
}

/* virtio-mmio transports: never refuses. The lowest addresses are kept,
 * so that "the first" transport means the same whatever the tree's order
 * (QEMU's is by address). */
#define VIRTIO_MAX_DEPTH	8	/* deeper transports are not looked for */

static void parse_virtio(const void *fdt, struct machine *m)
{
	/* One walk over the tree, keeping each depth's node: the parent of
	 * every node found, without fdt_parent_offset()'s walk from the root
	 * each time (32 transports made that 3.7 million instructions). */
	int parent[VIRTIO_MAX_DEPTH + 1] = { 0 };
	int node = 0, depth = 0, len;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0 && depth >= 0) {
		struct machine_virtio v;
		const fdt32_t *irq;
		struct mrange r;
		unsigned i;

		if (depth > VIRTIO_MAX_DEPTH)
			continue;
		parent[depth] = node;
		if (depth < 1 || fdt_node_check_compatible(fdt, node, "virtio,mmio") != 0 ||
		    !node_enabled(fdt, node))
			continue;
		if (read_range(fdt, cells_node(fdt, parent[depth - 1]), node, 0, &r) != 0 ||
		    r.size < VIRTIO_MMIO_MIN_SIZE) {
			m->virtio_ignored++;
			continue;
		}
		v.base = r.base;
		v.size = r.size;
		irq = fdt_getprop(fdt, node, "interrupts", &len);
		v.spi = irq && len >= 12 && fdt32_ld(irq) == 0 ? fdt32_ld(irq + 1) : UINT32_MAX;
		v.dma_coherent = fdt_getprop(fdt, node, "dma-coherent", NULL) != NULL;
		if (m->virtio_count == MACHINE_MAX_VIRTIO) {
			m->virtio_ignored++;
			if (pa_le(m->virtio[MACHINE_MAX_VIRTIO - 1].base, v.base))
				continue;
			m->virtio_count--;
		}
		for (i = m->virtio_count; i > 0 && pa_lt(v.base, m->virtio[i - 1].base); i--)
			m->virtio[i] = m->virtio[i - 1];
		m->virtio[i] = v;
		m->virtio_count++;
	}
}

/* A module's name comes from the word armhv.module=NAME in its bootargs
 * (len bytes at args, NULL if none). */
static void module_name(const char *args, int len, unsigned idx, char *name)
{
	const char *v;
	size_t n;

	if (args && len > 0 && bootargs_find(args, (size_t)len, "armhv.module", &v, &n) && n) {
		if (n > MODULE_NAME_MAX - 1)
			n = MODULE_NAME_MAX - 1;
		memcpy(name, v, n);
		name[n] = 0;
		return;
	}
	snprintf(name, MODULE_NAME_MAX, "module%u", idx);
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define TOO_MANY "more than " STR(MACHINE_MAX_MODULES) " modules (armhv keeps the " \
	STR(MACHINE_MAX_MODULES) " at the lowest addresses)"

static void ignore_module(struct machine *m, const struct machine_module *mod, const char *why)
{
	if (m->modules_ignored_count < MACHINE_MAX_IGNORED) {
		m->modules_ignored[m->modules_ignored_count].mod = *mod;
		m->modules_ignored[m->modules_ignored_count].why = why;
	}
	m->modules_ignored_count++;
}

/* linux,initrd-start/-end: one or two cells each, as Linux reads them. */
static bool read_u32_or_u64(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	return read_cells(p, len / 4, out);
}

static void parse_initrd(const void *fdt, int chosen, struct machine *m)
{
	uint64_t start, end;
	bool has_start = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL) != NULL;
	bool has_end = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL) != NULL;

	if (!has_start && !has_end)
		return;
	if (!read_u32_or_u64(fdt, chosen, "linux,initrd-start", &start) ||
	    !read_u32_or_u64(fdt, chosen, "linux,initrd-end", &end)) {
		m->initrd_why = "linux,initrd-start/-end missing or not 4 or 8 bytes";
		return;
	}
	if (end <= start || end > UINT64_MAX - PAGE_SIZE) {
		m->initrd_why = "linux,initrd-end is not above linux,initrd-start";
		return;
	}
	m->initrd.base = pa_init(start);
	m->initrd.size = end - start;
}

/* Never refuses: a module armhv cannot use is ignored, with why. */
static void parse_chosen(const void *fdt, struct machine *m)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node, len, cells;
	unsigned seen = 0;
	const char *args;

	if (chosen < 0)
		return;
	cells = cells_node(fdt, chosen);
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (args && len > 0) {
		size_t n = strnlen(args, (size_t)len);

		/* Too long: the words that fit, none cut in two (a cut
		 * armhv.crashkernel=128M would read as =12). */
		if (n >= sizeof(m->bootargs)) {
			n = sizeof(m->bootargs) - 1;
			while (n && args[n] != ' ' && args[n] != '\t')
				n--;
			m->bootargs_cut = true;
		}
		memcpy(m->bootargs, args, n);
		m->bootargs[n] = 0;
	}
	parse_initrd(fdt, chosen, m);
	fdt_for_each_subnode(node, fdt, chosen) {
		struct machine_module mod = { .from = MODULE_FROM_DT };
		struct mrange r;
		unsigned i;

		if (fdt_node_check_compatible(fdt, node, "multiboot,module") != 0)
			continue;
		args = fdt_getprop(fdt, node, "bootargs", &len);
		module_name(args, len, seen++, mod.name);
		if (read_range(fdt, cells, node, 0, &r) != 0 || r.size == 0) {
			mod.pa = pa_init(0);
			mod.size = 0;
			ignore_module(m, &mod, "malformed reg");
			continue;
		}
		mod.pa = r.base;
		mod.size = r.size;
		mod.from = MODULE_FROM_DT;
		/* The lowest addresses are kept: `armhv run` places modules
		 * in the order given (QEMU adds each guest-loader node in
		 * front of the others). */
		if (m->module_count == MACHINE_MAX_MODULES) {
			struct machine_module *last = &m->modules[MACHINE_MAX_MODULES - 1];

			if (pa_le(last->pa, mod.pa)) {
				ignore_module(m, &mod, TOO_MANY);
				continue;
			}
			ignore_module(m, last, TOO_MANY);
			m->module_count--;
		}
		for (i = m->module_count; i > 0 && pa_lt(mod.pa, m->modules[i - 1].pa); i--)
			m->modules[i] = m->modules[i - 1];
		m->modules[i] = mod;
		m->module_count++;
	}
	/* A name belongs to the module at the lowest address. */
	for (unsigned i = 0; i < m->module_count; i++) {
		for (unsigned j = 0; j < i; j++) {
			if (strcmp(m->modules[i].name, m->modules[j].name) != 0)
				continue;
			ignore_module(m, &m->modules[i], "another module at a lower address has this name");
			memmove(&m->modules[i], &m->modules[i + 1],
				(m->module_count - i - 1) * sizeof(m->modules[0]));
			m->module_count--;
			i--;
			break;
		}
	}
}

int machine_parse(const void *fdt, size_t buf_size, struct machine *m,
		  char *err, size_t err_size)
{
	char why[120];
	int ret;

	memset(m, 0, sizeof(*m));
	if (dt_check(fdt, buf_size, why, sizeof(why))) {
		/* Nothing is read from a refused tree, but its UART, if one
		 * can be found without trusting the rest, lets the caller say
		 * why it stops. */
		m->uart.base = dt_salvage_uart(fdt, buf_size);
		m->uart.size = pa_addr(m->uart.base) ? 0x1000 : 0;
		FAIL("device tree: %s", why);
	}
	/* The UART first: with it, every later error can be reported. */
	if ((ret = parse_uart(fdt, m, err, err_size)) ||
	    (ret = parse_memory(fdt, m, err, err_size)) ||
	    (ret = parse_reserved(fdt, m, err, err_size)) ||
	    (ret = parse_cpus(fdt, m, err, err_size)) ||
	    (ret = parse_psci(fdt, m, err, err_size)) ||
	    (ret = parse_gic(fdt, m, err, err_size)))
		return ret;
	parse_chosen(fdt, m);
	parse_virtio(fdt, m);
	return 0;
}

const char *psci_conduit_name(enum psci_conduit c)
{
	return c == PSCI_SMC ? "smc" : c == PSCI_HVC ? "hvc" : "none";
}

const char *module_source_name(enum module_source from)
{
	return from == MODULE_FROM_INITRD ? "initrd" : "device-tree";
}

const struct machine_module *machine_module(const struct machine *m, const char *name)
{
	for (unsigned i = 0; i < m->module_count; i++)
		if (strcmp(m->modules[i].name, name) == 0)
			return &m->modules[i];
	return NULL;
}
