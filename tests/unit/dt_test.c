/* Host tests for device-tree parsing: QEMU's virt tree, variants that must
 * be refused with a clear reason, and corrupted blobs. */
#include <dt/machine.h>
#include "check.h"
#include <libfdt.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *dir;

static void *load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	void *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir, name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void test_qemu_virt(void)
{
	struct machine m;
	char err[160] = "";
	size_t size;
	void *fdt = load("qemu-virt", &size);

	CHECK_EQ(machine_parse(fdt, size, &m, err, sizeof(err)), 0);
	CHECK_EQ(m.mem_count, 1);
	CHECK_EQ(pa_addr(m.mem[0].base), 0x40000000);
	CHECK_EQ(m.mem[0].size, 0x40000000);
	CHECK_EQ(m.cpu_count, 2);
	CHECK_EQ(m.cpu_mpidr[0], 0);
	CHECK_EQ(m.cpu_mpidr[1], 1);
	CHECK_EQ(m.psci, PSCI_SMC);
	CHECK_EQ(pa_addr(m.uart.base), 0x9000000);
	CHECK_EQ(m.uart.size, 0x1000);
	CHECK_EQ(m.uart_spi, 1);
	CHECK_EQ(pa_addr(m.gicd.base), 0x8000000);
	CHECK_EQ(m.gicr_count, 1);
	CHECK_EQ(pa_addr(m.gicr[0].base), 0x80a0000);
	CHECK_EQ(m.gicr[0].size, 0xf60000);
	CHECK_EQ(m.its_count, 1);
	CHECK_EQ(pa_addr(m.its[0].base), 0x8080000);
	CHECK(strcmp(m.bootargs, "console=hvc0 quiet") == 0);
	CHECK_EQ(m.module_count, 2);
	CHECK(strcmp(m.modules[0].name, "linux") == 0);
	CHECK_EQ(pa_addr(m.modules[0].pa), 0x50000000);
	CHECK_EQ(m.modules[0].size, 0x123456);
	/* Sorted by address; the unnamed one was first in the tree. */
	CHECK(strcmp(m.modules[1].name, "module0") == 0);
	CHECK_EQ(pa_addr(m.modules[1].pa), 0x51000000);
	/* 32 virtio-mmio transports, 0x200 apart from 0x0a000000, SPIs 16.. */
	CHECK_EQ(m.virtio_count, 32);
	CHECK_EQ(m.virtio_ignored, 0);
	for (unsigned i = 0; i < m.virtio_count; i++) {
		CHECK_EQ(pa_addr(m.virtio[i].base), 0xa000000 + 0x200 * i);
		CHECK_EQ(m.virtio[i].size, 0x200);
		CHECK_EQ(m.virtio[i].spi, 16 + i);
		CHECK(m.virtio[i].dma_coherent);
	}
	free(fdt);
}

/* Odd virtio-mmio nodes: sorted by address, the lowest 32 kept, the
 * disabled one skipped, the malformed and too small ones ignored (and
 * counted), none of it stopping the boot. */
static void test_virtio_odd(void)
{
	struct machine m;
	char err[160] = "";
	size_t size;
	void *fdt = load("virtio-odd", &size);

	CHECK_EQ(machine_parse(fdt, size, &m, err, sizeof(err)), 0);
	CHECK_EQ(m.virtio_count, 32);
	/* 29 usable from QEMU's 32 and 4 added: 32 kept, 3 ignored (the
	 * short and the malformed reg, and the highest, 0xa003e00). */
	CHECK_EQ(m.virtio_ignored, 3);
	CHECK_EQ(pa_addr(m.virtio[0].base), 0x9f00000);
	CHECK_EQ(m.virtio[0].spi, UINT32_MAX);
	CHECK(!m.virtio[0].dma_coherent);
	CHECK_EQ(pa_addr(m.virtio[1].base), 0x9f00200);
	CHECK(!m.virtio[1].dma_coherent);
	CHECK_EQ(pa_addr(m.virtio[2].base), 0x9f00400);
	CHECK_EQ(m.virtio[2].spi, 0x31);
	CHECK(m.virtio[2].dma_coherent);
	CHECK_EQ(pa_addr(m.virtio[3].base), 0x9f00600);
	CHECK_EQ(pa_addr(m.virtio[4].base), 0xa000000);
	CHECK_EQ(pa_addr(m.virtio[5].base), 0xa000200);
	CHECK(!m.virtio[5].dma_coherent);
	CHECK_EQ(pa_addr(m.virtio[6].base), 0xa000a00);
	CHECK_EQ(pa_addr(m.virtio[31].base), 0xa003c00);
	for (unsigned i = 1; i < m.virtio_count; i++)
		CHECK(pa_lt(m.virtio[i - 1].base, m.virtio[i].base));
	free(fdt);
}

