/* Unit test of the armhv command's pure logic: option and size parsing,
 * module placement, the QEMU command line, shell quoting, script parsing
 * and the console scanner. Built with ASan/UBSan (make unit-armhv_cmd). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include <mgmt/console.h>

#include "opts.h"
#include "qemu_cmd.h"
#include "scan.h"
#include "script.h"
#include "vmsetup.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

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

/* Parses a NULL-terminated list of words after "armhv". */
static int parse(struct armhv_opts *o, char *err, const char *first, ...)
{
	static char *argv[64];
	const char *w;
	va_list ap;
	int argc = 0;

	argv[argc++] = "armhv";
	va_start(ap, first);
	for (w = first; w; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return armhv_parse_args(argc, argv, o, err, 256);
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

	/* Everything after -- goes to QEMU, even our own option names. */
	CHECK(parse(&o, err, "run", "--smp", "1", "--", "-machine",
		    "virtualization=off", "--smp", NULL) == 0);
	CHECK(o.smp_count == 1);
	CHECK(o.extra_count == 3);
	CHECK_STR(o.extra_args[0], "-machine");
	CHECK_STR(o.extra_args[2], "--smp");
}

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

static void test_script(void)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"cpus\n"
		"   \t\n"
		"  selftest fault 2  \r\n"
		"  # indented comment\n"
		"poweroff";
	struct armhv_script s;
	char err[256], big[2000];

	CHECK(armhv_script_parse(text, strlen(text), &s, err,
				 sizeof(err)) == 0);
	CHECK(s.count == 3);
	if (s.count == 3) {
		CHECK_STR(s.lines[0].text, "cpus");
		CHECK(s.lines[0].line_no == 3);
		CHECK_STR(s.lines[1].text, "selftest fault 2");
		CHECK(s.lines[1].line_no == 5);
		CHECK_STR(s.lines[2].text, "poweroff");
		CHECK(s.lines[2].line_no == 7);
	}
	armhv_script_free(&s);

	CHECK(armhv_script_parse("# only\n\n", 8, &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no command") != NULL);
	CHECK(armhv_script_parse("", 0, &s, err, sizeof(err)) == -1);
	CHECK(armhv_script_parse("cpus\nbad\x03line\n", 14, &s, err,
				 sizeof(err)) == -1);
	CHECK(strstr(err, "line 2") != NULL);
	CHECK(armhv_script_parse("a\0b\n", 4, &s, err, sizeof(err)) == -1);
	memset(big, 'x', sizeof(big));
	CHECK(armhv_script_parse(big, sizeof(big), &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "longer") != NULL);
	/* The console's limit, no more: a longer line would be sent, then
	 * refused by the console. */
	CHECK(ARMHV_SCRIPT_LINE_MAX_LEN == CONSOLE_LINE_MAX - 1);
	CHECK(armhv_script_parse(big, 255, &s, err, sizeof(err)) == 0);
	armhv_script_free(&s);
	CHECK(armhv_script_parse(big, 256, &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "line 1: longer than 255 characters") != NULL);
	CHECK(armhv_script_parse(big, 1024, &s, err, sizeof(err)) == -1);
	/* Trimmed before it is measured. */
	big[0] = ' ';
	big[256] = '\t';
	CHECK(armhv_script_parse(big, 257, &s, err, sizeof(err)) == 0);
	armhv_script_free(&s);
}

/* Feeds text in chunks of chunk_len bytes, recording the events. */
static size_t scan_all(struct armhv_scan *scan, const char *text,
		       size_t chunk_len, enum armhv_scan_event *events,
		       size_t max_events)
{
	size_t len = strlen(text), pos = 0, count = 0;

	while (pos < len) {
		size_t n = len - pos < chunk_len ? len - pos : chunk_len;
		const char *p = text + pos;

		pos += n;
		while (n) {
			enum armhv_scan_event ev;
			size_t used = armhv_scan_feed(scan, p, n, &ev);

			CHECK(used >= 1 && used <= n);
			if (ev != ARMHV_SCAN_NONE && count < max_events)
				events[count++] = ev;
			p += used;
			n -= used;
		}
	}
	return count;
}

static void test_scan(void)
{
	static const char boot[] =
		"armhv version 1a2b (built x)\r\n"
		"armhv cpu0: ready: 4 of 4 CPUs at runtime\r\n"
		"armhv> cpus\r\n"
		"cpu0 mpidr=0x0 state=online stage=runtime\r\n"
		"armhv> ";
	enum armhv_scan_event ev[8];
	struct armhv_scan scan;

	for (size_t chunk = 1; chunk <= sizeof(boot); chunk++) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, boot, chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PROMPT && ev[1] == ARMHV_SCAN_PROMPT);
		CHECK(!scan.panic_seen && !scan.refusal_seen);
	}

	/* Near misses, and a prompt only at the start of a line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv>armhv >armhv>\n> ", 64, ev, 8) == 0);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "aarmhv> xarmharmhv> ", 3, ev, 8) == 0);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x\r\narmhv> \narmhv> ", 3, ev, 8) == 2);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv\n> ", 64, ev, 8) == 0);

	/* What is typed is echoed after the prompt: marks in it are text.
	 * One prompt per line, however often the typed line holds it. */
	for (size_t chunk = 1; chunk < 40; chunk += 3) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "armhv> kexec armhv> x armhv> \r\n"
			       "error: unknown command\r\n"
			       "armhv> help armhv: PANIC on cpu0: typed\r\n"
			       "error: usage: help\r\n"
			       "armhv> version armhv: cannot run: typed\r\n"
			       "armhv> ", chunk, ev, 8) == 4);
		for (int i = 0; i < 4; i++)
			CHECK(ev[i] == ARMHV_SCAN_PROMPT);
		CHECK(!scan.panic_seen && !scan.refusal_seen);
	}

	/* A panic counts when its line ends; its text is kept. */
	for (size_t chunk = 1; chunk < 50; chunk += 7) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "armhv cpu1: armhv: PANIC: oops\r\n"
			       "armhv: PANIC again\n", chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC);
		CHECK(scan.panic_seen);
		CHECK_STR(scan.panic_line, "armhv cpu1: armhv: PANIC: oops");
	}
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PAN\nIC\narmhv: panic\n", 64, ev, 8) ==
	      0);
	CHECK(!scan.panic_seen);
	/* Only at the start of a line, after armhv's log prefix if any. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x armhv: PANIC\n armhv: PANIC\n"
		       "armhv cpu: armhv: PANIC\narmhv cpux: armhv: PANIC\n"
		       "armhv cpu1 armhv: PANIC\narmhv cpu1: x armhv: PANIC\n",
		       64, ev, 8) == 0);
	CHECK(!scan.panic_seen);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv cpu12: armhv: PANIC: x\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_PANIC);
	/* ... and one without a newline counts at the end of output. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PANIC on cpu2", 64, ev, 8) == 0);
	CHECK(armhv_scan_end_line(&scan) == ARMHV_SCAN_PANIC);
	CHECK_STR(scan.panic_line, "armhv: PANIC on cpu2");

	/* The refusal: only at the start of a line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "boot\r\narmhv: cannot run: entered at EL1, "
		       "armhv needs EL2\r\n", 5, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_REFUSAL);
	CHECK_STR(scan.refusal_line,
		  "armhv: cannot run: entered at EL1, armhv needs EL2");
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x armhv: cannot run: no\n", 64, ev, 8) == 0);
	CHECK(!scan.refusal_seen);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: cannot run: EL1", 64, ev, 8) == 0);
	CHECK(armhv_scan_partial_refusal(&scan));
	CHECK(armhv_scan_end_line(&scan) == ARMHV_SCAN_REFUSAL);
	CHECK(!armhv_scan_partial_refusal(&scan));
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: cannot", 64, ev, 8) == 0);
	CHECK(!armhv_scan_partial_refusal(&scan));

	/* The line after which armhv stops for good: final. */
	for (size_t chunk = 1; chunk < 50; chunk += 7) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "\r\narmhv: PANIC on cpu1: x\r\n"
			       "armhv: no crash kernel armed (kdump load): the machine stops here\r\n",
			       chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC && ev[1] == ARMHV_SCAN_STOPPED);
		CHECK(scan.stop_seen);
		CHECK_STR(scan.stop_line,
			  "armhv: no crash kernel armed (kdump load): the machine stops here");
	}
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv cpu3: armhv: crash: x: the machine stops here\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_STOPPED);
	/* ... not when typed, nor anywhere but armhv's own line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv> mem armhv: x: the machine stops here\r\n"
		       "x armhv: y: the machine stops here\n"
		       "armhv: the machine stops here, not\n"
		       "armhv: y: the machine stops here later\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_PROMPT);
	CHECK(!scan.stop_seen);
	{
		static char text[1000];

		strcpy(text, "armhv: ");
		memset(text + 7, 'z', 600);
		strcpy(text + 607, ": the machine stops here\n");
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, text, 64, ev, 8) == 0);	/* its end was lost */
	}

	/* Very long lines are truncated, not overflowed; marks still count. */
	{
		static char text[3000];

		strcpy(text, "armhv: PANIC ");
		memset(text + 13, 'y', 2000);
		strcpy(text + 2013, "\narmhv> ");
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, text, 100, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC && ev[1] == ARMHV_SCAN_PROMPT);
		CHECK(strlen(scan.panic_line) == ARMHV_SCAN_LINE_MAX_LEN);
	}
	/* Control characters are not copied into the kept line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PANIC \x1b[0m\n", 64, ev, 8) == 1);
	CHECK_STR(scan.panic_line, "armhv: PANIC ?[0m");
}

static void test_vm_setup(void)
{
	struct armhv_script sc;
	struct armhv_opts o;
	char err[256], name[16];
	bool ctrl_a = false;

	CHECK(parse(&o, err, "run", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == 0);
	CHECK(sc.count == 3);
	CHECK_STR(sc.lines[0].text, "vm create linux --kernel vm-kernel --initrd "
		  "vm-initrd --mem 256M --vcpus 2 --cmdline \"console=ttyAMA0\"");
	CHECK_STR(sc.lines[1].text, "vm start linux");
	CHECK_STR(sc.lines[2].text, "vm console linux");
	CHECK(sc.lines[0].line_no == 0 && sc.lines[2].line_no == 0);
	armhv_script_free(&sc);

	/* Scripted: no attach; several VMs; no initrd; no command line. */
	CHECK(parse(&o, err, "run", "--vms", "3", "--vm-mem", "1G", "--vcpus",
		    "1", "--cmdline", "", NULL) == 0);
	CHECK(armhv_vm_setup(&o, false, false, &sc, err, sizeof(err)) == 0);
	CHECK(sc.count == 6);
	CHECK_STR(sc.lines[0].text, "vm create linux --kernel vm-kernel --mem 1G --vcpus 1");
	CHECK_STR(sc.lines[2].text, "vm create linux2 --kernel vm-kernel --mem 1G --vcpus 1");
	CHECK_STR(sc.lines[5].text, "vm start linux3");
	armhv_script_free(&sc);
	armhv_vm_name(7, name, sizeof(name));
	CHECK_STR(name, "linux8");

	/* What the console cannot take is refused here. */
	CHECK(parse(&o, err, "run", "--cmdline", "a\"b", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	CHECK(strstr(err, "0x22") != NULL);
	CHECK(parse(&o, err, "run", "--cmdline", "a\tb", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	CHECK(parse(&o, err, "run", "--cmdline", "caf\xc3\xa9", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	{
		/* The longest command line that fits: the line is 255. */
		static char cmdline[300];
		size_t base = strlen("vm create linux --kernel vm-kernel --initrd "
				     "vm-initrd --mem 256M --vcpus 2 --cmdline \"\"");

		memset(cmdline, 'c', sizeof(cmdline) - 1);
		cmdline[255 - base] = '\0';
		CHECK(parse(&o, err, "run", "--cmdline", cmdline, NULL) == 0);
		CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == 0);
		CHECK(sc.count == 3 && strlen(sc.lines[0].text) == 255);
		armhv_script_free(&sc);
		cmdline[255 - base] = 'c';
		cmdline[256 - base] = '\0';
		CHECK(parse(&o, err, "run", "--cmdline", cmdline, NULL) == 0);
		CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
		CHECK(strstr(err, "256 characters") != NULL);
		CHECK(sc.count == 0 && sc.lines == NULL);
	}

	/* The user's keys while the setup lines are typed. */
	CHECK(armhv_setup_key(&ctrl_a, 'l') == ARMHV_SETUP_KEY_HOLD);
	CHECK(armhv_setup_key(&ctrl_a, 0x1d) == ARMHV_SETUP_KEY_HOLD);
	CHECK(armhv_setup_key(&ctrl_a, 0x03) == ARMHV_SETUP_KEY_ABORT);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(ctrl_a);
	CHECK(armhv_setup_key(&ctrl_a, 'x') == ARMHV_SETUP_KEY_PASS);
	CHECK(!ctrl_a);
	CHECK(armhv_setup_key(&ctrl_a, 'x') == ARMHV_SETUP_KEY_HOLD);
	/* Ctrl-A Ctrl-C: the second byte is QEMU's, not an abort. */
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x03) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(!ctrl_a);
}

int main(void)
{
	test_parse_size();
	test_module_name();
	test_parse_args();
	test_place_modules();
	test_qemu_argv();
	test_shell_join();
	test_script();
	test_scan();
	test_vm_setup();
	return check_summary("armhv_cmd_test");
}
