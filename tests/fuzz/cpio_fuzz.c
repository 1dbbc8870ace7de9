/* libFuzzer target: a hostile initrd (dt/cpio.c) must give a one-line
 * refusal that adds no module, or modules that lie inside the archive
 * with valid, distinct names; never a crash, a hang or a read outside
 * the buffer (the input is copied to a buffer of exactly its size). */
#include <dt/cpio.h>
#include <stdlib.h>
#include <string.h>

#define BASE 0x48000000ULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct machine m;
	uint8_t *buf = malloc(size ? size : 1);
	char err[200];
	int n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&m, 0, sizeof(m));
	/* Two modules from the device tree, one with a name bundles use. */
	strcpy(m.modules[0].name, "kernel");
	m.modules[0].pa = pa_init(0x50000000);
	m.modules[0].size = 0x1000;
	strcpy(m.modules[1].name, "dtonly");
	m.modules[1].pa = pa_init(0x50200000);
	m.modules[1].size = 0x1000;
	m.module_count = 2;
	err[0] = 0;
	n = cpio_add_modules(&m, buf, size, pa_init(BASE), err, sizeof(err));
	if (n < 0) {
		if (n != -EINVAL || !err[0] || !memchr(err, 0, sizeof(err)) || strchr(err, '\n') ||
		    m.module_count != 2)
			abort();	/* a refusal says why, in one line, and adds nothing */
	} else {
		if (m.module_count != 2 + (unsigned)n || m.module_count > MACHINE_MAX_MODULES)
			abort();
		for (unsigned i = 2; i < m.module_count; i++) {
			const struct machine_module *mod = &m.modules[i];
			uint64_t off = pa_addr(mod->pa) - BASE;

			if (mod->from != MODULE_FROM_INITRD || !mod->size || off > size ||
			    mod->size > size - off || (off & 3) || !mod->name[0] ||
			    machine_module(&m, mod->name) != mod)
				abort();	/* in the archive, named once */
		}
	}
	free(buf);
	return 0;
}
