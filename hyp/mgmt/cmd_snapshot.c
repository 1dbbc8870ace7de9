/* The snapshot console commands (vm/save.h, docs/vm.md): vm save, vm
 * restore, snapshot list and delete, disk format-store. Each error is one line. */
#include <mgmt/commands.h>
#include <lib/log.h>
#include <vm/save.h>
#include <vm/vm.h>
#include <stdio.h>
#include <string.h>

/* Microseconds as milliseconds with three decimals, "892.123". */
static const char *ms(uint64_t us, char *buf, size_t size)
{
	snprintf(buf, size, "%llu.%03llu", (unsigned long long)(us / 1000),
		 (unsigned long long)(us % 1000));
	return buf;
}

/* vm save NAME [SNAPSHOT] [--keep-running] */
void cmd_vm_save(int argc, char **argv)
{
	const char *snap = NULL;
	bool keep = false;
	struct vm_save_result r;
	struct vm *vm;
	char err[200], t1[24], t2[24], t3[24];

	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--keep-running") == 0)
			keep = true;
		else if (!snap && argv[i][0] != '-')
			snap = argv[i];
		else
			goto usage;
	}
	if (argc < 3)
		goto usage;
	vm = vm_find(argv[2]);
	if (!vm) {
		con_printf("error: no VM named '%s'\n", argv[2]);
		return;
	}
	if (!snap)
		snap = vm->cfg.name;
	if (vm_save(vm, snap, keep, &r, err, sizeof(err))) {
		con_printf("error: vm save: %s\n", err);
		return;
	}
	con_printf("vm %s: saved as snapshot %s: %llu bytes (%u RAM blocks of 2 MiB) in %s ms "
		   "(%s waiting for the disk), paused %s ms%s\n", vm->cfg.name, snap,
		   (unsigned long long)r.bytes, r.blocks, ms(r.total_us, t1, sizeof(t1)),
		   ms(r.disk_us, t2, sizeof(t2)), ms(r.pause_us, t3, sizeof(t3)),
		   r.paused ? "; it stays paused: vm resume or vm destroy it" : "; running");
	return;
usage:
	con_printf("error: usage: vm save NAME [SNAPSHOT] [--keep-running]\n");
}

/* vm restore SNAPSHOT [--name NAME] */
void cmd_vm_restore(int argc, char **argv)
{
	const char *name = NULL;
	struct vm_restore_result r;
	struct vm *vm;
	char err[200], t1[24], t2[24];

	if (argc == 5 && strcmp(argv[3], "--name") == 0)
		name = argv[4];
	else if (argc != 3) {
		con_printf("error: usage: vm restore SNAPSHOT [--name NAME]\n");
		return;
	}
	if (name) {
		struct vm_config probe;
		char *pargv[3] = { (char *)name, "--kernel", "x" };

		/* The name rules of vm create. */
		if (vm_config_parse(3, pargv, 64, &probe, err, sizeof(err))) {
			con_printf("error: vm restore: --name %s: %s\n", name, err);
			return;
		}
	}
	vm = vm_restore(argv[2], name, &r, err, sizeof(err));
	if (!vm) {
		con_printf("error: vm restore: %s\n", err);
		return;
	}
	con_printf("vm %s: restored from snapshot %s: %u vCPUs, %llu MiB, %u RAM blocks of 2 MiB "
		   "in %s ms (%s waiting for the disk); running\n", vm->cfg.name, argv[2],
		   vm->cfg.vcpus, (unsigned long long)(vm->cfg.mem_size >> 20), r.blocks,
		   ms(r.total_us, t1, sizeof(t1)), ms(r.disk_us, t2, sizeof(t2)));
}

static void list_one(const struct snap_entry *e, void *ctx)
{
	static const char *const states[] = { "free", "incomplete", "valid", "damaged" };
	unsigned *n = ctx;

	(*n)++;
	if (e->state == SNAP_ENTRY_DAMAGED) {
		con_printf("  (damaged entry: %s)\n", e->damage ? e->damage : "?");
		return;
	}
	con_printf("  %-31s vm %-15s %12llu bytes  %s%s\n", e->name, e->vm_name,
		   (unsigned long long)e->bytes, e->state < 4 ? states[e->state] : "?",
		   e->superseded ? " (superseded)" : "");
}

/* snapshot list | snapshot delete NAME */
void cmd_snapshot(int argc, char **argv)
{
	uint64_t free_sectors = 0;
	unsigned n = 0;
	char err[200];

	if (argc == 3 && strcmp(argv[1], "delete") == 0) {
		if (vm_store_delete(argv[2], err, sizeof(err)))
			con_printf("error: snapshot delete: %s\n", err);
		else
			con_printf("snapshot %s: deleted\n", argv[2]);
		return;
	}
	if (argc != 2 || strcmp(argv[1], "list") != 0) {
		con_printf("error: usage: snapshot list | snapshot delete NAME\n");
		return;
	}
	if (vm_store_list(list_one, &n, &free_sectors, err, sizeof(err))) {
		con_printf("error: snapshot list: %s\n", err);
		return;
	}
	con_printf("%u snapshot%s; %llu MiB free\n", n, n == 1 ? "" : "s",
		   (unsigned long long)(free_sectors >> 11));
}

/* disk format-store [--entries N] [--force] */
void cmd_disk_format_store(int argc, char **argv)
{
	uint64_t entries = 16;
	bool force = false;
	char err[200];

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0) {
			force = true;
		} else if (strcmp(argv[i], "--entries") == 0 && i + 1 < argc) {
			if (!parse_u64(argv[++i], &entries) || !entries ||
			    entries > SNAP_STORE_MAX_ENTRIES) {
				con_printf("error: --entries: 1 to %u\n", SNAP_STORE_MAX_ENTRIES);
				return;
			}
		} else {
			con_printf("error: usage: disk format-store [--entries N] [--force]\n");
			return;
		}
	}
	if (vm_store_format((uint32_t)entries, force, err, sizeof(err))) {
		con_printf("error: disk format-store: %s\n", err);
		return;
	}
	con_printf("disk: an empty snapshot store of %llu entries written\n",
		   (unsigned long long)entries);
}
