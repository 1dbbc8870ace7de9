/* Unit test of the QEMU command the armhv command runs: module
 * placement, the QEMU argv, shell quoting and the -m value.
 * Built with ASan/UBSan (make unit-armhv_cmd_qemu_cmd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "armhv_cmd.h"
#include "opts.h"
#include "qemu_cmd.h"

static void test_place_modules(void)
{
	struct armhv_module m[3];
	char err[256];

	memset(m, 0, sizeof(m));
	snprintf(m[0].name, sizeof(m[0].name), "alpha");
	snprintf(m[1].name, sizeof(m[1].name), "beta");
	snprintf(m[2].name, sizeof(m[2].name), "gamma");
	m[0].size = 5000;
	m[1].size = 3 * MIB + 7;
	m[2].size = 2 * MIB;
	CHECK(armhv_place_modules(m, 3, GIB, err, sizeof(err)) == 0);
	/* RAM base + 128 MiB + the 2 MiB QEMU keeps for its DTB. */
	CHECK(m[0].addr_pa == 0x48200000);
	CHECK(m[1].addr_pa == 0x48400000);
	CHECK(m[2].addr_pa == 0x48800000);
	CHECK(armhv_place_modules(m, 0, GIB, err, sizeof(err)) == 0);

	/* Exactly up to RAM top - 16 MiB fits; one byte more does not. */
	m[0].size = 256 * MIB - 16 * MIB - 130 * MIB;
	CHECK(armhv_place_modules(m, 1, 256 * MIB, err, sizeof(err)) == 0);
	m[0].size++;
	CHECK(armhv_place_modules(m, 1, 256 * MIB, err, sizeof(err)) == -1);
	CHECK(strstr(err, "alpha") && strstr(err, "--mem"));
	/* The second one is refused, by name. */
	m[0].size = 100 * MIB;
	m[1].size = 20 * MIB;
	CHECK(armhv_place_modules(m, 2, 256 * MIB, err, sizeof(err)) == -1);
	CHECK(strstr(err, "beta") != NULL);
	/* With 128 MiB of RAM nothing fits. */
	m[0].size = 1;
	CHECK(armhv_place_modules(m, 1, 128 * MIB, err, sizeof(err)) == -1);
	/* Large RAM, large module: no overflow. */
	m[0].size = 7 * GIB;
	CHECK(armhv_place_modules(m, 1, 8 * GIB, err, sizeof(err)) == 0);
	m[0].size = UINT64_MAX - 10;
	CHECK(armhv_place_modules(m, 1, 8 * GIB, err, sizeof(err)) == -1);
}

static int argv_index(const struct armhv_argv *a, const char *s)
{
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->v[i], s) == 0)
			return (int)i;
	return -1;
}

