/* Unit test of the armhv command's console scripts (--script FILE):
 * comments, blank lines, trimming, refused lines, the console's line limit.
 * Built with ASan/UBSan (make unit-armhv_cmd_script). */
#include <string.h>

#include "check.h"
#include <mgmt/console.h>

#include "script.h"

static void test_script(void)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"cpus\n"
		"   \t\n"
		"  selftest fault 2  \r\n"
		"  # indented comment\n"
		"poweroff";
	struct armhv_script s;
	char err[256], big[2000];

	CHECK(armhv_script_parse(text, strlen(text), &s, err,
				 sizeof(err)) == 0);
	CHECK(s.count == 3);
	if (s.count == 3) {
		CHECK_STR(s.lines[0].text, "cpus");
		CHECK(s.lines[0].line_no == 3);
		CHECK_STR(s.lines[1].text, "selftest fault 2");
		CHECK(s.lines[1].line_no == 5);
		CHECK_STR(s.lines[2].text, "poweroff");
		CHECK(s.lines[2].line_no == 7);
	}
	armhv_script_free(&s);

	CHECK(armhv_script_parse("# only\n\n", 8, &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no command") != NULL);
	CHECK(armhv_script_parse("", 0, &s, err, sizeof(err)) == -1);
	CHECK(armhv_script_parse("cpus\nbad\x03line\n", 14, &s, err,
				 sizeof(err)) == -1);
	CHECK(strstr(err, "line 2") != NULL);
	CHECK(armhv_script_parse("a\0b\n", 4, &s, err, sizeof(err)) == -1);
	memset(big, 'x', sizeof(big));
	CHECK(armhv_script_parse(big, sizeof(big), &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "longer") != NULL);
	/* The console's limit, no more: a longer line would be sent, then
	 * refused by the console. */
	CHECK(ARMHV_SCRIPT_LINE_MAX_LEN == CONSOLE_LINE_MAX - 1);
	CHECK(armhv_script_parse(big, 255, &s, err, sizeof(err)) == 0);
	armhv_script_free(&s);
	CHECK(armhv_script_parse(big, 256, &s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "line 1: longer than 255 characters") != NULL);
	CHECK(armhv_script_parse(big, 1024, &s, err, sizeof(err)) == -1);
	/* Trimmed before it is measured. */
	big[0] = ' ';
	big[256] = '\t';
	CHECK(armhv_script_parse(big, 257, &s, err, sizeof(err)) == 0);
	armhv_script_free(&s);
}

int main(void)
{
	RUN(test_script);
	return check_summary("armhv_cmd_script_test");
}
