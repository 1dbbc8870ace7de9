/* Splitting a command line into words (lib/words.h). */
#include <lib/words.h>
#include <stdio.h>

int words_split(char *line, char **argv, int max, char *err, size_t err_size)
{
	int argc = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		if (argc == max) {
			snprintf(err, err_size, "too many arguments (at most %d)", max - 1);
			return -EINVAL;
		}
		if (*p == '"') {	/* a quoted argument may hold spaces */
			argv[argc++] = ++p;
			while (*p && *p != '"')
				p++;
			if (!*p) {
				snprintf(err, err_size, "unterminated quote");
				return -EINVAL;
			}
			*p++ = 0;
			continue;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[argc] = NULL;
	return argc;
}