static void expect_refused(const char *name, const char *reason_part)
{
	struct machine m;
	char err[160] = "";
	size_t size;
	void *fdt = load(name, &size);

	CHECK_EQ(machine_parse(fdt, size, &m, err, sizeof(err)), -EINVAL);
	if (!strstr(err, reason_part)) {
		fprintf(stderr, "%s: reason '%s' lacks '%s'\n", name, err, reason_part);
		CHECK(0);
	}
	free(fdt);
}

static void test_corrupted_blobs(void)
{
	struct machine m;
	char err[160];
	size_t size;
	unsigned char *fdt = load("qemu-virt", &size), *copy = malloc(size);
	uint32_t off_struct = fdt_off_dt_struct(fdt);

	/* Bad magic. */
	memcpy(copy, fdt, size);
	copy[0] ^= 0xff;
	CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	/* Buffer shorter than the header's total size. */
	CHECK_EQ(machine_parse(fdt, size / 2, &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "larger than its buffer") != NULL);
	CHECK_EQ(machine_parse(fdt, 8, &m, err, sizeof(err)), -EINVAL);
	/* An ancient format version (libfdt 1.6.1 crashes checking some). */
	memcpy(copy, fdt, size);
	((fdt32_t *)copy)[5] = cpu_to_fdt32(5);
	((fdt32_t *)copy)[6] = cpu_to_fdt32(3);
	CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "too old") != NULL);
	/* Structure offset pointing outside the blob. */
	memcpy(copy, fdt, size);
	((fdt32_t *)copy)[2] = cpu_to_fdt32(0x7fffff00);
	CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	/* Garbage tokens inside the structure block: every byte flipped in
	 * turn must give a clean answer (accept or refuse), never a crash;
	 * ASan checks the "never reads outside". */
	for (size_t i = off_struct; i < off_struct + 2048 && i < size; i += 3) {
		memcpy(copy, fdt, size);
		copy[i] ^= 0x5a;
		(void)machine_parse(copy, size, &m, err, sizeof(err));
	}
	free(copy);
	free(fdt);
}

/* Lengths and tags that make libfdt 1.6.1 loop forever or read outside
 * the tree (its walk trusts them): each is refused, quickly, with a
 * reason. A hang here ends the test by SIGALRM (see main). */
