/* libFuzzer target: a hostile vms file (vm/config.c) is read line by line
 * as armhv reads it at boot: every line ends as blank, a configuration
 * that keeps the rules `vm create` keeps, or a one-line error; never a
 * crash, a hang or a read outside the file (copied to a buffer of exactly
 * its size). */
#include <vm/config.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool valid(const struct vm_config *c)
{
	return c->name[0] && strlen(c->name) < VM_NAME_MAX && c->kernel[0] &&
	       c->vcpus >= 1 && c->vcpus <= VM_MAX_VCPUS && c->mem_size >= VM_MEM_ALIGN &&
	       c->mem_size % VM_MEM_ALIGN == 0 && !(c->cpu_mask & ~0xfULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1), line[VMS_LINE_MAX], err[160];
	struct vms_reader r;
	unsigned lines = 0;
	int ret;

	if (!text)
		return 0;
	memcpy(text, data, size);
	r = (struct vms_reader){ .text = text, .size = size };
	while ((ret = vms_next_line(&r, line, err, sizeof(err))) != 0) {
		struct vm_config cfg;

		if (++lines != r.line || r.pos > size)
			abort();	/* every line counted once, in the file */
		if (ret > 0) {
			if (strlen(line) >= VMS_LINE_MAX)
				abort();
			err[0] = 0;
			ret = vms_parse_line(line, 4, &cfg, err, sizeof(err));
			if (ret == 0 && !valid(&cfg))
				abort();
		}
		if (ret < 0 && (ret != -EINVAL || !err[0] || strchr(err, '\n')))
			abort();	/* an error says why, in one line */
	}
	free(text);
	return 0;
}
