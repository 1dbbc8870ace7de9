/* The armhv command: builds the QEMU command line for armhv, boots it and
 * drives its management console. See usage() and docs in tools/armhv. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <snapshot/store.h>
#include "opts.h"
#include "qemu_cmd.h"
#include "run.h"
#include "script.h"
#include "snapcmd.h"
#include "vmsetup.h"

static const char usage_text[] =
"usage: armhv run [OPTIONS] [-- EXTRA-QEMU-ARGS]\n"
"       armhv qemu-cmdline [OPTIONS] [-- EXTRA-QEMU-ARGS]\n"
"       armhv snapshot list|inspect|extract ... (armhv snapshot --help)\n"
"\n"
"Boots armhv on QEMU's virt machine (GICv3, EL2) with a Linux VM named\n"
"linux and puts the terminal on that guest's console (Ctrl-] goes to\n"
"armhv's console, where `vm console linux` comes back; Ctrl-A x quits\n"
"QEMU). With --script, the script drives armhv's console while the VMs\n"
"run; with --no-vm, armhv boots alone with its console on the terminal.\n"
"`qemu-cmdline` prints the QEMU command `run` would start.\n"
"\n"
"  --smp N            CPUs, 1 to 8 (default: one per VM vCPU and one for\n"
"                     the console, at most 8; 4 with --no-vm)\n"
"  --mem SIZE         RAM, 128M to 8G, suffix K, M or G (default 1G, or\n"
"                     the VMs' memory + 512M rounded up to a G; a bare\n"
"                     number is MiB, as with QEMU's -m)\n"
"  --vms N            Linux VMs, 1 to 8, named linux, linux2, ... (default 1)\n"
"  --vcpus N          vCPUs of each, 1 to 8 (default 2)\n"
"  --vm-mem SIZE      RAM of each, 16M to 4G (default 256M)\n"
"  --kernel FILE      their kernel (default .deps/guests/Image, Debian's)\n"
"  --initrd FILE      their initrd (default .deps/guests/initramfs.cpio.gz)\n"
"  --cmdline STRING   their command line (default console=ttyAMA0)\n"
"  --no-vm            no VM: armhv's console on the terminal\n"
"  --script FILE      send FILE's lines to the console, each after a prompt\n"
"                     (blank lines and lines starting with # are skipped;\n"
"                     at most 255 characters a line, as the console takes);\n"
"                     the VMs are created and started first, not attached\n"
"  --timeout SECONDS  give up after SECONDS (default: none; 120 with\n"
"                     --script; 0 = none)\n"
"  --module NAME=PATH hand PATH to armhv as boot module NAME (repeatable;\n"
"                     NAME is [A-Za-z0-9_.-]{1,31}; vm-kernel and vm-initrd\n"
"                     are the VMs' unless --no-vm)\n"
"  --no-reboot        make a reboot end QEMU\n"
"  --snapshot-disk FILE\n"
"                     attach FILE (raw) as armhv's disk, a virtio-blk\n"
"                     device at 0x0a000000; run creates it, sparse, of\n"
"                     1 GiB, an empty snapshot store, if it does not\n"
"                     exist (see docs/disk.md)\n"
"  --image PATH       armhv image (default: armhv.bin beside this program)\n"
"  -- ARGS            extra QEMU arguments, appended last\n"
"\n"
"Environment: ARMHV_QEMU replaces qemu-system-aarch64.\n"
"\n"
"Exit codes of run: 0 QEMU exited 0 after the whole script (or, without a\n"
"script, QEMU exited 0); 1 usage error; 2 QEMU could not start, exited\n"
"non-zero, was killed, or exited before the script ended (or Ctrl-C came\n"
"before the terminal reached the guest); 3 timeout; 4 armhv refused to\n"
"run (\"armhv: cannot run:\"); 5 armhv panicked (\"armhv: PANIC\").\n";

static const char *prog_cmd = "armhv";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", prog_cmd, msg);
	return ARMHV_EXIT_USAGE;
}

/* build/armhv, "armhv.bin" -> build/armhv.bin */
static char *beside_exe(const char *argv0, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *path;

	if (n > 0) {
		exe[n] = '\0';
	} else if (!realpath(argv0, exe)) {
		snprintf(exe, sizeof(exe), "%s", argv0);
	}
	slash = strrchr(exe, '/');
	if (slash)
		slash[1] = '\0';
	else
		exe[0] = '\0';
	if (asprintf(&path, "%s%s", exe, rel) < 0)
		return NULL;
	return path;
}