static void test_hostile_structure(void)
{
	static const uint32_t lens[] = { 0xfffffff4, 0xfffffff8, 0xfffffffc, 0xffffffff,
					 0x80000000, 0x7ffffffc, 0x10000 };
	static const uint32_t words[] = { 0xfffffff4, 0, FDT_BEGIN_NODE, FDT_END_NODE,
					  FDT_PROP, FDT_NOP, FDT_END, 0x7 };
	struct machine m;
	char err[160] = "";
	size_t size;
	unsigned char *fdt = load("bad-cpu-dup", &size), *copy = malloc(size);
	uint32_t off_struct = fdt_off_dt_struct(fdt), prop_offs[1024];
	unsigned n_props = 0;
	int off = 0, next, tag;

	/* The reproducer: the root's first property (at byte 68 of
	 * this tree, its length field) made to point 12 bytes back. */
	CHECK_EQ(fdt32_ld((const fdt32_t *)(fdt + off_struct + 8)), FDT_PROP);
	CHECK_EQ(off_struct + 12, 68);
	memcpy(copy, fdt, size);
	memcpy(copy + 68, "\xff\xff\xff\xf4", 4);
	CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "device tree: structure block: property at 0x8 has length 0xfffffff4") != NULL);
	/* ... and the refusal can still be printed: the PL011 node is intact. */
	CHECK_EQ(pa_addr(m.uart.base), 0x9000000);

	/* Every property's length, every word of the structure block. */
	while ((tag = fdt_next_tag(fdt, off, &next)) != FDT_END && n_props < 1024) {
		if (tag == FDT_PROP)
			prop_offs[n_props++] = (uint32_t)off;
		off = next;
	}
	CHECK(n_props > 100);
	for (unsigned i = 0; i < n_props; i++) {
		for (size_t j = 0; j < ARRAY_SIZE(lens); j++) {
			memcpy(copy, fdt, size);
			((fdt32_t *)(void *)(copy + off_struct + prop_offs[i]))[1] = cpu_to_fdt32(lens[j]);
			err[0] = 0;
			if (machine_parse(copy, size, &m, err, sizeof(err)) == 0)
				continue;	/* a length that happens to land on a tag */
			CHECK(err[0] != 0);
		}
		memcpy(copy, fdt, size);
		((fdt32_t *)(void *)(copy + off_struct + prop_offs[i]))[2] = cpu_to_fdt32(0x7ffffff0);
		CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	}
	for (uint32_t i = off_struct; i + 4 <= off_struct + fdt_size_dt_struct(fdt); i += 4) {
		for (size_t j = 0; j < ARRAY_SIZE(words); j++) {
			memcpy(copy, fdt, size);
			((fdt32_t *)(void *)(copy + i))[0] = cpu_to_fdt32(words[j]);
			(void)machine_parse(copy, size, &m, err, sizeof(err));
		}
	}
	/* A structure block that ends inside a node, and one without FDT_END. */
	memcpy(copy, fdt, size);
	((fdt32_t *)(void *)copy)[9] = cpu_to_fdt32(fdt_size_dt_struct(fdt) - 8);
	CHECK_EQ(machine_parse(copy, size, &m, err, sizeof(err)), -EINVAL);
	free(copy);
	free(fdt);
}

/* A tree as large as armhv maps (2 MiB) made of many small nodes: parsing
 * takes one pass or a few, not one per node (that took minutes on a host:
 * a boot that never ends is a hang too). */
