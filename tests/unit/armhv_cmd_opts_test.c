/* Unit test of the armhv command's options: size values, module names
 * and armhv_parse_args (defaults, limits, syntax errors, modules, the
 * default VMs, the QEMU arguments after --).
 * Built with ASan/UBSan (make unit-armhv_cmd_opts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "armhv_cmd.h"
#include "opts.h"

static uint64_t size_of(const char *text)
{
	uint64_t v = 12345;

	return armhv_parse_size(text, &v) == 0 ? v : 12345;
}

static void test_parse_size(void)
{
	static const char *const bad[] = {
		"", "1X", "G", "-1", " 1G", "1G ", "1.5G", "1GG", "1Gi", "0x10M",
		"99999999999999999999", "17179869184G", "+1G", "1 G",
	};
	uint64_t v;

	CHECK(size_of("1G") == GIB);
	CHECK(size_of("1g") == GIB);
	CHECK(size_of("1GB") == GIB);
	CHECK(size_of("1GiB") == GIB);
	CHECK(size_of("512M") == 512 * MIB);
	CHECK(size_of("65536K") == 64 * MIB);
	CHECK(size_of("2048") == 2048 * MIB);
	CHECK(size_of("8G") == 8 * GIB);
	CHECK(size_of("0K") == 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = armhv_parse_size(bad[i], &v);
		if (rc != -1)
			fprintf(stderr, "size '%s' accepted\n", bad[i]);
		CHECK(rc == -1);
	}
}

static void test_module_name(void)
{
	char long_name[40];

	CHECK(armhv_module_name_valid("alpha", 5));
	CHECK(armhv_module_name_valid("a.b-c_9Z", 8));
	memset(long_name, 'x', sizeof(long_name));
	CHECK(armhv_module_name_valid(long_name, 31));
	CHECK(!armhv_module_name_valid(long_name, 32));
	CHECK(!armhv_module_name_valid("", 0));
	CHECK(!armhv_module_name_valid("a b", 3));
	CHECK(!armhv_module_name_valid("a/b", 3));
	CHECK(!armhv_module_name_valid("a,b", 3));
	CHECK(!armhv_module_name_valid("a=b", 3));
}

static void test_parse_args(void)
{
	struct armhv_opts o;
	char err[256];

	CHECK(parse(&o, err, "run", NULL) == 0);
	CHECK(o.cmd == ARMHV_CMD_RUN);
	/* One default VM of 2 vCPUs: a CPU each and one for the console. */
	CHECK(o.smp_count == 3);
	CHECK(o.mem_size == GIB);
	CHECK(o.vm_count == 1 && o.vm_vcpus == 2 && o.vm_mem_size == 256 * MIB);
	CHECK(!o.vm_kernel && !o.vm_initrd);
	CHECK_STR(o.vm_cmdline, "console=ttyAMA0");
	CHECK(o.timeout_s == 0);
	CHECK(!o.script_path && !o.image_path);
	CHECK(o.module_count == 0 && o.extra_count == 0);
	CHECK(!o.no_vm && !o.no_reboot);
	CHECK(!o.snapshot_disk);
	CHECK(parse(&o, err, "run", "--no-vm", NULL) == 0);
	CHECK(o.no_vm && o.smp_count == 4 && o.mem_size == GIB);

	CHECK(parse(&o, err, "qemu-cmdline", "--smp", "2", "--mem=512M",
		    "--no-vm", "--no-reboot", "--image", "x.bin", NULL) == 0);
	CHECK(o.cmd == ARMHV_CMD_QEMU_CMDLINE);
	CHECK(o.smp_count == 2 && o.mem_size == 512 * MIB);
	CHECK(o.no_vm && o.no_reboot);
	CHECK_STR(o.image_path, "x.bin");

	/* The script's default timeout, and an explicit one either way. */
	CHECK(parse(&o, err, "run", "--script", "s", NULL) == 0);
	CHECK_STR(o.script_path, "s");
	CHECK(o.timeout_s == 120);
	CHECK(parse(&o, err, "run", "--script", "s", "--timeout", "0",
		    NULL) == 0);
	CHECK(o.timeout_s == 0);
	CHECK(parse(&o, err, "run", "--timeout=7", NULL) == 0);
	CHECK(o.timeout_s == 7);

	/* Limits. */
	CHECK(parse(&o, err, "run", "--smp", "1", NULL) == 0);
	CHECK(parse(&o, err, "run", "--smp", "8", NULL) == 0);
	CHECK(parse(&o, err, "run", "--smp", "0", NULL) == -1);
	CHECK(parse(&o, err, "run", "--smp", "9", NULL) == -1);
	CHECK(parse(&o, err, "run", "--smp", "99", NULL) == -1);
	CHECK(strstr(err, "--smp") && strstr(err, "99"));
	CHECK(parse(&o, err, "run", "--smp", "4x", NULL) == -1);
	CHECK(parse(&o, err, "run", "--smp", "", NULL) == -1);
	CHECK(parse(&o, err, "run", "--mem", "128M", NULL) == 0);
	CHECK(parse(&o, err, "run", "--mem", "8G", NULL) == 0);
	CHECK(parse(&o, err, "run", "--mem", "127M", NULL) == -1);
	CHECK(parse(&o, err, "run", "--mem", "8193M", NULL) == -1);
	CHECK(parse(&o, err, "run", "--mem", "1X", NULL) == -1);
	CHECK(strstr(err, "--mem") && strstr(err, "1X"));
	CHECK(parse(&o, err, "run", "--mem", "131073K", NULL) == -1);
	CHECK(parse(&o, err, "run", "--timeout", "-1", NULL) == -1);
	CHECK(parse(&o, err, "run", "--timeout", "1.5", NULL) == -1);
	CHECK(parse(&o, err, "run", "--timeout", "86401", NULL) == -1);

	/* Syntax errors. */
	CHECK(parse(&o, err, "run", "--bogus", NULL) == -1);
	CHECK(strstr(err, "unknown option") && strstr(err, "--bogus"));
	CHECK(parse(&o, err, "run", "--no-vm=1", NULL) == -1);
	CHECK(parse(&o, err, "run", "--smp", NULL) == -1);
	CHECK(strstr(err, "needs a value"));
	CHECK(parse(&o, err, "run", "stray", NULL) == -1);
	CHECK(parse(&o, err, "run", "-s", NULL) == -1);
	CHECK(parse(&o, err, "run", "--script=", NULL) == -1);
	CHECK(parse(&o, err, "frobnicate", NULL) == -1);
	CHECK(strstr(err, "frobnicate"));
	{
		char *argv[] = { "armhv", NULL };
		CHECK(armhv_parse_args(1, argv, &o, err, sizeof(err)) == -1);
	}
	CHECK(parse(&o, err, "help", NULL) == 0 && o.cmd == ARMHV_CMD_HELP);
	CHECK(parse(&o, err, "--help", NULL) == 0 && o.cmd == ARMHV_CMD_HELP);
	CHECK(parse(&o, err, "run", "--smp", "2", "-h", NULL) == 0 &&
	      o.cmd == ARMHV_CMD_HELP);

	/* Modules. */
	CHECK(parse(&o, err, "run", "--module", "alpha=a.bin",
		    "--module=beta=/x/b=c", NULL) == 0);
	CHECK(o.module_count == 2);
	CHECK_STR(o.modules[0].name, "alpha");
	CHECK_STR(o.modules[0].path, "a.bin");
	CHECK_STR(o.modules[1].name, "beta");
	CHECK_STR(o.modules[1].path, "/x/b=c");
	CHECK(parse(&o, err, "run", "--module", "bad", NULL) == -1);
	CHECK(strstr(err, "NAME=PATH"));
	CHECK(parse(&o, err, "run", "--module", "=x", NULL) == -1);
	CHECK(parse(&o, err, "run", "--module", "a b=x", NULL) == -1);
	CHECK(parse(&o, err, "run", "--module", "a=", NULL) == -1);
	CHECK(parse(&o, err, "run", "--module",
		    "abcdefghijabcdefghijabcdefghij12=x", NULL) == -1);
	CHECK(parse(&o, err, "run", "--module",
		    "abcdefghijabcdefghijabcdefghij1=x", NULL) == 0);
	CHECK(parse(&o, err, "run", "--module", "a=x", "--module", "a=y",
		    NULL) == -1);
	CHECK(strstr(err, "twice"));
	{
		char *argv[64], names[20][16];
		int argc = 0;

		argv[argc++] = "armhv";
		argv[argc++] = "run";
		for (int i = 0; i < 17; i++) {
			snprintf(names[i], sizeof(names[i]), "m%d=f", i);
			argv[argc++] = "--module";
			argv[argc++] = names[i];
		}
		CHECK(armhv_parse_args(argc - 2, argv, &o, err,
				       sizeof(err)) == 0);
		CHECK(o.module_count == 16);
		CHECK(armhv_parse_args(argc, argv, &o, err, sizeof(err)) == -1);
	}

	/* The default VMs. */
	CHECK(parse(&o, err, "run", "--vms", "2", "--vcpus", "3", "--vm-mem",
		    "512M", "--kernel", "k", "--initrd=i", "--cmdline", "a b",
		    NULL) == 0);
	CHECK(o.vm_count == 2 && o.vm_vcpus == 3 && o.vm_mem_size == 512 * MIB);
	CHECK_STR(o.vm_kernel, "k");
	CHECK_STR(o.vm_initrd, "i");
	CHECK_STR(o.vm_cmdline, "a b");
	CHECK(o.smp_count == 7);                /* 2 x 3 + 1 */
	CHECK(o.mem_size == 2 * GIB);           /* 2 x 512M + 512M, to 1G */
	CHECK(parse(&o, err, "run", "--vms", "4", "--vcpus", "4", NULL) == 0);
	CHECK(o.smp_count == 8);                /* at most 8 */
	CHECK(o.mem_size == 2 * GIB);           /* 4 x 256M + 512M, to 1G */
	CHECK(parse(&o, err, "run", "--vms", "8", "--vm-mem", "4G", NULL) == 0);
	CHECK(o.mem_size == 8 * GIB);           /* at most 8G */
	/* Given explicitly, --smp and --mem win. */
	CHECK(parse(&o, err, "run", "--vms", "2", "--smp", "2", "--mem", "1G",
		    NULL) == 0);
	CHECK(o.smp_count == 2 && o.mem_size == GIB);
	CHECK(parse(&o, err, "run", "--cmdline", "", NULL) == 0);
	CHECK_STR(o.vm_cmdline, "");
	CHECK(parse(&o, err, "run", "--vms", "0", NULL) == -1);
	CHECK(strstr(err, "--vms") && strstr(err, "1 to 8"));
	CHECK(parse(&o, err, "run", "--vms", "9", NULL) == -1);
	CHECK(parse(&o, err, "run", "--vcpus", "9", NULL) == -1);
	CHECK(parse(&o, err, "run", "--vcpus", "x", NULL) == -1);
	CHECK(parse(&o, err, "run", "--vm-mem", "8M", NULL) == -1);
	CHECK(strstr(err, "--vm-mem"));
	CHECK(parse(&o, err, "run", "--vm-mem", "5G", NULL) == -1);
	CHECK(parse(&o, err, "run", "--vm-mem", "16385K", NULL) == -1);
	CHECK(parse(&o, err, "run", "--kernel", "", NULL) == -1);
	CHECK(parse(&o, err, "run", "--cmdline", NULL) == -1);
	CHECK(parse(&o, err, "run", "--no-vm", "--vms", "2", NULL) == -1);
	CHECK(strstr(err, "--vms") && strstr(err, "--no-vm"));
	CHECK(parse(&o, err, "run", "--initrd", "i", "--no-vm", NULL) == -1);
	CHECK(strstr(err, "--initrd"));

	/* --snapshot-disk FILE, with or without the default VMs; not empty. */
	CHECK(parse(&o, err, "run", "--snapshot-disk", "d.img", NULL) == 0);
	CHECK_STR(o.snapshot_disk, "d.img");
	CHECK(parse(&o, err, "qemu-cmdline", "--no-vm", "--snapshot-disk=a b", NULL) == 0);
	CHECK_STR(o.snapshot_disk, "a b");
	CHECK(parse(&o, err, "run", "--snapshot-disk", "", NULL) == -1);
	CHECK(strstr(err, "--snapshot-disk") && strstr(err, "empty"));
	CHECK(parse(&o, err, "run", "--snapshot-disk", NULL) == -1);

	/* Everything after -- goes to QEMU, even our own option names. */
	CHECK(parse(&o, err, "run", "--smp", "1", "--", "-machine",
		    "virtualization=off", "--smp", NULL) == 0);
	CHECK(o.smp_count == 1);
	CHECK(o.extra_count == 3);
	CHECK_STR(o.extra_args[0], "-machine");
	CHECK_STR(o.extra_args[2], "--smp");
}

int main(void)
{
	RUN(test_parse_size);
	RUN(test_module_name);
	RUN(test_parse_args);
	return check_summary("armhv_cmd_opts_test");
}