static void test_qemu_argv(void)
{
	struct armhv_opts o;
	struct armhv_argv a;
	char err[256], *line;
	int i;

	CHECK(parse(&o, err, "run", "--smp", "2", "--mem", "1536M",
		    "--no-reboot", "--module", "alpha=a,b.bin", "--",
		    "-machine", "virtualization=off", NULL) == 0);
	o.modules[0].size = 10;
	CHECK(armhv_place_modules(o.modules, 1, o.mem_size, err,
				  sizeof(err)) == 0);
	CHECK(armhv_qemu_argv(&o, "fake-qemu", "img.bin", true, &a) == 0);
	CHECK_STR(a.v[0], "fake-qemu");
	CHECK(a.v[a.count] == NULL);
	i = argv_index(&a, "-machine");
	CHECK(i > 0 && strcmp(a.v[i + 1],
			      "virt,virtualization=on,gic-version=3") == 0);
	i = argv_index(&a, "-cpu");
	CHECK(i > 0 && strcmp(a.v[i + 1], "max,pauth-impdef=on") == 0);
	i = argv_index(&a, "-smp");
	CHECK(i > 0 && strcmp(a.v[i + 1], "2") == 0);
	i = argv_index(&a, "-m");
	CHECK(i > 0 && strcmp(a.v[i + 1], "1536M") == 0);
	i = argv_index(&a, "-nic");
	CHECK(i > 0 && strcmp(a.v[i + 1], "none") == 0);
	i = argv_index(&a, "-kernel");
	CHECK(i > 0 && strcmp(a.v[i + 1], "img.bin") == 0);
	i = argv_index(&a, "-serial");
	CHECK(i > 0 && strcmp(a.v[i + 1], "stdio") == 0);
	i = argv_index(&a, "-monitor");
	CHECK(i > 0 && strcmp(a.v[i + 1], "none") == 0);
	i = argv_index(&a, "-display");
	CHECK(i > 0 && strcmp(a.v[i + 1], "none") == 0);
	CHECK(argv_index(&a, "-nographic") < 0);
	CHECK(argv_index(&a, "-no-reboot") > 0);
	i = argv_index(&a, "-device");
	CHECK(i > 0 && strcmp(a.v[i + 1], "guest-loader,addr=0x48200000,"
			      "kernel=a,,b.bin,bootargs=armhv.module=alpha")
	      == 0);
	/* The extra arguments come last, so the later -machine wins. */
	CHECK_STR(a.v[a.count - 2], "-machine");
	CHECK_STR(a.v[a.count - 1], "virtualization=off");

	line = armhv_shell_join(a.v, a.count);
	CHECK(line != NULL);
	CHECK(strncmp(line, "fake-qemu -machine virt,virtualization=on,"
		      "gic-version=3 -cpu max,pauth-impdef=on -smp 2 -m 1536M "
		      "-nic none -kernel img.bin", 103) == 0);
	free(line);
	armhv_argv_free(&a);

	/* Interactive: -nographic, no plain stdio serial, no -no-reboot. */
	CHECK(parse(&o, err, "run", "--no-vm", NULL) == 0);
	CHECK(armhv_qemu_argv(&o, "q", "build/armhv.bin", false, &a) == 0);
	CHECK(argv_index(&a, "-nographic") > 0);
	CHECK(argv_index(&a, "-serial") < 0);
	CHECK(argv_index(&a, "-no-reboot") < 0);
	CHECK(argv_index(&a, "-device") < 0);
	i = argv_index(&a, "-m");
	CHECK(i > 0 && strcmp(a.v[i + 1], "1G") == 0);
	i = argv_index(&a, "-smp");
	CHECK(i > 0 && strcmp(a.v[i + 1], "4") == 0);
	CHECK_STR(a.v[a.count - 1], "-nographic");
	CHECK(argv_index(&a, "-drive") < 0);
	CHECK(argv_index(&a, "-global") < 0);
	armhv_argv_free(&a);

	/* --snapshot-disk: a modern virtio-blk device on the transport at the
	 * lowest address, the file's commas doubled; before the extra
	 * arguments, which may add more. */
	CHECK(parse(&o, err, "run", "--no-vm", "--snapshot-disk", "/d/s,1.img", "--",
		    "-name", "x", NULL) == 0);
	CHECK(armhv_qemu_argv(&o, "q", "build/armhv.bin", true, &a) == 0);
	i = argv_index(&a, "-global");
	CHECK(i > 0 && strcmp(a.v[i + 1], "virtio-mmio.force-legacy=false") == 0);
	i = argv_index(&a, "-drive");
	CHECK(i > 0 && strcmp(a.v[i + 1],
			      "if=none,id=armhv-snapshot,file=/d/s,,1.img,format=raw") == 0);
	i = argv_index(&a, "-device");
	CHECK(i > 0 && strcmp(a.v[i + 1], "virtio-blk-device,drive=armhv-snapshot,"
			      "bus=virtio-mmio-bus.0") == 0);
	CHECK(i < argv_index(&a, "-name"));
	CHECK_STR(a.v[a.count - 1], "x");
	armhv_argv_free(&a);
}

static void check_join(const char *expect, const char *w0, const char *w1)
{
	char *argv[] = { (char *)w0, (char *)w1 };
	char *line = armhv_shell_join(argv, 2);

	CHECK_STR(line, expect);
	free(line);
}

static void test_shell_join(void)
{
	char mem[16];

	check_join("a b", "a", "b");
	check_join("-x 'a b'", "-x", "a b");
	check_join("'' x", "", "x");
	check_join("x 'it'\\''s'", "x", "it's");
	check_join("x '$HOME'", "x", "$HOME");
	check_join("x 'a*'", "x", "a*");
	check_join("k=v,w /a/b:c@d%e+f", "k=v,w", "/a/b:c@d%e+f");
	armhv_mem_arg(GIB, mem, sizeof(mem));
	CHECK_STR(mem, "1G");
	armhv_mem_arg(8 * GIB, mem, sizeof(mem));
	CHECK_STR(mem, "8G");
	armhv_mem_arg(1536 * MIB, mem, sizeof(mem));
	CHECK_STR(mem, "1536M");
	armhv_mem_arg(128 * MIB, mem, sizeof(mem));
	CHECK_STR(mem, "128M");
}

int main(void)
{
	RUN(test_place_modules);
	RUN(test_qemu_argv);
	RUN(test_shell_join);
	return check_summary("armhv_cmd_qemu_cmd_test");
}