static void test_many_nodes(void)
{
	const size_t size = 2u << 20;
	char *fdt = malloc(size), err[160] = "";
	fdt64_t mem[2] = { cpu_to_fdt64(0x40000000), cpu_to_fdt64(0x40000000) };
	fdt64_t uart[2] = { cpu_to_fdt64(0x9000000), cpu_to_fdt64(0x1000) };
	fdt64_t gic[4] = { cpu_to_fdt64(0x8000000), cpu_to_fdt64(0x10000),
			   cpu_to_fdt64(0x80a0000), cpu_to_fdt64(0xf60000) };
	struct timespec t0, t1;
	struct machine m;
	unsigned n = 0;
	char name[32];
	double secs;

	CHECK_EQ(fdt_create(fdt, (int)size), 0);
	CHECK_EQ(fdt_finish_reservemap(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, ""), 0);
	CHECK_EQ(fdt_property_u32(fdt, "#address-cells", 2), 0);
	CHECK_EQ(fdt_property_u32(fdt, "#size-cells", 2), 0);
	CHECK_EQ(fdt_begin_node(fdt, "memory@40000000"), 0);
	CHECK_EQ(fdt_property_string(fdt, "device_type", "memory"), 0);
	CHECK_EQ(fdt_property(fdt, "reg", mem, sizeof(mem)), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, "pl011@9000000"), 0);
	CHECK_EQ(fdt_property_string(fdt, "compatible", "arm,pl011"), 0);
	CHECK_EQ(fdt_property(fdt, "reg", uart, sizeof(uart)), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, "psci"), 0);
	CHECK_EQ(fdt_property_string(fdt, "compatible", "arm,psci-1.0"), 0);
	CHECK_EQ(fdt_property_string(fdt, "method", "smc"), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, "intc@8000000"), 0);
	CHECK_EQ(fdt_property_string(fdt, "compatible", "arm,gic-v3"), 0);
	CHECK_EQ(fdt_property(fdt, "reg", gic, sizeof(gic)), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_begin_node(fdt, "cpus"), 0);
	CHECK_EQ(fdt_property_u32(fdt, "#address-cells", 1), 0);
	CHECK_EQ(fdt_property_u32(fdt, "#size-cells", 0), 0);
	/* CPU nodes until the tree is full: all read, all but 8 ignored. */
	for (;; n++) {
		snprintf(name, sizeof(name), "cpu@%x", n);
		if (fdt_begin_node(fdt, name) || fdt_property_string(fdt, "device_type", "cpu") ||
		    fdt_property_u32(fdt, "reg", n) ||
		    fdt_property_string(fdt, "enable-method", "psci") || fdt_end_node(fdt) ||
		    fdt_size_dt_struct(fdt) + 4096 > size - 4096)
			break;
	}
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_end_node(fdt), 0);
	CHECK_EQ(fdt_finish(fdt), 0);
	CHECK(n > 20000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(machine_parse(fdt, size, &m, err, sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("dt: %u cpu nodes in %u KiB parsed in %.3f s\n", n + 1, fdt_totalsize(fdt) / 1024, secs);
	CHECK(secs < 5.0);
	CHECK_EQ(m.cpu_count, 8);
	CHECK_EQ(m.cpus_ignored, n + 1 - 8);
	free(fdt);
}

/* armhv.* options are whole words: a module's name from armhv.module=
 * only, and bootargs too long for armhv are cut between words, never
 * inside one (armhv.crashkernel=128M cut to =12). */
static void test_bootargs_words(void)
{
	struct machine m;
	char err[160] = "", args[1100];
	size_t size, n = 0;
	void *fdt = load("qemu-virt", &size), *big = malloc(size + 8192);
	int node;

	CHECK_EQ(fdt_open_into(fdt, big, (int)size + 8192), 0);
	node = fdt_path_offset(big, "/chosen/module@51000000");
	CHECK(node > 0);
	CHECK_EQ(fdt_setprop_string(big, node, "bootargs", "xarmhv.module=evil"), 0);
	while (n < 1010)
		n += (size_t)snprintf(args + n, sizeof(args) - n, "word%zu ", n);
	snprintf(args + n, sizeof(args) - n, "armhv.crashkernel=128M");
	CHECK_EQ(fdt_setprop_string(big, fdt_path_offset(big, "/chosen"), "bootargs", args), 0);
	CHECK_EQ(machine_parse(big, (size_t)fdt_totalsize(big), &m, err, sizeof(err)), 0);
	CHECK_EQ(m.module_count, 2);
	CHECK(strcmp(m.modules[0].name, "linux") == 0);
	CHECK(strcmp(m.modules[1].name, "module0") == 0);
	CHECK(m.bootargs_cut);
	CHECK(strlen(m.bootargs) < sizeof(m.bootargs));
	CHECK(strncmp(m.bootargs, args, strlen(m.bootargs)) == 0);
	CHECK(strstr(m.bootargs, "armhv.crashkernel") == NULL);
	CHECK(m.bootargs[strlen(m.bootargs) - 1] != ' ');
	free(big);
	free(fdt);
}

static int add_module(void *fdt, uint64_t pa, uint64_t size, const char *args)
{
	fdt64_t reg[2] = { cpu_to_fdt64(pa), cpu_to_fdt64(size) };
	char name[40];
	int node;

	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)pa);
	node = fdt_add_subnode(fdt, fdt_path_offset(fdt, "/chosen"), name);
	if (node < 0 ||
	    fdt_setprop(fdt, node, "compatible", "multiboot,kernel\0multiboot,module",
			sizeof("multiboot,kernel\0multiboot,module")) ||
	    fdt_setprop(fdt, node, "reg", reg, size ? sizeof(reg) : 12) ||
	    (args && fdt_setprop_string(fdt, node, "bootargs", args)))
		return -1;
	return 0;
}

