/* Unit test of the armhv command's console scanner: the prompt, panic,
 * refusal and final stop lines, in chunks of every size, and never in
 * what the console echoes as typed.
 * Built with ASan/UBSan (make unit-armhv_cmd_scan). */
#include <stddef.h>
#include <string.h>

#include "check.h"

#include "scan.h"

/* Feeds text in chunks of chunk_len bytes, recording the events. */
static size_t scan_all(struct armhv_scan *scan, const char *text,
		       size_t chunk_len, enum armhv_scan_event *events,
		       size_t max_events)
{
	size_t len = strlen(text), pos = 0, count = 0;

	while (pos < len) {
		size_t n = len - pos < chunk_len ? len - pos : chunk_len;
		const char *p = text + pos;

		pos += n;
		while (n) {
			enum armhv_scan_event ev;
			size_t used = armhv_scan_feed(scan, p, n, &ev);

			CHECK(used >= 1 && used <= n);
			if (ev != ARMHV_SCAN_NONE && count < max_events)
				events[count++] = ev;
			p += used;
			n -= used;
		}
	}
	return count;
}

static void test_scan(void)
{
	static const char boot[] =
		"armhv version 1a2b (built x)\r\n"
		"armhv cpu0: ready: 4 of 4 CPUs at runtime\r\n"
		"armhv> cpus\r\n"
		"cpu0 mpidr=0x0 state=online stage=runtime\r\n"
		"armhv> ";
	enum armhv_scan_event ev[8];
	struct armhv_scan scan;

	for (size_t chunk = 1; chunk <= sizeof(boot); chunk++) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, boot, chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PROMPT && ev[1] == ARMHV_SCAN_PROMPT);
		CHECK(!scan.panic_seen && !scan.refusal_seen);
	}

	/* Near misses, and a prompt only at the start of a line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv>armhv >armhv>\n> ", 64, ev, 8) == 0);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "aarmhv> xarmharmhv> ", 3, ev, 8) == 0);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x\r\narmhv> \narmhv> ", 3, ev, 8) == 2);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv\n> ", 64, ev, 8) == 0);

	/* What is typed is echoed after the prompt: marks in it are text.
	 * One prompt per line, however often the typed line holds it. */
	for (size_t chunk = 1; chunk < 40; chunk += 3) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "armhv> kexec armhv> x armhv> \r\n"
			       "error: unknown command\r\n"
			       "armhv> help armhv: PANIC on cpu0: typed\r\n"
			       "error: usage: help\r\n"
			       "armhv> version armhv: cannot run: typed\r\n"
			       "armhv> ", chunk, ev, 8) == 4);
		for (int i = 0; i < 4; i++)
			CHECK(ev[i] == ARMHV_SCAN_PROMPT);
		CHECK(!scan.panic_seen && !scan.refusal_seen);
	}

	/* A panic counts when its line ends; its text is kept. */
	for (size_t chunk = 1; chunk < 50; chunk += 7) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "armhv cpu1: armhv: PANIC: oops\r\n"
			       "armhv: PANIC again\n", chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC);
		CHECK(scan.panic_seen);
		CHECK_STR(scan.panic_line, "armhv cpu1: armhv: PANIC: oops");
	}
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PAN\nIC\narmhv: panic\n", 64, ev, 8) ==
	      0);
	CHECK(!scan.panic_seen);
	/* Only at the start of a line, after armhv's log prefix if any. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x armhv: PANIC\n armhv: PANIC\n"
		       "armhv cpu: armhv: PANIC\narmhv cpux: armhv: PANIC\n"
		       "armhv cpu1 armhv: PANIC\narmhv cpu1: x armhv: PANIC\n",
		       64, ev, 8) == 0);
	CHECK(!scan.panic_seen);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv cpu12: armhv: PANIC: x\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_PANIC);
	/* ... and one without a newline counts at the end of output. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PANIC on cpu2", 64, ev, 8) == 0);
	CHECK(armhv_scan_end_line(&scan) == ARMHV_SCAN_PANIC);
	CHECK_STR(scan.panic_line, "armhv: PANIC on cpu2");

	/* The refusal: only at the start of a line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "boot\r\narmhv: cannot run: entered at EL1, "
		       "armhv needs EL2\r\n", 5, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_REFUSAL);
	CHECK_STR(scan.refusal_line,
		  "armhv: cannot run: entered at EL1, armhv needs EL2");
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "x armhv: cannot run: no\n", 64, ev, 8) == 0);
	CHECK(!scan.refusal_seen);
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: cannot run: EL1", 64, ev, 8) == 0);
	CHECK(armhv_scan_partial_refusal(&scan));
	CHECK(armhv_scan_end_line(&scan) == ARMHV_SCAN_REFUSAL);
	CHECK(!armhv_scan_partial_refusal(&scan));
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: cannot", 64, ev, 8) == 0);
	CHECK(!armhv_scan_partial_refusal(&scan));

	/* The line after which armhv stops for good: final. */
	for (size_t chunk = 1; chunk < 50; chunk += 7) {
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, "\r\narmhv: PANIC on cpu1: x\r\n"
			       "armhv: no crash kernel armed (kdump load): the machine stops here\r\n",
			       chunk, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC && ev[1] == ARMHV_SCAN_STOPPED);
		CHECK(scan.stop_seen);
		CHECK_STR(scan.stop_line,
			  "armhv: no crash kernel armed (kdump load): the machine stops here");
	}
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv cpu3: armhv: crash: x: the machine stops here\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_STOPPED);
	/* ... not when typed, nor anywhere but armhv's own line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv> mem armhv: x: the machine stops here\r\n"
		       "x armhv: y: the machine stops here\n"
		       "armhv: the machine stops here, not\n"
		       "armhv: y: the machine stops here later\n", 64, ev, 8) == 1);
	CHECK(ev[0] == ARMHV_SCAN_PROMPT);
	CHECK(!scan.stop_seen);
	{
		static char text[1000];

		strcpy(text, "armhv: ");
		memset(text + 7, 'z', 600);
		strcpy(text + 607, ": the machine stops here\n");
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, text, 64, ev, 8) == 0);	/* its end was lost */
	}

	/* Very long lines are truncated, not overflowed; marks still count. */
	{
		static char text[3000];

		strcpy(text, "armhv: PANIC ");
		memset(text + 13, 'y', 2000);
		strcpy(text + 2013, "\narmhv> ");
		armhv_scan_init(&scan);
		CHECK(scan_all(&scan, text, 100, ev, 8) == 2);
		CHECK(ev[0] == ARMHV_SCAN_PANIC && ev[1] == ARMHV_SCAN_PROMPT);
		CHECK(strlen(scan.panic_line) == ARMHV_SCAN_LINE_MAX_LEN);
	}
	/* Control characters are not copied into the kept line. */
	armhv_scan_init(&scan);
	CHECK(scan_all(&scan, "armhv: PANIC \x1b[0m\n", 64, ev, 8) == 1);
	CHECK_STR(scan.panic_line, "armhv: PANIC ?[0m");
}

int main(void)
{
	RUN(test_scan);
	return check_summary("armhv_cmd_scan_test");
}
