/* Unit test of the default VMs of `armhv run`: the console lines that
 * create and start them, what the console cannot take, and the user's keys
 * while the lines are typed.
 * Built with ASan/UBSan (make unit-armhv_cmd_vmsetup). */
#include <stdbool.h>
#include <string.h>

#include "armhv_cmd.h"
#include "script.h"
#include "vmsetup.h"

static void test_vm_setup(void)
{
	struct armhv_script sc;
	struct armhv_opts o;
	char err[256], name[16];
	bool ctrl_a = false;

	CHECK(parse(&o, err, "run", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == 0);
	CHECK(sc.count == 3);
	CHECK_STR(sc.lines[0].text, "vm create linux --kernel vm-kernel --initrd "
		  "vm-initrd --mem 256M --vcpus 2 --cmdline \"console=ttyAMA0\"");
	CHECK_STR(sc.lines[1].text, "vm start linux");
	CHECK_STR(sc.lines[2].text, "vm console linux");
	CHECK(sc.lines[0].line_no == 0 && sc.lines[2].line_no == 0);
	armhv_script_free(&sc);

	/* Scripted: no attach; several VMs; no initrd; no command line. */
	CHECK(parse(&o, err, "run", "--vms", "3", "--vm-mem", "1G", "--vcpus",
		    "1", "--cmdline", "", NULL) == 0);
	CHECK(armhv_vm_setup(&o, false, false, &sc, err, sizeof(err)) == 0);
	CHECK(sc.count == 6);
	CHECK_STR(sc.lines[0].text, "vm create linux --kernel vm-kernel --mem 1G --vcpus 1");
	CHECK_STR(sc.lines[2].text, "vm create linux2 --kernel vm-kernel --mem 1G --vcpus 1");
	CHECK_STR(sc.lines[5].text, "vm start linux3");
	armhv_script_free(&sc);
	armhv_vm_name(7, name, sizeof(name));
	CHECK_STR(name, "linux8");

	/* What the console cannot take is refused here. */
	CHECK(parse(&o, err, "run", "--cmdline", "a\"b", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	CHECK(strstr(err, "0x22") != NULL);
	CHECK(parse(&o, err, "run", "--cmdline", "a\tb", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	CHECK(parse(&o, err, "run", "--cmdline", "caf\xc3\xa9", NULL) == 0);
	CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
	{
		/* The longest command line that fits: the line is 255. */
		static char cmdline[300];
		size_t base = strlen("vm create linux --kernel vm-kernel --initrd "
				     "vm-initrd --mem 256M --vcpus 2 --cmdline \"\"");

		memset(cmdline, 'c', sizeof(cmdline) - 1);
		cmdline[255 - base] = '\0';
		CHECK(parse(&o, err, "run", "--cmdline", cmdline, NULL) == 0);
		CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == 0);
		CHECK(sc.count == 3 && strlen(sc.lines[0].text) == 255);
		armhv_script_free(&sc);
		cmdline[255 - base] = 'c';
		cmdline[256 - base] = '\0';
		CHECK(parse(&o, err, "run", "--cmdline", cmdline, NULL) == 0);
		CHECK(armhv_vm_setup(&o, true, true, &sc, err, sizeof(err)) == -1);
		CHECK(strstr(err, "256 characters") != NULL);
		CHECK(sc.count == 0 && sc.lines == NULL);
	}

	/* The user's keys while the setup lines are typed. */
	CHECK(armhv_setup_key(&ctrl_a, 'l') == ARMHV_SETUP_KEY_HOLD);
	CHECK(armhv_setup_key(&ctrl_a, 0x1d) == ARMHV_SETUP_KEY_HOLD);
	CHECK(armhv_setup_key(&ctrl_a, 0x03) == ARMHV_SETUP_KEY_ABORT);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(ctrl_a);
	CHECK(armhv_setup_key(&ctrl_a, 'x') == ARMHV_SETUP_KEY_PASS);
	CHECK(!ctrl_a);
	CHECK(armhv_setup_key(&ctrl_a, 'x') == ARMHV_SETUP_KEY_HOLD);
	/* Ctrl-A Ctrl-C: the second byte is QEMU's, not an abort. */
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x03) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(armhv_setup_key(&ctrl_a, 0x01) == ARMHV_SETUP_KEY_PASS);
	CHECK(!ctrl_a);
}

int main(void)
{
	RUN(test_vm_setup);
	return check_summary("armhv_cmd_vmsetup_test");
}