/* More modules than armhv keeps, a malformed one, two with one name:
 * armhv boots, keeps the 16 at the lowest addresses, and names what it
 * ignores and why (a 17th module made armhv refuse to run). */
static void test_modules_ignored(void)
{
	struct machine m;
	char err[160] = "", args[40];
	size_t size;
	void *fdt = load("qemu-virt", &size), *big = malloc(size + 16384);

	/* The tree has linux at 0x50000000 and module0 at 0x51000000; 17
	 * more below them make 19: those two and the highest new one go. */
	CHECK_EQ(fdt_open_into(fdt, big, (int)size + 16384), 0);
	for (unsigned i = 0; i < 17; i++) {
		snprintf(args, sizeof(args), "armhv.module=m%u", i);
		/* Given in a shuffled order: the lowest addresses are kept. */
		CHECK_EQ(add_module(big, 0x4c000000ULL + ((i * 7) % 17) * 0x200000, 0x1000, args), 0);
	}
	CHECK_EQ(machine_parse(big, (size_t)fdt_totalsize(big), &m, err, sizeof(err)), 0);
	CHECK_EQ(m.module_count, 16);
	CHECK_EQ(m.modules_ignored_count, 3);
	for (unsigned i = 0; i < m.module_count; i++) {
		CHECK(pa_addr(m.modules[i].pa) < 0x4e000000);
		CHECK(i == 0 || pa_lt(m.modules[i - 1].pa, m.modules[i].pa));
	}
	for (unsigned i = 0; i < m.modules_ignored_count; i++) {
		CHECK(pa_addr(m.modules_ignored[i].mod.pa) >= 0x4e000000);
		CHECK(strstr(m.modules_ignored[i].why, "more than 16 modules") != NULL);
	}
	/* A malformed reg and a name taken: those are ignored, not refused. */
	CHECK_EQ(fdt_open_into(fdt, big, (int)size + 16384), 0);
	CHECK_EQ(add_module(big, 0x52000000, 0x1000, "armhv.module=linux"), 0);
	CHECK_EQ(add_module(big, 0x53000000, 0, "armhv.module=broken"), 0);
	CHECK_EQ(machine_parse(big, (size_t)fdt_totalsize(big), &m, err, sizeof(err)), 0);
	CHECK_EQ(m.module_count, 2);
	CHECK_EQ(m.modules_ignored_count, 2);
	CHECK(strcmp(m.modules[0].name, "linux") == 0 && pa_addr(m.modules[0].pa) == 0x50000000);
	CHECK(pa_addr(m.modules[1].pa) == 0x51000000);
	for (unsigned i = 0; i < m.modules_ignored_count; i++) {
		const struct machine_module_ignored *g = &m.modules_ignored[i];

		if (strcmp(g->mod.name, "broken") == 0)
			CHECK(strcmp(g->why, "malformed reg") == 0);
		else
			CHECK(strstr(g->why, "has this name") != NULL && pa_addr(g->mod.pa) == 0x52000000);
	}
	free(big);
	free(fdt);
}

/* /chosen linux,initrd-start/-end (the boot bundle, dt/cpio.c): 4 or 8
 * bytes each, as Linux reads them; anything else is left out with why, and
 * never stops the boot. Modules from the tree say where they came from. */
