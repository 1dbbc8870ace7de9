/* Script parsing. Pure: no I/O. */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

void armhv_script_free(struct armhv_script *script)
{
	for (size_t i = 0; i < script->count; i++)
		free(script->lines[i].text);
	free(script->lines);
	script->lines = NULL;
	script->count = 0;
}

static int add_line(struct armhv_script *script, unsigned line_no,
		    const char *text, size_t len)
{
	struct armhv_script_line *lines;
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	lines = realloc(script->lines, (script->count + 1) * sizeof(*lines));
	if (!lines) {
		free(copy);
		return -ENOMEM;
	}
	script->lines = lines;
	lines[script->count].line_no = line_no;
	lines[script->count].text = copy;
	script->count++;
	return 0;
}

int armhv_script_parse(const char *buf, size_t len, struct armhv_script *script,
		       char *err, size_t err_size)
{
	unsigned line_no = 0;
	size_t pos = 0;
	int rc;

	script->lines = NULL;
	script->count = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t start = pos;

		line_no++;
		pos = nl ? end + 1 : len;
		while (start < end && is_space(buf[start]))
			start++;
		while (end > start && is_space(buf[end - 1]))
			end--;
		if (start == end || buf[start] == '#')
			continue;
		for (size_t i = start; i < end; i++) {
			unsigned char c = (unsigned char)buf[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				snprintf(err, err_size,
					 "line %u: control character 0x%02x",
					 line_no, c);
				armhv_script_free(script);
				return -1;
			}
		}
		if (end - start > ARMHV_SCRIPT_LINE_MAX_LEN) {
			snprintf(err, err_size,
				 "line %u: longer than %u characters (what "
				 "armhv's console takes)", line_no,
				 ARMHV_SCRIPT_LINE_MAX_LEN);
			armhv_script_free(script);
			return -1;
		}
		rc = add_line(script, line_no, buf + start, end - start);
		if (rc) {
			armhv_script_free(script);
			return rc;
		}
	}
	if (script->count == 0) {
		snprintf(err, err_size,
			 "no command in it (only blank lines and comments)");
		return -1;
	}
	return 0;
}