static int check_file(const char *what, const char *path, uint64_t *size,
		      const char *hint);

/* The default VMs' kernel and initrd become boot modules, placed first. */
static int add_vm_modules(struct armhv_opts *opts, const char *argv0,
			  char **kernel, char **initrd)
{
	static const char hint[] = " (run scripts/setup, or give --kernel "
				   "FILE and --initrd FILE, or --no-vm)";
	const char *names[2] = { ARMHV_VM_KERNEL_MODULE, ARMHV_VM_INITRD_MODULE };
	char *paths[2];
	unsigned n = opts->module_count;

	*kernel = opts->vm_kernel ? strdup(opts->vm_kernel)
				  : beside_exe(argv0, "../.deps/guests/Image");
	*initrd = opts->vm_initrd ? strdup(opts->vm_initrd)
				  : beside_exe(argv0, "../.deps/guests/initramfs.cpio.gz");
	if (!*kernel || !*initrd)
		return usage_error("out of memory");
	for (char **p = kernel; p; p = p == kernel ? initrd : NULL) {
		char *real = realpath(*p, NULL);    /* build/../.deps: .deps */

		if (real) {
			free(*p);
			*p = real;
		}
	}
	paths[0] = *kernel;
	paths[1] = *initrd;
	if (n + 2 > ARMHV_MODULE_MAX_COUNT)
		return usage_error("--module: at most %u modules beside the "
				   "default VMs' kernel and initrd (or --no-vm)",
				   ARMHV_MODULE_MAX_COUNT - 2);
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < 2; k++)
			if (strcmp(opts->modules[i].name, names[k]) == 0)
				return usage_error("--module %s: the name is the "
						   "default VMs' (or give --no-vm)",
						   names[k]);
	for (unsigned k = 0; k < 2; k++) {
		const char *what = k ? (opts->vm_initrd ? "--initrd" : "the default VMs' initrd")
				     : (opts->vm_kernel ? "--kernel" : "the default VMs' kernel");
		uint64_t size;

		if (check_file(what, paths[k], &size,
			       (k ? opts->vm_initrd : opts->vm_kernel) ? "" : hint))
			return ARMHV_EXIT_USAGE;
		if (size == 0)
			return usage_error("%s '%s' is empty", what, paths[k]);
	}
	/* Modules are placed in order: the VMs' first. */
	memmove(&opts->modules[2], &opts->modules[0], n * sizeof(opts->modules[0]));
	for (unsigned k = 0; k < 2; k++) {
		memset(&opts->modules[k], 0, sizeof(opts->modules[k]));
		snprintf(opts->modules[k].name, sizeof(opts->modules[k].name), "%s", names[k]);
		opts->modules[k].path = paths[k];
	}
	opts->module_count = n + 2;
	return 0;
}

/* The setup lines, then the script's. */
static int prepend_lines(struct armhv_script *script, struct armhv_script *setup)
{
	struct armhv_script_line *lines;

	lines = realloc(setup->lines, (setup->count + script->count) * sizeof(*lines));
	if (!lines)
		return usage_error("out of memory");
	memcpy(lines + setup->count, script->lines, script->count * sizeof(*lines));
	free(script->lines);
	script->lines = lines;
	script->count += setup->count;
	setup->lines = NULL;
	setup->count = 0;
	return 0;
}

static int check_file(const char *what, const char *path, uint64_t *size,
		      const char *hint)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return usage_error("%s '%s': %s%s", what, path,
				   strerror(errno), hint);
	if (!S_ISREG(st.st_mode))
		return usage_error("%s '%s': not a regular file", what, path);
	if (access(path, R_OK) < 0)
		return usage_error("%s '%s': %s", what, path, strerror(errno));
	if (size)
		*size = (uint64_t)st.st_size;
	return 0;
}