static void test_initrd(void)
{
	static const struct {
		unsigned start_len, end_len;
		uint64_t start, end;
		uint64_t want_size;	/* 0: ignored */
	} cases[] = {
		{ 8, 8, 0x48000000, 0x48001000, 0x1000 },
		{ 4, 4, 0x48000000, 0x48000200, 0x200 },
		{ 4, 8, 0x48000000, 0x48000200, 0x200 },
		{ 8, 8, 0x48001000, 0x48001000, 0 },	/* empty */
		{ 8, 8, 0x48001000, 0x48000000, 0 },	/* backwards */
		{ 8, 0, 0x48000000, 0, 0 },		/* no end */
		{ 2, 8, 0x48000000, 0x48001000, 0 },	/* 2 bytes */
		{ 8, 8, 0x48000000, UINT64_MAX, 0 },	/* wraps when rounded */
	};
	size_t size;
	void *fdt = load("qemu-virt", &size), *big = malloc(size + 1024);

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		struct machine m;
		char err[160];
		int chosen;
		fdt64_t s64 = cpu_to_fdt64(cases[i].start), e64 = cpu_to_fdt64(cases[i].end);
		fdt32_t s32 = cpu_to_fdt32((uint32_t)cases[i].start), e32 = cpu_to_fdt32((uint32_t)cases[i].end);

		CHECK_EQ(fdt_open_into(fdt, big, (int)size + 1024), 0);
		chosen = fdt_path_offset(big, "/chosen");
		if (cases[i].start_len)
			CHECK_EQ(fdt_setprop(big, chosen, "linux,initrd-start",
					     cases[i].start_len == 4 ? (void *)&s32 : (void *)&s64,
					     (int)cases[i].start_len), 0);
		if (cases[i].end_len)
			CHECK_EQ(fdt_setprop(big, chosen, "linux,initrd-end",
					     cases[i].end_len == 4 ? (void *)&e32 : (void *)&e64,
					     (int)cases[i].end_len), 0);
		CHECK_EQ(machine_parse(big, (size_t)fdt_totalsize(big), &m, err, sizeof(err)), 0);
		CHECK_EQ(m.initrd.size, cases[i].want_size);
		if (cases[i].want_size) {
			CHECK_EQ(pa_addr(m.initrd.base), cases[i].start);
			CHECK(m.initrd_why == NULL);
		} else {
			CHECK(m.initrd_why != NULL);
		}
		CHECK_EQ(m.modules[0].from, MODULE_FROM_DT);
	}
	free(big);
	free(fdt);
}

int main(int argc, char **argv)
{
	/* A hostile tree must not hang the parser: a hang fails the test. */
	alarm(60);
	dir = argc > 1 ? argv[1] : "build/tests/dtb";
	test_qemu_virt();
	expect_refused("bad-no-memory", "no memory node");
	expect_refused("bad-no-psci", "PSCI");
	expect_refused("bad-cpu-no-reg", "malformed reg");
	expect_refused("bad-cpu-dup", "two cpu nodes");
	expect_refused("bad-no-gic", "no GICv3");
	expect_refused("bad-mem-reg", "malformed reg");
	expect_refused("bad-no-uart", "no PL011");
	expect_refused("bad-uart-zero", "not a page-aligned, non-zero address");
	{
		struct machine m;
		char err[160];
		size_t size;
		void *fdt = load("psci-hvc", &size);

		/* Parsing accepts hvc; boot refuses it at EL2 (main.c). */
		CHECK_EQ(machine_parse(fdt, size, &m, err, sizeof(err)), 0);
		CHECK_EQ(m.psci, PSCI_HVC);
		free(fdt);
	}
	test_virtio_odd();
	test_corrupted_blobs();
	test_hostile_structure();
	test_many_nodes();
	test_bootargs_words();
	test_modules_ignored();
	test_initrd();
	return check_summary("dt");
}
