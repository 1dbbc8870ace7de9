/* The text form of a VM's configuration (vm/config.h). */
#include <vm/config.h>
#include <lib/bootargs.h>
#include <lib/words.h>
#include <stdio.h>
#include <string.h>

#define FAIL(...) do { snprintf(err, err_size, __VA_ARGS__); return -EINVAL; } while (0)

static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= VM_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

/* "0,2-3": a set of CPU numbers below ncpus. */
static bool parse_cpu_list(const char *s, unsigned ncpus, uint64_t *mask)
{
	*mask = 0;
	while (*s) {
		uint64_t a, b;
		char num[8];
		size_t n = 0;

		while (s[n] >= '0' && s[n] <= '9' && n < sizeof(num) - 1)
			num[n] = s[n], n++;
		num[n] = 0;
		if (!parse_u64(num, &a))
			return false;
		s += n;
		b = a;
		if (*s == '-') {
			s++;
			for (n = 0; s[n] >= '0' && s[n] <= '9' && n < sizeof(num) - 1; n++)
				num[n] = s[n];
			num[n] = 0;
			if (!parse_u64(num, &b))
				return false;
			s += n;
		}
		if (a > b || b >= ncpus || b >= 64)
			return false;
		for (uint64_t c = a; c <= b; c++)
			*mask |= 1ULL << c;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return *mask != 0;
}

int vm_config_parse(int argc, char *const *argv, unsigned ncpus, struct vm_config *cfg,
		    char *err, size_t err_size)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_size = VM_DEFAULT_MEM;
	cfg->vcpus = 1;
	if (argc < 1 || !valid_name(argv[0]))
		FAIL("vm create NAME: NAME is 1-%d letters, digits, '-' or '_'", VM_NAME_MAX - 1);
	snprintf(cfg->name, sizeof(cfg->name), "%s", argv[0]);
	for (int i = 1; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;

		if (!val)
			FAIL("%s needs a value", opt);
		if (strcmp(opt, "--mem") == 0) {
			if (!parse_size(val, strlen(val), &n) || n < VM_MEM_ALIGN || n > (UL(1) << 40))
				FAIL("--mem %s: a size like 128M or 1G, at least 2M", val);
			cfg->mem_size = ALIGN_UP(n, VM_MEM_ALIGN);
		} else if (strcmp(opt, "--vcpus") == 0) {
			if (!parse_u64(val, &n) || n < 1 || n > VM_MAX_VCPUS)
				FAIL("--vcpus %s: 1 to %d", val, VM_MAX_VCPUS);
			cfg->vcpus = (unsigned)n;
		} else if (strcmp(opt, "--kernel") == 0 || strcmp(opt, "--initrd") == 0) {
			char *dst = opt[2] == 'k' ? cfg->kernel : cfg->initrd;

			if (strlen(val) >= MODULE_NAME_MAX)
				FAIL("%s %.40s: no module has so long a name", opt, val);
			snprintf(dst, MODULE_NAME_MAX, "%s", val);
		} else if (strcmp(opt, "--cmdline") == 0) {
			if (strlen(val) >= sizeof(cfg->cmdline))
				FAIL("--cmdline longer than %d characters", VM_CMDLINE_MAX - 1);
			snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", val);
		} else if (strcmp(opt, "--cpus") == 0) {
			if (!parse_cpu_list(val, ncpus, &cfg->cpu_mask))
				FAIL("--cpus %.40s: CPU numbers 0-%u, like 1,2-3", val, ncpus - 1);
		} else {
			FAIL("unknown option %.40s", opt);
		}
	}
	if (!cfg->kernel[0])
		FAIL("vm create needs --kernel MODULE");
	return 0;
}

int vms_next_line(struct vms_reader *r, char buf[VMS_LINE_MAX], char *err, size_t err_size)
{
	size_t n = 0;
	const char *why = NULL;

	if (r->pos >= r->size)
		return 0;
	r->line++;
	for (; r->pos < r->size && r->text[r->pos] != '\n'; r->pos++) {
		char c = r->text[r->pos];

		if (why)
			continue;
		if (c == '\r' && (r->pos + 1 == r->size || r->text[r->pos + 1] == '\n'))
			continue;	/* CRLF */
		if ((c < ' ' && c != '\t') || c == 0x7f)
			why = "holds a byte that is not text";
		else if (n == VMS_LINE_MAX - 1)
			why = "longer than 511 characters";
		else
			buf[n++] = c;
	}
	if (r->pos < r->size)
		r->pos++;	/* the \n */
	buf[n] = 0;
	if (why)
		FAIL("%s", why);
	return 1;
}

_Static_assert(VMS_LINE_MAX == 512, "the message above says 511");

int vms_parse_line(char *line, unsigned ncpus, struct vm_config *cfg, char *err,
		   size_t err_size)
{
	char *argv[VM_ARGS_MAX + 1];
	const char *p = line;
	int argc;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 1;
	argc = words_split(line, argv, VM_ARGS_MAX, err, err_size);
	if (argc < 0)
		return argc;
	return vm_config_parse(argc, argv, ncpus, cfg, err, err_size);
}
