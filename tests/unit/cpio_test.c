/* Host tests for the boot bundle (hyp/dt/cpio.c): the initrd's newc cpio
 * archive becomes modules in place, and a hostile archive gets a one-line
 * refusal that adds nothing. */
#include <dt/cpio.h>
#include "check.h"
#include <stdint.h>
#include <string.h>

#define BASE 0x48000000ULL

static uint8_t arc[1 << 20] __attribute__((aligned(8)));
static size_t len;

static void entry_magic(const char *magic, const char *name, uint32_t mode, const void *data,
			uint32_t size)
{
	size_t n = strlen(name) + 1;

	len += (size_t)sprintf((char *)arc + len, "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
			       magic, 1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, (uint32_t)n, 0u);
	memcpy(arc + len, name, n);
	len += n;
	while (len & 3)
		arc[len++] = 0;
	memcpy(arc + len, data, size);
	len += size;
	while (len & 3)
		arc[len++] = 0;
}

static void entry(const char *name, uint32_t mode, const void *data, uint32_t size)
{
	entry_magic("070701", name, mode, data, size);
}

static void file(const char *name, const char *text)
{
	entry(name, 0100644, text, (uint32_t)strlen(text));
}

static void trailer(void)
{
	entry("TRAILER!!!", 0, "", 0);
	while (len & 511)	/* cpio pads its output to blocks */
		arc[len++] = 0;
}

static struct machine m;
static char err[200];

static int add(void)
{
	err[0] = 0;
	return cpio_add_modules(&m, arc, len, pa_init(BASE), err, sizeof(err));
}

static void reset(void)
{
	memset(&m, 0, sizeof(m));
	memset(arc, 0, sizeof(arc));
	len = 0;
}

/* One module of the device tree, as machine_parse() leaves it. */
static void dt_module(const char *name)
{
	struct machine_module *mod = &m.modules[m.module_count++];

	snprintf(mod->name, sizeof(mod->name), "%s", name);
	mod->pa = pa_init(0x50000000 + m.module_count * 0x200000ULL);
	mod->size = 0x1000;
	mod->from = MODULE_FROM_DT;
}

static void test_bundle(void)
{
	const struct machine_module *k, *v;

	reset();
	entry(".", 040755, "", 0);
	file("kernel", "0123456789");		/* 10 bytes: padding follows */
	file("vms", "demo --kernel kernel\n");
	entry("sub", 040755, "", 0);
	trailer();
	CHECK_EQ(add(), 2);
	CHECK_EQ(m.module_count, 2);
	CHECK_EQ(m.modules_ignored_count, 0);
	k = machine_module(&m, "kernel");
	v = machine_module(&m, "vms");
	CHECK(k && v);
	if (!k || !v)
		return;
	CHECK_EQ(k->size, 10);
	CHECK_EQ(k->from, MODULE_FROM_INITRD);
	/* In place: the address of its bytes in the archive. */
	CHECK(memcmp(arc + (pa_addr(k->pa) - BASE), "0123456789", 10) == 0);
	CHECK_EQ(pa_addr(k->pa) & 3, 0);
	CHECK(memcmp(arc + (pa_addr(v->pa) - BASE), "demo --kernel", 13) == 0);
	CHECK_STR(module_source_name(v->from), "initrd");
}

static void test_crc_and_dot_slash(void)
{
	reset();
	entry_magic("070702", "./Image", 0100644, "abc", 3);
	entry_magic("070702", "TRAILER!!!", 0, "", 0);
	CHECK_EQ(add(), 1);
	CHECK(machine_module(&m, "Image") != NULL);

	/* A trailer without its padding (110 + 11 bytes) still ends it. */
	reset();
	file("a", "1");
	trailer();
	len = 116 + CPIO_HEADER_SIZE + 11;	/* "a": 110 + 2, 1 + 3 padding */
	CHECK_EQ(add(), 1);
}

static void test_ignored(void)
{
	char big[40];

	reset();
	dt_module("kernel");
	file("kernel", "from the archive");		/* the device tree wins */
	file("a", "1");
	file("a", "2");					/* the first one wins */
	file("bad name", "x");
	file("dir/file", "x");
	memset(big, 'n', 32);
	big[32] = 0;
	file(big, "x");					/* 32 characters */
	big[31] = 0;
	file(big, "x");					/* 31: fine */
	file("empty", "");
	entry("link", 0120777, "kernel", 6);
	file("..", "x");
	trailer();
	CHECK_EQ(add(), 2);
	CHECK_EQ(m.module_count, 3);
	CHECK_EQ(machine_module(&m, "kernel")->from, MODULE_FROM_DT);
	CHECK_EQ(m.modules_ignored_count, 8);
	CHECK(strstr(m.modules_ignored[0].why, "device tree wins") != NULL);
	CHECK(strstr(m.modules_ignored[1].why, "earlier file") != NULL);
	CHECK_STR(m.modules_ignored[2].mod.name, "bad?name");	/* printable */
	CHECK(strstr(m.modules_ignored[2].why, "name") != NULL);
	CHECK(strstr(m.modules_ignored[3].why, "name") != NULL);
	CHECK(strstr(m.modules_ignored[4].why, "name") != NULL);
	CHECK_STR(m.modules_ignored[5].why, "empty");
	CHECK_STR(m.modules_ignored[6].why, "not a regular file");
	CHECK(strstr(m.modules_ignored[7].why, "name") != NULL);
}

