/* The log console command. */
#include <mgmt/commands.h>
#include <lib/log.h>
#include <string.h>

/* log [level LEVEL]: the log level, and lines suppressed by rate limits. */
void cmd_log(int argc, char **argv)
{
	int level;

	if (argc == 3 && strcmp(argv[1], "level") == 0) {
		level = log_level_parse(argv[2]);
		if (level < 0) {
			con_printf("error: log level must be err, warn, info or debug (or 0-3)\n");
			return;
		}
		log_set_level((enum log_level)level);
	} else if (argc != 1) {
		con_printf("error: usage: log [level err|warn|info|debug]\n");
		return;
	}
	con_printf("log: level %s, %llu lines suppressed by rate limits\n",
		   log_level_name(log_get_level()), (unsigned long long)log_suppressed_total());
}
