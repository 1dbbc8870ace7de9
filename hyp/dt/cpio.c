/* Boot modules from the initrd's cpio archive (dt/cpio.h). */
#include <dt/cpio.h>
#include <stdio.h>
#include <string.h>

_Static_assert(MACHINE_MAX_MODULES == 16, "the message below says 16");

#define FAIL(...) do { snprintf(err, err_size, __VA_ARGS__); return -EINVAL; } while (0)

static const char *const field_names[13] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

/* Eight hex digits at p; false if one is not a hex digit. */
static bool hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* A name fit to print, whatever the archive holds. */
static void printable_name(char *dst, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < MODULE_NAME_MAX - 1; i++)
		dst[i] = s[i] > ' ' && s[i] < 0x7f ? s[i] : '?';
	dst[i] = 0;
}

int cpio_next(const void *buf, size_t size, size_t *pos, struct cpio_entry *e,
	      char *err, size_t err_size)
{
	const uint8_t *b = buf, *h;
	uint32_t f[13];
	size_t off = *pos, name_off, data_off;

	if (off > size || size - off < CPIO_HEADER_SIZE)
		FAIL("truncated: no room for an entry header at offset 0x%zx (archive of 0x%zx bytes, no TRAILER!!!)",
		     off, size);
	h = b + off;
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		FAIL("entry at offset 0x%zx: no newc magic 070701 or 070702", off);
	for (unsigned i = 0; i < 13; i++)
		if (!hex8(h + 6 + 8 * i, &f[i]))
			FAIL("entry at offset 0x%zx: %s is not 8 hex digits", off, field_names[i]);
	/* namesize counts the NUL: 2 or more, and the name ends there. */
	if (f[11] < 2)
		FAIL("entry at offset 0x%zx: namesize %u is too small", off, f[11]);
	name_off = off + CPIO_HEADER_SIZE;
	if (f[11] > size - name_off)
		FAIL("entry at offset 0x%zx: its name (%u bytes) runs past the archive", off, f[11]);
	if (b[name_off + f[11] - 1] != 0 || strnlen((const char *)b + name_off, f[11]) != f[11] - 1)
		FAIL("entry at offset 0x%zx: its name is not %u bytes ending in one NUL", off, f[11]);
	data_off = align4(name_off + f[11]);
	e->name = (const char *)b + name_off;
	e->name_len = f[11] - 1;
	e->offset = off;
	/* The trailer ends the archive, even without its padding. */
	if (strcmp(e->name, "TRAILER!!!") == 0) {
		*pos = MIN(data_off, size);
		return 0;
	}
	if (data_off > size)
		FAIL("entry at offset 0x%zx: truncated after its name", off);
	if (f[6] > size - data_off) {
		char shown[MODULE_NAME_MAX];

		printable_name(shown, e->name, e->name_len);
		FAIL("entry at offset 0x%zx (%s): its data (0x%x bytes) runs past the archive",
		     off, shown, f[6]);
	}
	e->mode = f[1];
	e->data = b + data_off;
	e->size = f[6];
	*pos = align4(data_off + f[6]);
	/* align4 may step past the end only for the last entry, which is
	 * then not the trailer: the next call says so. */
	return 1;
}

static bool valid_name(const char *s, size_t n)
{
	if (n == 0 || n >= MODULE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

static void ignore(struct machine *m, const struct machine_module *mod, const char *why)
{
	if (m->modules_ignored_count < MACHINE_MAX_IGNORED) {
		m->modules_ignored[m->modules_ignored_count].mod = *mod;
		m->modules_ignored[m->modules_ignored_count].why = why;
	}
	m->modules_ignored_count++;
}

/* Says what a compressed archive is, or NULL. */
static const char *compressed(const uint8_t *b, size_t size)
{
	if (size >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "gzip";
	if (size >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0)
		return "xz";
	if (size >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0)
		return "zstd";
	if (size >= 3 && memcmp(b, "BZh", 3) == 0)
		return "bzip2";
	if (size >= 4 && memcmp(b, "\x02\x21\x4c\x18", 4) == 0)
		return "lz4";
	return NULL;
}

int cpio_add_modules(struct machine *m, const void *buf, size_t size, paddr_t pa,
		     char *err, size_t err_size)
{
	const uint8_t *b = buf;
	const char *z = compressed(b, size);
	struct cpio_entry e;
	unsigned entries = 0, added = 0;
	size_t pos = 0;
	int ret;

	if (z)
		FAIL("the initrd is %s-compressed: armhv reads an uncompressed cpio archive "
		     "(make it with cpio -o -H newc, without compression)", z);
	if (size >= 6 && memcmp(b, "070707", 6) == 0)
		FAIL("the initrd is an old-format (odc) cpio archive: make it with cpio -o -H newc");
	if (size < 6 || (memcmp(b, "070701", 6) != 0 && memcmp(b, "070702", 6) != 0))
		FAIL("the initrd is not a newc cpio archive (it does not start with 070701)");
	/* First the whole archive, to its trailer: all or nothing. */
	while ((ret = cpio_next(b, size, &pos, &e, err, err_size)) == 1)
		if (++entries > CPIO_MAX_ENTRIES)
			FAIL("more than %d entries", CPIO_MAX_ENTRIES);
	if (ret < 0)
		return ret;
	pos = 0;
	while (cpio_next(b, size, &pos, &e, err, err_size) == 1) {
		struct machine_module mod = { .from = MODULE_FROM_INITRD };
		const char *name = e.name, *why = NULL;
		size_t n = e.name_len;

		if (n >= 2 && name[0] == '.' && name[1] == '/')
			name += 2, n -= 2;
		if ((e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR || n == 0 ||
		    (n == 1 && name[0] == '.'))
			continue;
		printable_name(mod.name, name, n);
		mod.pa = pa_add(pa, (uint64_t)(e.data - b));
		mod.size = e.size;
		if ((e.mode & CPIO_MODE_TYPE) != CPIO_MODE_REG)
			why = "not a regular file";
		else if (!valid_name(name, n) || strcmp(mod.name, "..") == 0)
			why = "its name is not 1-31 of A-Z a-z 0-9 _ . - (at the archive's top level)";
		else if (e.size == 0)
			why = "empty";
		else if (machine_module(m, mod.name))
			why = machine_module(m, mod.name)->from == MODULE_FROM_DT ?
			      "a device-tree module has this name (the device tree wins)" :
			      "an earlier file of the archive has this name";
		else if (m->module_count == MACHINE_MAX_MODULES)
			why = "more than 16 modules in all (the device tree's come first)";
		if (why) {
			ignore(m, &mod, why);
			continue;
		}
		m->modules[m->module_count++] = mod;
		added++;
	}
	return (int)added;
}
