/* QEMU command line for armhv. Pure: no I/O. */
#include "qemu_cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void armhv_argv_init(struct armhv_argv *a)
{
	memset(a, 0, sizeof(*a));
}

void armhv_argv_free(struct armhv_argv *a)
{
	for (size_t i = 0; i < a->count; i++)
		free(a->v[i]);
	free(a->v);
	armhv_argv_init(a);
}

static int push_owned(struct armhv_argv *a, char *s)
{
	if (!s)
		return -ENOMEM;
	if (a->count + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->count++] = s;
	a->v[a->count] = NULL;
	return 0;
}

int armhv_argv_push(struct armhv_argv *a, const char *s)
{
	return push_owned(a, strdup(s));
}

int armhv_argv_pushf(struct armhv_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return push_owned(a, s);
}

static uint64_t align_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

int armhv_place_modules(struct armhv_module *modules, unsigned count,
			uint64_t mem_size, char *err, size_t err_size)
{
	uint64_t limit_pa = ARMHV_RAM_BASE_PA + mem_size -
			    ARMHV_MODULE_TOP_GAP_SIZE;
	uint64_t next_pa = ARMHV_MODULE_AREA_PA + ARMHV_MODULE_DTB_SIZE;

	for (unsigned i = 0; i < count; i++) {
		struct armhv_module *m = &modules[i];
		uint64_t addr_pa = align_up(next_pa, ARMHV_MODULE_ALIGN_SIZE);

		if (addr_pa > limit_pa || m->size > limit_pa - addr_pa) {
			snprintf(err, err_size,
				 "--module %s: %" PRIu64 " bytes do not fit at "
				 "0x%" PRIx64 " below 0x%" PRIx64 " (RAM top "
				 "minus 16 MiB); give more --mem",
				 m->name, m->size, addr_pa, limit_pa);
			return -1;
		}
		m->addr_pa = addr_pa;
		next_pa = addr_pa + m->size;
	}
	return 0;
}

void armhv_mem_arg(uint64_t mem_size, char *buf, size_t buf_size)
{
	if (mem_size % (1ull << 30) == 0)
		snprintf(buf, buf_size, "%" PRIu64 "G", mem_size >> 30);
	else
		snprintf(buf, buf_size, "%" PRIu64 "M", mem_size >> 20);
}

/* QEMU option values separate properties with ','; a literal comma in a
 * value is written ",,". */
static char *qemu_opt_escape(const char *s)
{
	size_t len = strlen(s), commas = 0;
	char *out, *p;

	for (size_t i = 0; i < len; i++)
		commas += s[i] == ',';
	out = malloc(len + commas + 1);
	if (!out)
		return NULL;
	p = out;
	for (size_t i = 0; i < len; i++) {
		*p++ = s[i];
		if (s[i] == ',')
			*p++ = ',';
	}
	*p = '\0';
	return out;
}

int armhv_qemu_argv(const struct armhv_opts *opts, const char *qemu,
		    const char *image_path, bool scripted,
		    struct armhv_argv *out)
{
	char mem[32];
	int rc = 0;

	armhv_argv_init(out);
	armhv_mem_arg(opts->mem_size, mem, sizeof(mem));
	rc |= armhv_argv_push(out, qemu);
	rc |= armhv_argv_push(out, "-machine");
	rc |= armhv_argv_push(out, "virt,virtualization=on,gic-version=3");
	rc |= armhv_argv_push(out, "-cpu");
	rc |= armhv_argv_push(out, "max,pauth-impdef=on");
	rc |= armhv_argv_push(out, "-smp");
	rc |= armhv_argv_pushf(out, "%u", opts->smp_count);
	rc |= armhv_argv_push(out, "-m");
	rc |= armhv_argv_push(out, mem);
	rc |= armhv_argv_push(out, "-nic");
	rc |= armhv_argv_push(out, "none");
	rc |= armhv_argv_push(out, "-kernel");
	rc |= armhv_argv_push(out, image_path);
	if (scripted) {
		rc |= armhv_argv_push(out, "-display");
		rc |= armhv_argv_push(out, "none");
		rc |= armhv_argv_push(out, "-monitor");
		rc |= armhv_argv_push(out, "none");
		rc |= armhv_argv_push(out, "-serial");
		rc |= armhv_argv_push(out, "stdio");
	} else {
		rc |= armhv_argv_push(out, "-nographic");
	}
	if (opts->no_reboot)
		rc |= armhv_argv_push(out, "-no-reboot");
	for (unsigned i = 0; i < opts->module_count; i++) {
		const struct armhv_module *m = &opts->modules[i];
		char *path = qemu_opt_escape(m->path);

		if (!path) {
			rc = -ENOMEM;
			break;
		}
		rc |= armhv_argv_push(out, "-device");
		rc |= armhv_argv_pushf(out,
			"guest-loader,addr=0x%" PRIx64 ",kernel=%s,"
			"bootargs=armhv.module=%s", m->addr_pa, path, m->name);
		free(path);
	}
	if (opts->snapshot_disk && !rc) {
		char *path = qemu_opt_escape(opts->snapshot_disk);

		if (!path) {
			rc = -ENOMEM;
		} else {
			rc |= armhv_argv_push(out, "-global");
			rc |= armhv_argv_push(out, "virtio-mmio.force-legacy=false");
			rc |= armhv_argv_push(out, "-drive");
			rc |= armhv_argv_pushf(out, "if=none,id=" ARMHV_SNAPSHOT_DRIVE_ID
					       ",file=%s,format=raw", path);
			rc |= armhv_argv_push(out, "-device");
			rc |= armhv_argv_push(out, "virtio-blk-device,drive=" ARMHV_SNAPSHOT_DRIVE_ID
					      ",bus=" ARMHV_SNAPSHOT_BUS);
			free(path);
		}
	}
	for (int i = 0; i < opts->extra_count; i++)
		rc |= armhv_argv_push(out, opts->extra_args[i]);
	if (rc) {
		armhv_argv_free(out);
		return -ENOMEM;
	}
	return 0;
}

static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || strchr("_-./=,:@%+", c);
		if (!ok)
			return false;
	}
	return true;
}

char *armhv_shell_join(char *const *argv, size_t count)
{
	size_t size = 1;
	char *out, *p;

	for (size_t i = 0; i < count; i++)
		size += strlen(argv[i]) * 4 + 3;
	out = malloc(size);
	if (!out)
		return NULL;
	p = out;
	for (size_t i = 0; i < count; i++) {
		const char *s = argv[i];

		if (i)
			*p++ = ' ';
		if (shell_safe(s)) {
			size_t len = strlen(s);
			memcpy(p, s, len);
			p += len;
			continue;
		}
		*p++ = '\'';
		for (; *s; s++) {
			if (*s == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *s;
			}
		}
		*p++ = '\'';
	}
	*p = '\0';
	return out;
}
