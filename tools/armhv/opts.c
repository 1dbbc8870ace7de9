/* Argument parsing for the armhv command. Pure: no I/O, no file system. */
#include "opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t err_size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
	return -1;
}

const char *armhv_cmd_name(enum armhv_cmd cmd)
{
	switch (cmd) {
	case ARMHV_CMD_RUN:
		return "run";
	case ARMHV_CMD_QEMU_CMDLINE:
		return "qemu-cmdline";
	case ARMHV_CMD_HELP:
		break;
	}
	return "help";
}

/* Strict unsigned decimal: digits only, no sign, no spaces, no overflow. */
static int parse_decimal(const char *text, size_t len, uint64_t *value)
{
	uint64_t v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		unsigned digit = (unsigned)(text[i] - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	*value = v;
	return 0;
}

int armhv_parse_size(const char *text, uint64_t *size)
{
	size_t digits_len = strspn(text, "0123456789");
	const char *suffix = text + digits_len;
	unsigned shift;
	uint64_t value;

	if (parse_decimal(text, digits_len, &value) < 0)
		return -1;
	switch (*suffix) {
	case '\0':
		shift = 20;     /* QEMU's -m: a bare number is MiB */
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (*suffix) {
		suffix++;
		if (strcmp(suffix, "") != 0 && strcmp(suffix, "B") != 0 &&
		    strcmp(suffix, "iB") != 0)
			return -1;
	}
	if (value > (UINT64_MAX >> shift))
		return -1;
	*size = value << shift;
	return 0;
}

bool armhv_module_name_valid(const char *name, size_t len)
{
	if (len < 1 || len > ARMHV_MODULE_NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			  c == '-';
		if (!ok)
			return false;
	}
	return true;
}

static int add_module(struct armhv_opts *opts, const char *arg, char *err,
		      size_t err_size)
{
	const char *eq = strchr(arg, '=');
	struct armhv_module *m;
	size_t name_len;

	if (!eq)
		return fail(err, err_size,
			    "--module '%s': expected NAME=PATH", arg);
	name_len = (size_t)(eq - arg);
	if (!armhv_module_name_valid(arg, name_len))
		return fail(err, err_size,
			    "--module '%s': NAME must be 1 to %u characters "
			    "from [A-Za-z0-9_.-]", arg,
			    ARMHV_MODULE_NAME_MAX_LEN);
	if (eq[1] == '\0')
		return fail(err, err_size, "--module '%s': empty PATH", arg);
	for (unsigned i = 0; i < opts->module_count; i++) {
		if (strlen(opts->modules[i].name) == name_len &&
		    memcmp(opts->modules[i].name, arg, name_len) == 0)
			return fail(err, err_size,
				    "--module '%s': module name '%.*s' given "
				    "twice", arg, (int)name_len, arg);
	}
	if (opts->module_count == ARMHV_MODULE_MAX_COUNT)
		return fail(err, err_size, "--module: at most %u modules",
			    ARMHV_MODULE_MAX_COUNT);
	m = &opts->modules[opts->module_count++];
	memset(m, 0, sizeof(*m));
	memcpy(m->name, arg, name_len);
	m->name[name_len] = '\0';
	m->path = eq + 1;
	return 0;
}

static int set_option(struct armhv_opts *opts, const char *name,
		      const char *value, char *err, size_t err_size)
{
	uint64_t v;

	if (strcmp(name, "--smp") == 0) {
		if (parse_decimal(value, strlen(value), &v) < 0 ||
		    v < ARMHV_SMP_MIN_COUNT || v > ARMHV_SMP_MAX_COUNT)
			return fail(err, err_size,
				    "--smp '%s': expected a CPU count from "
				    "%u to %u", value, ARMHV_SMP_MIN_COUNT,
				    ARMHV_SMP_MAX_COUNT);
		opts->smp_count = (unsigned)v;
		opts->smp_given = true;
	} else if (strcmp(name, "--vms") == 0 || strcmp(name, "--vcpus") == 0) {
		unsigned max = name[3] == 'm' ? ARMHV_VM_COUNT_MAX : ARMHV_VM_VCPUS_MAX;

		if (parse_decimal(value, strlen(value), &v) < 0 || v < 1 || v > max)
			return fail(err, err_size, "%s '%s': expected a count from 1 to %u",
				    name, value, max);
		if (name[3] == 'm')
			opts->vm_count = (unsigned)v;
		else
			opts->vm_vcpus = (unsigned)v;
	} else if (strcmp(name, "--vm-mem") == 0) {
		if (armhv_parse_size(value, &v) < 0 || v < ARMHV_VM_MEM_MIN_SIZE ||
		    v > ARMHV_VM_MEM_MAX_SIZE || v % (1ull << 20))
			return fail(err, err_size,
				    "--vm-mem '%s': expected a whole number of MiB "
				    "from 16M to 4G, such as 256M", value);
		opts->vm_mem_size = v;
	} else if (strcmp(name, "--kernel") == 0 || strcmp(name, "--initrd") == 0) {
		if (!*value)
			return fail(err, err_size, "%s: empty FILE", name);
		if (name[2] == 'k')
			opts->vm_kernel = value;
		else
			opts->vm_initrd = value;
	} else if (strcmp(name, "--cmdline") == 0) {
		opts->vm_cmdline = value;
	} else if (strcmp(name, "--mem") == 0) {
		if (armhv_parse_size(value, &v) < 0)
			return fail(err, err_size,
				    "--mem '%s': expected a size such as 512M "
				    "or 2G (suffix K, M or G)", value);
		if (v < ARMHV_MEM_MIN_SIZE || v > ARMHV_MEM_MAX_SIZE)
			return fail(err, err_size,
				    "--mem '%s': must be from 128M to 8G",
				    value);
		if (v % (1ull << 20))
			return fail(err, err_size,
				    "--mem '%s': must be a whole number of MiB",
				    value);
		opts->mem_size = v;
		opts->mem_given = true;
	} else if (strcmp(name, "--timeout") == 0) {
		if (parse_decimal(value, strlen(value), &v) < 0 ||
		    v > (uint64_t)ARMHV_TIMEOUT_MAX_S)
			return fail(err, err_size,
				    "--timeout '%s': expected whole seconds "
				    "from 0 (none) to %ld", value,
				    ARMHV_TIMEOUT_MAX_S);
		opts->timeout_s = (long)v;
		opts->timeout_given = true;
	} else if (strcmp(name, "--script") == 0) {
		if (!*value)
			return fail(err, err_size, "--script: empty FILE");
		opts->script_path = value;
	} else if (strcmp(name, "--image") == 0) {
		if (!*value)
			return fail(err, err_size, "--image: empty PATH");
		opts->image_path = value;
	} else if (strcmp(name, "--snapshot-disk") == 0) {
		if (!*value)
			return fail(err, err_size, "--snapshot-disk: empty FILE");
		opts->snapshot_disk = value;
	} else if (strcmp(name, "--module") == 0) {
		return add_module(opts, value, err, err_size);
	} else {
		return fail(err, err_size, "unknown option '%s'", name);
	}
	return 0;
}

/* The options that describe the default VMs: the name, or NULL. */
static const char *vm_option_name(const char *name)
{
	static const char *const vm_opts[] = {
		"--vms", "--vcpus", "--vm-mem", "--kernel", "--initrd",
		"--cmdline",
	};

	for (size_t i = 0; i < sizeof(vm_opts) / sizeof(vm_opts[0]); i++)
		if (strcmp(name, vm_opts[i]) == 0)
			return vm_opts[i];
	return NULL;
}

static bool takes_value(const char *name)
{
	static const char *const valued[] = {
		"--smp", "--mem", "--timeout", "--script", "--image",
		"--module", "--vms", "--vcpus", "--vm-mem", "--kernel",
		"--initrd", "--cmdline", "--snapshot-disk",
	};

	for (size_t i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if (strcmp(name, valued[i]) == 0)
			return true;
	return false;
}

int armhv_parse_args(int argc, char **argv, struct armhv_opts *opts,
		     char *err, size_t err_size)
{
	memset(opts, 0, sizeof(*opts));
	opts->smp_count = ARMHV_SMP_DEFAULT_COUNT;
	opts->mem_size = ARMHV_MEM_DEFAULT_SIZE;
	opts->cmd = ARMHV_CMD_HELP;
	opts->vm_count = 1;
	opts->vm_vcpus = ARMHV_VM_DEFAULT_VCPUS;
	opts->vm_mem_size = ARMHV_VM_DEFAULT_MEM_SIZE;
	opts->vm_cmdline = ARMHV_VM_DEFAULT_CMDLINE;

	if (argc < 2)
		return fail(err, err_size,
			    "missing command: run, qemu-cmdline, snapshot or help");
	if (strcmp(argv[1], "run") == 0)
		opts->cmd = ARMHV_CMD_RUN;
	else if (strcmp(argv[1], "qemu-cmdline") == 0)
		opts->cmd = ARMHV_CMD_QEMU_CMDLINE;
	else if (strcmp(argv[1], "help") == 0 ||
		 strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return 0;
	else
		return fail(err, err_size,
			    "unknown command '%s': expected run, qemu-cmdline, "
			    "snapshot or help", argv[1]);

	const char *vm_option = NULL;   /* the last option about the VMs */

	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		char name[32];
		const char *value;
		const char *eq;

		if (strcmp(arg, "--") == 0) {
			opts->extra_args = &argv[i + 1];
			opts->extra_count = argc - i - 1;
			break;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			opts->cmd = ARMHV_CMD_HELP;
			return 0;
		}
		if (strcmp(arg, "--no-vm") == 0) {
			opts->no_vm = true;
			continue;
		}
		if (strcmp(arg, "--no-reboot") == 0) {
			opts->no_reboot = true;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0)
			return fail(err, err_size,
				    "unexpected argument '%s' (extra QEMU "
				    "arguments go after '--')", arg);
		eq = strchr(arg, '=');
		if (eq && (size_t)(eq - arg) < sizeof(name)) {
			memcpy(name, arg, (size_t)(eq - arg));
			name[eq - arg] = '\0';
			value = eq + 1;
		} else if (eq) {
			return fail(err, err_size, "unknown option '%s'", arg);
		} else {
			snprintf(name, sizeof(name), "%s", arg);
			value = NULL;
		}
		if (!takes_value(name))
			return fail(err, err_size, "unknown option '%s'", arg);
		if (!value) {
			if (i + 1 >= argc)
				return fail(err, err_size,
					    "option '%s' needs a value", arg);
			value = argv[++i];
		}
		if (set_option(opts, name, value, err, err_size) < 0)
			return -1;
		if (vm_option_name(name))
			vm_option = vm_option_name(name);
	}
	if (opts->no_vm && vm_option)
		return fail(err, err_size,
			    "%s: describes the default VMs, and --no-vm starts none",
			    vm_option);
	if (!opts->no_vm) {
		/* A CPU for each vCPU, beside the console's, as far as 8 go;
		 * RAM for the VMs and for armhv. */
		uint64_t vcpus = (uint64_t)opts->vm_count * opts->vm_vcpus;
		uint64_t mem = (uint64_t)opts->vm_count * opts->vm_mem_size +
			       ARMHV_VM_HOST_MEM_SIZE;

		if (!opts->smp_given)
			opts->smp_count = vcpus + 1 < ARMHV_SMP_MAX_COUNT ?
					  (unsigned)vcpus + 1 : ARMHV_SMP_MAX_COUNT;
		if (!opts->mem_given && mem > opts->mem_size)
			opts->mem_size = mem < ARMHV_MEM_MAX_SIZE ?
					 (mem + (1ull << 30) - 1) & ~((1ull << 30) - 1) :
					 ARMHV_MEM_MAX_SIZE;
	}
	if (!opts->timeout_given && opts->script_path)
		opts->timeout_s = ARMHV_SCRIPT_TIMEOUT_S;
	return 0;
}
