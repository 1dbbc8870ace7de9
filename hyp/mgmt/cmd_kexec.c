/* Console commands that hand the machine on: kexec, kdump. */
#include <mgmt/commands.h>
#include <handover/kexec.h>
#include <handover/crash.h>
#include <lib/log.h>
#include <string.h>

/* Parses NAME [--initrd NAME] [--cmdline STRING] from argv[first]. */
static bool parse_image_args(int argc, char **argv, int first, struct kexec_request *r)
{
	r->image = argv[first];
	for (int i = first + 1; i < argc; i += 2) {
		if (i + 1 >= argc) {
			con_printf("error: %s needs a value\n", argv[i]);
			return false;
		}
		if (strcmp(argv[i], "--initrd") == 0) {
			r->initrd = argv[i + 1];
		} else if (strcmp(argv[i], "--cmdline") == 0) {
			r->cmdline = argv[i + 1];
		} else {
			con_printf("error: unknown %s option '%s' (--initrd NAME, --cmdline STRING)\n",
				   argv[0], argv[i]);
			return false;
		}
	}
	return true;
}

void cmd_kexec(int argc, char **argv)
{
	struct kexec_request r = { 0 };
	char err[160];

	if (!parse_image_args(argc, argv, 1, &r))
		return;
	kexec_run(&r, err, sizeof(err));	/* returns only on failure */
	con_printf("error: kexec: %s\n", err);
}

void cmd_kdump(int argc, char **argv)
{
	struct kexec_request r = { 0 };
	char err[160];

	if (argc == 1) {
		kdump_show();
		return;
	}
	if (strcmp(argv[1], "load") != 0 || argc < 3) {
		con_printf("error: usage: kdump [load NAME [--initrd NAME] [--cmdline STRING]]\n");
		return;
	}
	if (!parse_image_args(argc, argv, 2, &r))
		return;
	if (kdump_load(&r, err, sizeof(err)))
		con_printf("error: kdump: %s\n", err);
	else
		kdump_show();
}