/* A new disk file as the snapshot store's device (formatting only). */
static int new_disk_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	ssize_t n = pread(*(int *)ctx, buf, (size_t)count * SNAP_SECTOR, (off_t)(sector * SNAP_SECTOR));

	return n == (ssize_t)count * SNAP_SECTOR ? 0 : -1;
}

static int new_disk_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	ssize_t n = pwrite(*(int *)ctx, buf, (size_t)count * SNAP_SECTOR, (off_t)(sector * SNAP_SECTOR));

	return n == (ssize_t)count * SNAP_SECTOR ? 0 : -1;
}

static int new_disk_flush(void *ctx)
{
	return fsync(*(int *)ctx) ? -1 : 0;
}

/* --snapshot-disk FILE for run: an existing regular file armhv run may
 * read and write, or a new one, sparse, of ARMHV_SNAPSHOT_DISK_SIZE,
 * formatted as an empty snapshot store (docs/snapshot-format.md) so that
 * vm save can use it at once. A host block device is refused: armhv
 * writes to the disk it is given. */
static int prepare_snapshot_disk(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return usage_error("--snapshot-disk '%s': not a regular file", path);
		if (access(path, R_OK | W_OK) < 0)
			return usage_error("--snapshot-disk '%s': %s", path, strerror(errno));
		return 0;
	}
	if (errno != ENOENT)
		return usage_error("--snapshot-disk '%s': %s", path, strerror(errno));
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return usage_error("--snapshot-disk '%s': cannot create it: %s", path,
				   strerror(errno));
	if (ftruncate(fd, (off_t)ARMHV_SNAPSHOT_DISK_SIZE) < 0) {
		int err = errno;

		close(fd);
		unlink(path);
		return usage_error("--snapshot-disk '%s': cannot make it %llu bytes: %s", path,
				   (unsigned long long)ARMHV_SNAPSHOT_DISK_SIZE, strerror(err));
	}
	{
		struct snap_dev dev = { .ctx = &fd, .sectors = ARMHV_SNAPSHOT_DISK_SIZE / SNAP_SECTOR,
					.read = new_disk_read, .write = new_disk_write,
					.flush = new_disk_flush };
		char why[160];

		if (snap_store_format(&dev, 16, why, sizeof(why))) {
			close(fd);
			unlink(path);
			return usage_error("--snapshot-disk '%s': cannot format it: %s", path, why);
		}
	}
	close(fd);
	return 0;
}

static int load_script(const char *path, struct armhv_script *script)
{
	char err[256];
	char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int rc;

	if (check_file("--script", path, NULL, ""))
		return ARMHV_EXIT_USAGE;
	f = fopen(path, "rb");
	if (!f)
		return usage_error("--script '%s': %s", path, strerror(errno));
	for (;;) {
		size_t n;

		if (len == cap) {
			char *more;

			cap = cap ? cap * 2 : 4096;
			more = cap > (16u << 20) ? NULL : realloc(buf, cap);
			if (!more) {
				free(buf);
				fclose(f);
				return usage_error("--script '%s': too large",
						   path);
			}
			buf = more;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return usage_error("--script '%s': read error", path);
	}
	fclose(f);
	rc = armhv_script_parse(buf, len, script, err, sizeof(err));
	free(buf);
	if (rc == -ENOMEM)
		return usage_error("out of memory");
	if (rc)
		return usage_error("--script '%s': %s", path, err);
	return 0;
}

/* With fd 0, 1 or 2 closed, a pipe could land there, and QEMU would lose
 * it (dup2 onto itself keeps O_CLOEXEC): open /dev/null in their place. */
static void open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int null_fd = open("/dev/null", O_RDWR);

			if (null_fd >= 0 && null_fd != fd)
				close(null_fd);   /* fd is open after all */
		}
	}
}

