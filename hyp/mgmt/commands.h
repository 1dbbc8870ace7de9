/* Console commands: the table (mgmt/commands.c), the commands, one file
 * per group, and their argument parsers (mgmt/parse.c). */
#ifndef ARMHV_COMMANDS_H
#define ARMHV_COMMANDS_H

#include <mgmt/console.h>
#include <arch/types.h>
#include <lib/bootargs.h>	/* parse_size, parse_u64 */

struct command {
	const char *name;
	const char *args;
	const char *help;
	int min_args, max_args;
	void (*run)(int argc, char **argv);
};

/* Every command, in the order help lists them. */
extern const struct command command_table[];
extern const unsigned command_count;

/* A CPU index below cpu_count; prints the error itself. */
bool parse_cpu(const char *arg, unsigned *cpu);

/* The commands: argv[0] is the command's name, argc within the table's
 * bounds. */
void cmd_help(int argc, char **argv);		/* mgmt/cmd_system.c */
void cmd_version(int argc, char **argv);
void cmd_poweroff(int argc, char **argv);
void cmd_reboot(int argc, char **argv);
void cmd_cpus(int argc, char **argv);		/* mgmt/cmd_cpu.c */
void cmd_cpu(int argc, char **argv);
void cmd_bench(int argc, char **argv);
void cmd_mem(int argc, char **argv);		/* mgmt/cmd_mem.c */
void cmd_modules(int argc, char **argv);
void cmd_kexec(int argc, char **argv);		/* mgmt/cmd_kexec.c */
void cmd_kdump(int argc, char **argv);
void cmd_selftest(int argc, char **argv);	/* mgmt/cmd_selftest.c */
void cmd_log(int argc, char **argv);		/* mgmt/cmd_log.c */
void cmd_vm(int argc, char **argv);		/* mgmt/cmd_vm.c */
void cmd_disk(int argc, char **argv);		/* mgmt/cmd_disk.c */
void cmd_vm_save(int argc, char **argv);	/* mgmt/cmd_snapshot.c */
void cmd_vm_restore(int argc, char **argv);
void cmd_snapshot(int argc, char **argv);
void cmd_disk_format_store(int argc, char **argv);

#endif
