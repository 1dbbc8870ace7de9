/* The console's command table and the line parser that dispatches to
 * it; the commands are in cmd_*.c, one file per group. */
#include <mgmt/commands.h>
#include <lib/log.h>
#include <lib/words.h>
#include <string.h>

#define MAX_ARGS 16

const struct command command_table[] = {
	{ "help", "", "list commands", 0, 0, cmd_help },
	{ "version", "", "armhv version and build", 0, 0, cmd_version },
	{ "cpus", "", "per CPU: MPIDR, state, stage owning VBAR_EL2", 0, 0, cmd_cpus },
	{ "mem", "", "page allocator totals", 0, 0, cmd_mem },
	{ "modules", "", "boot modules received (name, address, size, from the device tree or the initrd)", 0, 0, cmd_modules },
	{ "poweroff", "", "take every CPU out of armhv, then PSCI SYSTEM_OFF", 0, 0, cmd_poweroff },
	{ "reboot", "", "take every CPU out of armhv, then PSCI SYSTEM_RESET", 0, 0, cmd_reboot },
	{ "kexec", "NAME [--initrd NAME] [--cmdline \"STRING\"]", "hand the machine to module NAME at EL2", 1, 5, cmd_kexec },
	{ "bench", "hotplug CPU COUNT | vm NAME OPTIONS...", "hotplug: time COUNT off/on cycles of CPU (counter ticks per cycle); vm: vm create NAME OPTIONS... and vm start NAME, printing the counter read before, then wait for the VM to stop in WFI (docs/benchmarks.md)", 2, 15, cmd_bench },
	{ "kdump", "[load NAME [--initrd NAME] [--cmdline \"STRING\"]]", "show or arm the crash kernel", 0, 6, cmd_kdump },
	{ "log", "[level err|warn|info|debug]", "show or set the log level; lines suppressed by rate limits", 0, 2, cmd_log },
	{ "vm", "create|start|stop|pause|resume|destroy|save|restore|list|wait|input|console ...", "virtual machines: vm create NAME --kernel MODULE [--mem SIZE] [--vcpus N] [--initrd MODULE] [--cmdline \"STRING\"] [--cpus LIST]; vm start|stop|pause|resume|destroy NAME; vm save NAME [SNAPSHOT] [--keep-running] (into the disk's store; the VM stays paused unless --keep-running); vm restore SNAPSHOT [--name NAME]; vm list; vm wait NAME [--timeout SECONDS] [--output TEXT]; vm input NAME \"STRING\"; vm console NAME (the terminal is the VM's UART until Ctrl-]) (docs/vm.md)", 1, 15, cmd_vm },
	{ "disk", "[read SECTOR | selftest --destroy-last-mib | format-store [--entries N] [--force]]", "armhv's disk (the first virtio-blk device): where, capacity, features; read: hex dump of a sector; selftest: write, flush and read back a pattern over the disk's last MiB, destroying what was there; format-store: an empty store of VM snapshots, not over an existing one unless --force (docs/disk.md)", 0, 4, cmd_disk },
	{ "snapshot", "list | delete NAME", "the VM snapshots in the disk's store; delete frees every snapshot of that name (docs/vm.md)", 1, 2, cmd_snapshot },
	{ "cpu", "on|off CPU", "bring a CPU online, or take it out of armhv and power it off", 2, 2, cmd_cpu },
	{ "selftest", "fault|panic|late CPU [WHERE] | kexec-bad-dtb NAME | crc32c", "fault: unexpected exception on CPU in stage stub, init or runtime (or runtime holding the console lock: locked); panic: on CPU at runtime, in an exception report (report), by overflowing its stack (overflow) or while it comes online (bringup); late: start an off CPU that reaches the runtime stage only after its starter gave up on it (it must end up dead, not online); kexec-bad-dtb: kexec module NAME with a device tree whose first property length points backwards; crc32c: the CPU's CRC32C instructions against the table snapshots' checksums otherwise come from", 1, 3, cmd_selftest },
};

const unsigned command_count = ARRAY_SIZE(command_table);

void console_run_line(char *line)
{
	char *argv[MAX_ARGS + 1], err[80];
	int argc = words_split(line, argv, MAX_ARGS, err, sizeof(err));

	if (argc < 0) {
		con_printf("error: %s\n", err);
		return;
	}
	if (argc == 0)
		return;
	for (unsigned i = 0; i < command_count; i++) {
		const struct command *c = &command_table[i];

		if (strcmp(argv[0], c->name) != 0)
			continue;
		if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
			con_printf("error: usage: %s %s\n", c->name, c->args);
			return;
		}
		c->run(argc, argv);
		return;
	}
	con_printf("error: unknown command '%s' (try 'help')\n", argv[0]);
}
