/* Console commands about armhv and the machine as a whole: help,
 * version, poweroff, reboot. */
#include <mgmt/commands.h>
#include <lifecycle/lifecycle.h>
#include <lib/log.h>
#include <lib/version.h>

void cmd_help(int argc, char **argv)
{
	for (unsigned i = 0; i < command_count; i++) {
		con_printf("  %s%s%s\n", command_table[i].name, *command_table[i].args ? " " : "",
			   command_table[i].args);
		con_printf("      %s\n", command_table[i].help);
	}
}

void cmd_version(int argc, char **argv)
{
	con_printf("armhv version %s (built %s)\n", armhv_version, armhv_build_date);
}

void cmd_poweroff(int argc, char **argv)
{
	system_end(SYSTEM_END_POWEROFF);
}

void cmd_reboot(int argc, char **argv)
{
	system_end(SYSTEM_END_REBOOT);
}
