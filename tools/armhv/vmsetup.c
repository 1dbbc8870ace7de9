/* The default VMs' console lines. Pure: no I/O. */
#include "vmsetup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_cmd.h"

void armhv_vm_name(unsigned i, char *buf, size_t size)
{
	if (i == 0)
		snprintf(buf, size, "%s", ARMHV_VM_NAME);
	else
		snprintf(buf, size, "%s%u", ARMHV_VM_NAME, i + 1);
}

static int add(struct armhv_script *out, char *text)
{
	struct armhv_script_line *lines;

	if (!text)
		return -ENOMEM;
	lines = realloc(out->lines, (out->count + 1) * sizeof(*lines));
	if (!lines) {
		free(text);
		return -ENOMEM;
	}
	out->lines = lines;
	lines[out->count].line_no = 0;
	lines[out->count].text = text;
	out->count++;
	return 0;
}

int armhv_vm_setup(const struct armhv_opts *opts, bool has_initrd, bool attach,
		   struct armhv_script *out, char *err, size_t err_size)
{
	const char *cmdline = opts->vm_cmdline ? opts->vm_cmdline : "";
	char name[16], mem[32];
	int rc = 0;

	out->lines = NULL;
	out->count = 0;
	for (const char *p = cmdline; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c > 0x7e || c == '"') {
			snprintf(err, err_size,
				 "--cmdline: character 0x%02x: armhv's console "
				 "takes printable ASCII without '\"'", c);
			return -1;
		}
	}
	armhv_mem_arg(opts->vm_mem_size, mem, sizeof(mem));
	for (unsigned i = 0; i < opts->vm_count && !rc; i++) {
		char *line = NULL;

		armhv_vm_name(i, name, sizeof(name));
		if (asprintf(&line, "vm create %s --kernel %s%s%s --mem %s --vcpus %u%s%s%s",
			     name, ARMHV_VM_KERNEL_MODULE, has_initrd ? " --initrd " : "",
			     has_initrd ? ARMHV_VM_INITRD_MODULE : "", mem, opts->vm_vcpus,
			     *cmdline ? " --cmdline \"" : "", cmdline, *cmdline ? "\"" : "") < 0) {
			rc = -ENOMEM;
			break;
		}
		if (strlen(line) > ARMHV_SCRIPT_LINE_MAX_LEN) {
			snprintf(err, err_size,
				 "--cmdline: the line that creates VM %s would be "
				 "%zu characters; armhv's console takes %u",
				 name, strlen(line), ARMHV_SCRIPT_LINE_MAX_LEN);
			free(line);
			armhv_script_free(out);
			return -1;
		}
		rc = add(out, line);
		if (!rc) {
			line = NULL;
			rc = add(out, asprintf(&line, "vm start %s", name) < 0 ? NULL : line);
		}
	}
	if (!rc && attach) {
		char *line = NULL;

		rc = add(out, asprintf(&line, "vm console %s", ARMHV_VM_NAME) < 0 ? NULL : line);
	}
	if (rc)
		armhv_script_free(out);
	return rc;
}

enum armhv_setup_key armhv_setup_key(bool *after_ctrl_a, unsigned char c)
{
	if (*after_ctrl_a) {
		*after_ctrl_a = false;
		return ARMHV_SETUP_KEY_PASS;
	}
	if (c == 0x01) {
		*after_ctrl_a = true;
		return ARMHV_SETUP_KEY_PASS;
	}
	if (c == 0x03)
		return ARMHV_SETUP_KEY_ABORT;
	return ARMHV_SETUP_KEY_HOLD;
}
