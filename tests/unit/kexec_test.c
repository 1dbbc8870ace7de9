/* Host tests for what kexec builds: Image header checks and the next
 * image's device tree. */
#include <handover/image.h>
#include <dt/next_dtb.h>
#include "check.h"
#include <libfdt.h>
#include <string.h>
#include <unistd.h>

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void make_header(uint8_t *h, uint64_t text_offset, uint64_t size, uint64_t flags)
{
	memset(h, 0, 64);
	put64(h + 8, text_offset);
	put64(h + 16, size);
	put64(h + 24, flags);
	memcpy(h + 56, "ARM\x64", 4);
}

static void test_image(void)
{
	uint8_t h[64];
	struct arm64_image img;
	const char *why;

	make_header(h, 0, 0x200000, 0xa);
	CHECK_EQ(image_parse(h, 0x100000, &img, &why), 0);
	CHECK_EQ(img.text_offset, 0);
	CHECK_EQ(img.image_size, 0x200000);
	make_header(h, 0, 0, 0);	/* pre-3.17 */
	CHECK_EQ(image_parse(h, 0x100000, &img, &why), 0);
	CHECK_EQ(img.text_offset, 0x80000);
	CHECK(img.image_size > 0x100000);
	CHECK_EQ(image_parse(h, 63, &img, &why), -EINVAL);
	make_header(h, 0, 0x200000, 0xa);
	h[56] = 'X';
	CHECK_EQ(image_parse(h, 0x1000, &img, &why), -EINVAL);
	CHECK(strstr(why, "magic") != NULL);
	make_header(h, 0, 0x200000, 0xb);	/* big-endian */
	CHECK_EQ(image_parse(h, 0x1000, &img, &why), -EINVAL);
	make_header(h, 0, 0x200000, 0x4);	/* 16 KiB pages */
	CHECK_EQ(image_parse(h, 0x1000, &img, &why), -EINVAL);
	make_header(h, 0x200000, 0x200000, 0xa);	/* offset too large */
	CHECK_EQ(image_parse(h, 0x1000, &img, &why), -EINVAL);
	make_header(h, 0, 0x1000, 0xa);	/* image_size < file */
	CHECK_EQ(image_parse(h, 0x2000, &img, &why), -EINVAL);
}

static void *base_tree(void)
{
	static char buf[8192];

	CHECK_EQ(fdt_create_empty_tree(buf, sizeof(buf)), 0);
	int chosen = fdt_add_subnode(buf, 0, "chosen");
	CHECK_EQ(fdt_setprop_u32(buf, 0, "#address-cells", 2), 0);
	CHECK_EQ(fdt_setprop_u32(buf, 0, "#size-cells", 2), 0);
	chosen = fdt_path_offset(buf, "/chosen");	/* offsets moved */
	CHECK_EQ(fdt_setprop_string(buf, chosen, "bootargs", "old args"), 0);
	for (int i = 0; i < 3; i++) {
		char name[32];
		int n;
		fdt64_t reg[2] = { cpu_to_fdt64(0x48200000ULL + (uint64_t)i * 0x200000), cpu_to_fdt64(0x1000) };

		snprintf(name, sizeof(name), "module@%x", 0x48200000 + i * 0x200000);
		n = fdt_add_subnode(buf, fdt_path_offset(buf, "/chosen"), name);
		CHECK(n >= 0);
		CHECK_EQ(fdt_setprop(buf, n, "compatible", "multiboot,module\0multiboot,kernel",
				     sizeof("multiboot,module\0multiboot,kernel")), 0);
		CHECK_EQ(fdt_setprop(buf, n, "reg", reg, sizeof(reg)), 0);
	}
	return buf;
}

static uint64_t prop64(const void *p)
{
	fdt64_t v;

	memcpy(&v, p, 8);	/* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

static int count_modules(const void *fdt)
{
	int n = 0, node;

	fdt_for_each_subnode(node, fdt, fdt_path_offset(fdt, "/chosen"))
		n++;
	return n;
}

static void test_next_dtb(void)
{
	static char out[16384];
	const void *old = base_tree();
	struct next_dtb_params p = {
		.bootargs = "console=ttyAMA0 panic=-1",
		.initrd_pa = pa_init(0x48400000), .initrd_size = 0x1000,
		.drop_module_pa = { pa_init(0x48200000), pa_init(0x48400000) },
		.drop_module_count = 2,
		.generation = 3,
	};
	int chosen, len;
	const char *args;
	const void *v;

	CHECK_EQ(dtb_generation(old), 0);
	CHECK_EQ(next_dtb_build(old, fdt_totalsize(old), out, sizeof(out), &p), 0);
	CHECK_EQ(fdt_check_full(out, sizeof(out)), 0);
	chosen = fdt_path_offset(out, "/chosen");
	args = fdt_getprop(out, chosen, "bootargs", &len);
	CHECK(args && strcmp(args, "console=ttyAMA0 panic=-1") == 0);
	v = fdt_getprop(out, chosen, "linux,initrd-start", &len);
	CHECK(v && len == 8 && prop64(v) == 0x48400000);
	v = fdt_getprop(out, chosen, "linux,initrd-end", &len);
	CHECK(v && len == 8 && prop64(v) == 0x48401000);
	CHECK_EQ(dtb_generation(out), 3);
	/* The two consumed modules are gone, the third remains. */
	CHECK_EQ(count_modules(out), 1);
	CHECK(fdt_path_offset(out, "/chosen/module@48600000") >= 0);

	/* No bootargs given: the old ones stay; no initrd: none claimed. */
	memset(&p, 0, sizeof(p));
	p.generation = 1;
	CHECK_EQ(next_dtb_build(old, fdt_totalsize(old), out, sizeof(out), &p), 0);
	chosen = fdt_path_offset(out, "/chosen");
	args = fdt_getprop(out, chosen, "bootargs", &len);
	CHECK(args && strcmp(args, "old args") == 0);
	CHECK(fdt_getprop(out, chosen, "linux,initrd-start", &len) == NULL);
	CHECK_EQ(count_modules(out), 3);
	/* Too small a buffer is an error, not an overflow. */
	CHECK(next_dtb_build(old, fdt_totalsize(old), out, 64, &p) < 0);
}

/* The old tree is checked before libfdt walks it: a property length that
 * points backwards (libfdt 1.6.1 loops forever on it, in fdt_open_into()
 * too for a version 16 tree), or a tree larger than its buffer, is an
 * error. A hang ends the test by SIGALRM (see main). */
static void test_next_dtb_hostile(void)
{
	static char bad[8192], out[16384];
	const char *old = base_tree();
	struct next_dtb_params p = { .generation = 1 };
	int prop = fdt_first_property_offset(old, 0);

	CHECK(prop > 0);
	memcpy(bad, old, fdt_totalsize(old));
	((fdt32_t *)(void *)(bad + fdt_off_dt_struct(bad) + prop))[1] = cpu_to_fdt32(0xfffffff4);
	CHECK_EQ(next_dtb_build(bad, fdt_totalsize(bad), out, sizeof(out), &p), -FDT_ERR_BADSTRUCTURE);
	fdt_set_version(bad, 16);
	CHECK_EQ(next_dtb_build(bad, fdt_totalsize(bad), out, sizeof(out), &p), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(next_dtb_build(old, fdt_totalsize(old) - 1, out, sizeof(out), &p), -FDT_ERR_BADSTRUCTURE);
}

int main(void)
{
	alarm(60);
	test_image();
	test_next_dtb();
	test_next_dtb_hostile();
	return check_summary("kexec");
}
