# armhv's boot bundle, booted as Linux is (docs/boot-protocol.md): a newc
# cpio archive built here, with a raw test guest (vm-smoke), an arm64
# Image guest (guests/hello) and a `vms` file naming both, given to QEMU
# with -kernel armhv.bin -initrd bundle.cpio (no guest-loader module at
# all). armhv reads the modules in place from the archive, creates and
# starts both VMs at boot without a console command, and they run to
# their PASS lines; `modules` lists the files from=initrd with their sizes.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
build=$(dirname "$ARMHV")
smoke=$build/tests/guests/vm-smoke.bin hello=$build/guests/hello.bin
[ -f "$smoke" ] && [ -f "$hello" ] || fail "$smoke or $hello is missing (make all)"
mkdir "$WORK/bundle"
cp "$smoke" "$WORK/bundle/smoke"
cp "$hello" "$WORK/bundle/hello.img"
cat >"$WORK/bundle/vms" <<'VMS'
# VMs armhv starts at boot
smoke --kernel smoke --mem 64M

  hi --kernel hello.img --mem 64M --cmdline "from the bundle"
VMS
(cd "$WORK/bundle" && ls | cpio -o -H newc --quiet) >"$WORK/bundle.cpio" || fail "cpio failed"
head -c 6 "$WORK/bundle.cpio" | grep -q 070701 || fail "cpio did not write a newc archive"

script_lines "vm wait smoke --timeout 30" "vm wait hi --timeout 30" modules "vm list" poweroff
# QEMU itself gets -kernel armhv.bin and -initrd: nothing else carries modules.
cmdline=$("$ARMHV" qemu-cmdline --smp 2 --no-vm --script "$SCRIPT" -- -initrd "$WORK/bundle.cpio")
echo "qemu: $cmdline"
[[ $cmdline == *" -kernel $build/armhv.bin "*" -initrd $WORK/bundle.cpio" ]] ||
	fail "not -kernel armhv.bin -initrd bundle.cpio: $cmdline"
[[ $cmdline != *guest-loader* ]] || fail "a guest-loader module: $cmdline"
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -initrd "$WORK/bundle.cpio"
expect_rc 0
expect_line '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x[0-9a-f]+ bytes\): 3 modules from its cpio archive'
expect_line '^armhv cpu0: vms line 2: vm smoke: created and started: 1 vCPUs, 64 MiB, kernel smoke'
expect_line '^armhv cpu0: vms line 4: vm hi: created and started: 1 vCPUs, 64 MiB, kernel hello.img'
expect_line '^armhv cpu0: vms: 2 VMs started, 0 lines skipped'
expect_line '^\[smoke\] vm-smoke: PASS'
expect_line '^\[hi\] GUEST-TEST hello: PASS$'
# The VMs started before the first prompt: no console command did it.
first_prompt=$(grep -n -m1 '^armhv> ' "$TXT" | cut -d: -f1)
started=$(grep -n -m1 'vms: 2 VMs started' "$TXT" | cut -d: -f1)
[ "$started" -lt "$first_prompt" ] || fail "the VMs started after the first prompt"
ok "both VMs started before the first prompt"
reply_to "vm wait smoke --timeout 30" | grep -q '^vm smoke: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait smoke did not report SYSTEM_OFF"
reply_to "vm wait hi --timeout 30" | grep -q '^vm hi: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait hi did not report SYSTEM_OFF"
ok "vm wait: both powered off"
reply_to modules >"$WORK/modules"
expect_count 3 '^module [A-Za-z0-9_.-]+ addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$' "$WORK/modules"
for f in smoke hello.img vms; do
	size=$(stat -c %s "$WORK/bundle/$f")
	got=$(sed -n "s/^module ${f//./\\.} addr=0x[0-9a-f]* size=\(0x[0-9a-f]*\) from=initrd\$/\1/p" "$WORK/modules")
	[ -n "$got" ] && [ $((got)) -eq "$size" ] || fail "module $f: size '$got', file has $size bytes"
	ok "module $f from=initrd, $size bytes"
done
expect_no_line 'armhv: PANIC|unexpected exception|FAIL|error'