static void test_too_many(void)
{
	char name[16];

	reset();
	for (int i = 0; i < 14; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		dt_module(name);
	}
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		file(name, "x");
	}
	trailer();
	CHECK_EQ(add(), 2);
	CHECK_EQ(m.module_count, MACHINE_MAX_MODULES);
	CHECK_EQ(m.modules_ignored_count, 2);
	CHECK(strstr(m.modules_ignored[0].why, "more than 16") != NULL);
}

/* Each refusal: -EINVAL, one line in err, no module added. */
static void refused(const char *want)
{
	unsigned before = m.module_count;

	CHECK_EQ(add(), -EINVAL);
	CHECK(strstr(err, want) != NULL);
	CHECK(strchr(err, '\n') == NULL);
	CHECK_EQ(m.module_count, before);
	if (!strstr(err, want))
		fprintf(stderr, "  err: '%s', want '%s'\n", err, want);
}

static void test_refusals(void)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 };

	reset();
	memcpy(arc, gz, sizeof(gz));
	len = sizeof(gz);
	refused("gzip-compressed");
	CHECK(strstr(err, "cpio -o -H newc") != NULL);

	reset();
	memcpy(arc, "\xfd" "7zXZ\0\0", 7);
	len = 7;
	refused("xz-compressed");

	reset();
	memcpy(arc, "070707000000", 12);
	len = 12;
	refused("odc");

	reset();
	memcpy(arc, "hello world", 11);
	len = 11;
	refused("not a newc cpio archive");

	reset();
	len = 0;
	refused("not a newc cpio archive");

	/* No trailer: the last file counts for nothing. */
	reset();
	file("a", "1");
	refused("no TRAILER!!!");

	/* Truncated inside a header, a name, the data. */
	reset();
	file("a", "1");
	trailer();
	len = CPIO_HEADER_SIZE - 1;
	refused("no room for an entry header");
	len = CPIO_HEADER_SIZE + 1;
	refused("runs past the archive");
	reset();
	file("abc", "0123456789abcdef");
	len -= 8;
	refused("its data (0x10 bytes) runs past the archive");

	/* A non-hex digit in each field. */
	for (int f = 0; f < 13; f++) {
		reset();
		file("a", "1");
		trailer();
		arc[6 + 8 * f + 3] = 'g';
		refused("is not 8 hex digits");
	}

	/* namesize 0, 1, one too short (no NUL at its end), huge. */
	reset();
	file("abc", "1");
	trailer();
	memcpy(arc + 94, "00000000", 8);
	refused("namesize 0 is too small");
	memcpy(arc + 94, "00000001", 8);
	refused("namesize 1 is too small");
	memcpy(arc + 94, "00000003", 8);
	refused("ending in one NUL");
	memcpy(arc + 94, "ffffffff", 8);
	refused("runs past the archive");
	/* A NUL inside the name. */
	memcpy(arc + 94, "00000004", 8);
	arc[CPIO_HEADER_SIZE + 1] = 0;
	refused("ending in one NUL");

	/* filesize that would wrap or run past. */
	reset();
	file("a", "1");
	trailer();
	memcpy(arc + 54, "ffffffff", 8);
	refused("runs past the archive");

	/* A bad magic later on. */
	reset();
	file("a", "1");
	file("b", "2");
	trailer();
	arc[CPIO_HEADER_SIZE + 4 + 4] = 'X';
	refused("no newc magic");
}

static void test_too_many_entries(void)
{
	reset();
	for (int i = 0; i <= CPIO_MAX_ENTRIES && len + 200 < sizeof(arc); i++)
		entry("d", 040755, "", 0);
	trailer();
	if (len < sizeof(arc))
		refused("more than 4096 entries");
}

int main(void)
{
	RUN(test_bundle);
	RUN(test_crc_and_dot_slash);
	RUN(test_ignored);
	RUN(test_too_many);
	RUN(test_refusals);
	RUN(test_too_many_entries);
	return check_summary("cpio");
}
