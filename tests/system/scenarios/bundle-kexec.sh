# armhv's own kexec is one more way to boot armhv with a bundle
# (docs/boot-protocol.md, docs/kexec.md): the first armhv gets armhv.bin
# and a bundle (vm-smoke and a `vms` file) as device-tree modules, starts
# no VM (its tree has no module vms), and `kexec next --initrd bundle`
# hands both on; the next armhv reads the bundle as its initrd and starts
# the VM at boot.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
build=$(dirname "$ARMHV")
smoke=$build/tests/guests/vm-smoke.bin
[ -f "$smoke" ] || fail "$smoke is missing (make all)"
make_bundle "$WORK/bundle.cpio" 'smoke --kernel smoke --mem 64M' "smoke=$smoke"
script_lines modules "kexec next --initrd bundle" "vm wait smoke --timeout 30" modules poweroff
armhv_run --smp 2 --no-vm --module "next=$build/armhv.bin" --module "bundle=$WORK/bundle.cpio" \
	--script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to modules 1 >"$WORK/modules1"
expect_count 2 ' from=device-tree$' "$WORK/modules1"
expect_no_line 'vms' "$WORK/modules1"
expect_line '^armhv cpu0: entered by kexec from armhv, generation 1'
# Only the next armhv has an initrd, and starts the VM.
expect_count 1 '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x[0-9a-f]+ bytes\): 2 modules from its cpio archive'
sed -n '/entered by kexec from armhv/,$p' "$TXT" | grep -q '^armhv cpu0: vms line 1: vm smoke: created and started' ||
	fail "the next armhv did not start the VM"
ok "the next armhv started the VM of its bundle"
expect_count 1 '^\[smoke\] vm-smoke: PASS'
reply_to "vm wait smoke --timeout 30" | grep -q '^vm smoke: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait smoke did not report SYSTEM_OFF"
reply_to modules 2 >"$WORK/modules2"
# The whole guest binary, whatever its size.
expect_line "^module smoke addr=0x[0-9a-f]+ size=$(printf 0x%x "$(stat -c %s "$smoke")") from=initrd\$" "$WORK/modules2"
expect_line '^module vms addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$' "$WORK/modules2"
expect_no_line 'armhv: PANIC|unexpected exception'
