# Bad arguments: exit code 1 at once, one clear line on stderr naming the
# culprit, nothing on stdout, and QEMU never started.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
printf 'poweroff\n' >"$SCRIPT"
printf '# nothing\n\n' >"$WORK/empty-script"
head -c 1000 /dev/zero >"$WORK/small"
head -c $((200 * 1024 * 1024)) /dev/zero >"$WORK/big" 2>/dev/null ||
	truncate -s 200M "$WORK/big"
: >"$WORK/zero"

# check CULPRIT-ERE ARG...: `armhv run --image IMAGE --no-vm ARG...` fails
# cleanly; check_vm the same without --no-vm (the default VMs' options).
check() {
	check_vm "$1" --no-vm "${@:2}"
}
check_vm() {
	local culprit=$1; shift
	rm -f "$FAKE_LOG".*
	armhv_run --image "$IMAGE" "$@"
	expect_rc 1
	expect_one_stderr_line "^armhv run: .*$culprit"
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	[ ! -e "$FAKE_LOG.pid" ] || fail "QEMU was started"
	expect_faster 3
}

check "--smp '99'.*1 to 8" --smp 99 --script "$SCRIPT"
check "--smp '0'" --smp 0
check "--smp 'four'" --smp four
check "--mem '1X'" --mem 1X --script "$SCRIPT"
check "--mem '64M'.*128M to 8G" --mem 64M
check "--mem '9G'" --mem 9G
check "--module 'bad'.*NAME=PATH" --module bad --script "$SCRIPT"
check "--module 'a b=.*NAME" --module "a b=$WORK/small"
check "module name 'a' given twice" --module "a=$WORK/small" --module "a=$WORK/small"
check "--module a: '/nonexistent': No such file" --module a=/nonexistent
check "--module z: '.*/zero' is empty" --module "z=$WORK/zero"
check "--module big: .*do not fit" --mem 256M --module "big=$WORK/big"
check "--script '/nonexistent': No such file" --script /nonexistent
check "--script '.*/empty-script': no command" --script "$WORK/empty-script"
check "--script '.*': not a regular file" --script "$WORK"
# Longer than the console takes (255 characters): refused before QEMU.
{ echo cpus; printf 'x%.0s' $(seq 1 256); echo; } >"$WORK/long-script"
check "--script '.*/long-script': line 2: longer than 255 characters" --script "$WORK/long-script"
check "--timeout 'soon'" --timeout soon
check "unknown option '--frobnicate'" --frobnicate
check "unexpected argument 'stray'" stray
check "option '--script' needs a value" --script
check "--image '/nonexistent': No such file" --image /nonexistent

# The default VMs' options.
check_vm "--vms '9'.*1 to 8" --vms 9 --kernel "$WORK/small" --initrd "$WORK/small"
check_vm "--vcpus '0'" --vcpus 0 --kernel "$WORK/small" --initrd "$WORK/small"
check_vm "--vm-mem '1M'.*16M to 4G" --vm-mem 1M --kernel "$WORK/small" --initrd "$WORK/small"
check_vm "--kernel '/nonexistent': No such file" --kernel /nonexistent --initrd "$WORK/small"
check_vm "--initrd '.*/zero' is empty" --kernel "$WORK/small" --initrd "$WORK/zero"
check_vm "--cmdline: character 0x22" --kernel "$WORK/small" --initrd "$WORK/small" --cmdline 'a"b'
check_vm "--cmdline: the line that creates VM linux would be 2[0-9][0-9] characters" \
	--kernel "$WORK/small" --initrd "$WORK/small" --cmdline "$(printf 'y%.0s' $(seq 1 200))"
check_vm "--module vm-kernel: the name is the default VMs'" --kernel "$WORK/small" \
	--initrd "$WORK/small" --module "vm-kernel=$WORK/small"
check "--kernel: describes the default VMs, and --no-vm starts none" --kernel "$WORK/small"

# And the default image is looked for beside the executable, the default
# VMs' kernel in .deps/guests beside its folder.
mkdir "$WORK/bin"
cp "$ARMHV" "$WORK/bin/armhv"
"$WORK/bin/armhv" run --no-vm >"$OUT" 2>"$ERR"
RC=$?
cat "$ERR"
expect_rc 1
expect_one_stderr_line "^armhv run: armhv image '$WORK/bin/armhv.bin': No such file.*make hyp"
"$WORK/bin/armhv" run >"$OUT" 2>"$ERR"
RC=$?
cat "$ERR"
expect_rc 1
expect_one_stderr_line "^armhv run: the default VMs' kernel '$WORK/bin/../.deps/guests/Image': No such file.*scripts/setup.*--no-vm"
