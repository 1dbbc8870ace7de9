/* Host tests for boot-argument words: options found as whole words only
 * (the crash region's size was once found by substring, so that
 * "xarmhv.crashkernel=0" disabled it). */
#include <lib/bootargs.h>
#include "check.h"
#include <string.h>

/* The value of key in args as a string, "(none)" if it is not there. */
static const char *value(const char *args, const char *key)
{
	static char buf[128];
	const char *v;
	size_t n;

	if (!bootargs_find(args, strlen(args) + 1, key, &v, &n))
		return "(none)";
	memcpy(buf, v, n);
	buf[n] = 0;
	return buf;
}

#define CHECK_VALUE(args, key, want) do {					\
	const char *got_ = value(args, key);					\
	if (strcmp(got_, want) != 0)						\
		fprintf(stderr, "'%s' [%s]: got '%s', want '%s'\n",		\
			args, key, got_, want);					\
	CHECK(strcmp(got_, want) == 0);						\
} while (0)

int main(void)
{
	const char *k = "armhv.crashkernel";
	const char *v;
	size_t n;

	CHECK_VALUE("armhv.crashkernel=64M", k, "64M");
	CHECK_VALUE("console=ttyAMA0 armhv.crashkernel=64M quiet", k, "64M");
	CHECK_VALUE("console=ttyAMA0\tarmhv.crashkernel=0\n", k, "0");
	CHECK_VALUE("  armhv.crashkernel=1G  ", k, "1G");
	CHECK_VALUE("armhv.crashkernel=", k, "");
	CHECK_VALUE("armhv.crashkernel", k, "");
	/* Whole words only. */
	CHECK_VALUE("xarmhv.crashkernel=0", k, "(none)");
	CHECK_VALUE("foo=armhv.crashkernel=0", k, "(none)");
	CHECK_VALUE("armhv.crashkernelx=0", k, "(none)");
	CHECK_VALUE("armhv.crashkerne=0", k, "(none)");
	CHECK_VALUE("a.armhv.crashkernel=0 b", k, "(none)");
	CHECK_VALUE("foo=\"x armhv.crashkernel=0 y\" bar", k, "(none)");
	CHECK_VALUE("", k, "(none)");
	/* The last one wins; quotes are dropped from a value. */
	CHECK_VALUE("armhv.crashkernel=1G armhv.crashkernel=2G", k, "2G");
	CHECK_VALUE("armhv.crashkernel=\"16M\"", k, "16M");
	CHECK_VALUE("armhv.module=\"a b\" x", "armhv.module", "a b");
	CHECK_VALUE("armhv.module=linux extra", "armhv.module", "linux");
	CHECK_VALUE("xarmhv.module=evil armhv.module=real", "armhv.module", "real");
	/* Bounded by len, or by a NUL before it. */
	CHECK(bootargs_find("armhv.crashkernel=64M", 20, k, &v, &n) && n == 2);
	CHECK(!bootargs_find("armhv.crashkernel=64M", 10, k, &v, &n));
	CHECK(bootargs_find("a\0armhv.crashkernel=1", 22, k, &v, &n) == false);
	CHECK(!bootargs_find(NULL, 10, k, &v, &n));
	return check_summary("bootargs");
}
