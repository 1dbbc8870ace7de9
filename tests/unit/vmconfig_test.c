/* Host tests for the text form of a VM's configuration (hyp/vm/config.c):
 * the one parser of `vm create` and of the boot-time vms file. */
#include <vm/config.h>
#include "check.h"
#include <string.h>

static struct vm_config cfg;
static char err[160];

/* One vms line (copied: it is split in place). */
static int line(const char *text)
{
	char buf[VMS_LINE_MAX];

	snprintf(buf, sizeof(buf), "%s", text);
	err[0] = 0;
	return vms_parse_line(buf, 4, &cfg, err, sizeof(err));
}

#define BAD(text, want) do {							\
	CHECK_EQ(line(text), -EINVAL);						\
	CHECK(strstr(err, want) != NULL);					\
	if (!strstr(err, want))							\
		fprintf(stderr, "  '%s': err '%s', want '%s'\n", text, err, want); \
} while (0)

static void test_lines(void)
{
	CHECK_EQ(line(""), 1);
	CHECK_EQ(line("   \t "), 1);
	CHECK_EQ(line("# a comment --kernel x"), 1);
	CHECK_EQ(line("  # indented comment"), 1);

	CHECK_EQ(line("demo --kernel hello"), 0);
	CHECK_STR(cfg.name, "demo");
	CHECK_STR(cfg.kernel, "hello");
	CHECK_STR(cfg.initrd, "");
	CHECK_EQ(cfg.mem_size, VM_DEFAULT_MEM);
	CHECK_EQ(cfg.vcpus, 1);
	CHECK_EQ(cfg.cpu_mask, 0);

	CHECK_EQ(line("\tlinux --kernel Image --initrd initrd --mem 255M --vcpus 2 "
		      "--cmdline \"console=ttyAMA0 armhv.test=poweroff\" --cpus 1,2-3  "), 0);
	CHECK_STR(cfg.name, "linux");
	CHECK_STR(cfg.initrd, "initrd");
	CHECK_EQ(cfg.mem_size, 256ULL << 20);	/* rounded up to 2 MiB */
	CHECK_EQ(cfg.vcpus, 2);
	CHECK_STR(cfg.cmdline, "console=ttyAMA0 armhv.test=poweroff");
	CHECK_EQ(cfg.cpu_mask, 0xe);
}

static void test_bad_lines(void)
{
	char long_cmdline[400];

	BAD("bad/name --kernel x", "NAME is 1-15");
	BAD("sixteen-letters- --kernel x", "NAME is 1-15");
	BAD("demo", "needs --kernel");
	BAD("demo --mem 64M", "needs --kernel");
	BAD("demo --kernel", "--kernel needs a value");
	BAD("demo --kernel x --mem 1X", "--mem 1X");
	BAD("demo --kernel x --mem 1M", "at least 2M");
	BAD("demo --kernel x --vcpus 0", "--vcpus 0: 1 to 8");
	BAD("demo --kernel x --vcpus 9", "--vcpus 9");
	BAD("demo --kernel x --cpus 4", "--cpus 4: CPU numbers 0-3");
	BAD("demo --kernel x --cpus 2-1", "--cpus 2-1");
	BAD("demo --kernel x --cpus 99999999999999999999", "--cpus");
	BAD("demo --kernel x --cpus ,", "--cpus");
	BAD("demo --kernel x --what 1", "unknown option --what");
	BAD("demo --kernel abcdefghijabcdefghijabcdefghij12", "no module has so long a name");
	BAD("demo --kernel x --cmdline \"open", "unterminated quote");
	BAD("demo a b c d e f g h i j k l m n o p", "too many arguments (at most 15)");
	memset(long_cmdline, 'c', sizeof(long_cmdline));
	memcpy(long_cmdline, "demo --kernel x --cmdline ", 26);
	long_cmdline[sizeof(long_cmdline) - 1] = 0;
	BAD(long_cmdline, "--cmdline longer than 255");
}

/* vm create reads argv after `vm create`: the same function. */
static void test_argv(void)
{
	char *argv[] = { "demo", "--kernel", "k", "--vcpus", "3", NULL };

	CHECK_EQ(vm_config_parse(5, argv, 2, &cfg, err, sizeof(err)), 0);
	CHECK_EQ(cfg.vcpus, 3);
	CHECK_EQ(vm_config_parse(0, argv, 2, &cfg, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "vm create NAME") != NULL);
}

static void test_reader(void)
{
	static const char text[] = "# vms\r\n\r\none --kernel k\nlong\x01line\nlast";
	struct vms_reader r = { .text = text, .size = sizeof(text) - 1 };
	char buf[VMS_LINE_MAX], big[2000];

	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "# vms");
	CHECK_EQ(r.line, 1);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "");
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "one --kernel k");
	CHECK_EQ(r.line, 3);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), -EINVAL);
	CHECK_EQ(r.line, 4);
	CHECK(strstr(err, "not text") != NULL);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "last");
	CHECK_EQ(r.line, 5);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 0);

	/* A NUL is not text; a line too long is one error, then the next. */
	r = (struct vms_reader){ .text = "a\0b\nok", .size = 6 };
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), -EINVAL);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "ok");
	memset(big, 'x', sizeof(big));
	big[600] = '\n';
	r = (struct vms_reader){ .text = big, .size = 602 };
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "longer than 511") != NULL);
	CHECK_EQ(r.line, 1);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_STR(buf, "x");
	CHECK_EQ(r.line, 2);
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 0);
	/* 511 characters fit. */
	big[511] = '\n';
	r = (struct vms_reader){ .text = big, .size = 512 };
	CHECK_EQ(vms_next_line(&r, buf, err, sizeof(err)), 1);
	CHECK_EQ(strlen(buf), 511);
}

int main(void)
{
	RUN(test_lines);
	RUN(test_bad_lines);
	RUN(test_argv);
	RUN(test_reader);
	return check_summary("vmconfig");
}