int main(int argc, char **argv)
{
	struct armhv_script script = { NULL, 0 }, setup = { NULL, 0 };
	char *vm_kernel = NULL, *vm_initrd = NULL;
	struct armhv_opts opts;
	struct armhv_argv qemu_argv;
	char cmd_name[64], err[512];
	char *image_path;
	const char *qemu;
	bool scripted;
	int rc;

	open_std_fds();
	if (argc >= 2 && strcmp(argv[1], "snapshot") == 0)
		return armhv_snapshot_main(argc, argv, stdout, stderr);
	if (armhv_parse_args(argc, argv, &opts, err, sizeof(err)) < 0) {
		if (argc >= 2 && (strcmp(argv[1], "run") == 0 ||
				  strcmp(argv[1], "qemu-cmdline") == 0)) {
			snprintf(cmd_name, sizeof(cmd_name), "armhv %s",
				 argv[1]);
			prog_cmd = cmd_name;
		}
		return usage_error("%s (armhv --help for usage)", err);
	}
	if (opts.cmd == ARMHV_CMD_HELP) {
		fputs(usage_text, stdout);
		return 0;
	}
	snprintf(cmd_name, sizeof(cmd_name), "armhv %s",
		 armhv_cmd_name(opts.cmd));
	prog_cmd = cmd_name;

	scripted = opts.script_path != NULL;
	if (scripted && (rc = load_script(opts.script_path, &script)))
		return rc;
	if (!opts.no_vm) {
		if ((rc = add_vm_modules(&opts, argv[0], &vm_kernel, &vm_initrd)))
			return rc;
		rc = armhv_vm_setup(&opts, true, !scripted, &setup, err, sizeof(err));
		if (rc == -ENOMEM)
			return usage_error("out of memory");
		if (rc)
			return usage_error("%s", err);
		if (scripted && (rc = prepend_lines(&script, &setup)))
			return rc;
	}
	for (unsigned i = 0; i < opts.module_count; i++) {
		struct armhv_module *m = &opts.modules[i];
		char what[64];

		snprintf(what, sizeof(what), "--module %s:", m->name);
		if (check_file(what, m->path, &m->size, ""))
			return ARMHV_EXIT_USAGE;
		if (m->size == 0)
			return usage_error("--module %s: '%s' is empty",
					   m->name, m->path);
	}
	if (armhv_place_modules(opts.modules, opts.module_count,
				opts.mem_size, err, sizeof(err)) < 0)
		return usage_error("%s", err);
	image_path = opts.image_path ? strdup(opts.image_path)
				     : beside_exe(argv[0], "armhv.bin");
	if (!image_path)
		return usage_error("out of memory");
	if (check_file(opts.image_path ? "--image" : "armhv image", image_path,
		       NULL, opts.image_path ? "" : " (build it with `make hyp`,"
		       " or give --image PATH)"))
		return ARMHV_EXIT_USAGE;

	/* Created by run only: qemu-cmdline prints, and changes nothing. */
	if (opts.snapshot_disk && opts.cmd == ARMHV_CMD_RUN &&
	    (rc = prepare_snapshot_disk(opts.snapshot_disk)))
		return rc;

	qemu = getenv("ARMHV_QEMU");
	if (!qemu || !*qemu)
		qemu = ARMHV_QEMU_DEFAULT;
	if (armhv_qemu_argv(&opts, qemu, image_path, scripted, &qemu_argv))
		return usage_error("out of memory");
	free(image_path);

	if (opts.cmd == ARMHV_CMD_QEMU_CMDLINE) {
		char *line = armhv_shell_join(qemu_argv.v, qemu_argv.count);

		if (!line)
			return usage_error("out of memory");
		printf("%s\n", line);
		free(line);
		rc = 0;
	} else if (scripted) {
		rc = armhv_run_scripted(&opts, qemu_argv.v, &script);
	} else if (setup.count) {
		rc = armhv_run_attached(&opts, qemu_argv.v, &setup);
	} else {
		rc = armhv_run_interactive(&opts, qemu_argv.v);
	}
	armhv_argv_free(&qemu_argv);
	armhv_script_free(&script);
	armhv_script_free(&setup);
	free(vm_kernel);
	free(vm_initrd);
	return rc;
}
