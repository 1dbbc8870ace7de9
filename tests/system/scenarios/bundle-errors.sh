# What armhv does with a bad boot bundle or `vms` file
# (docs/boot-protocol.md, docs/vm.md): it goes on to its prompt and says
# what it left out, each in one line.
#  1. A bundle whose `vms` file has bad lines, and whose `smoke` is not
#     the guest: the device tree's module `smoke` (the real guest) wins,
#     each bad line is named by number and skipped, the good ones run.
#  2. A truncated archive: no module from it, one line; the device tree's
#     modules, with their own `vms`, still start a VM (VMs described in
#     the device tree).
#  3. A gzip-compressed archive: refused by name, with the fix.
# timeout: 150
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
smoke=$(dirname "$ARMHV")/tests/guests/vm-smoke.bin
[ -f "$smoke" ] || fail "$smoke is missing (make all)"
# Device-tree modules through QEMU's guest-loader, clear of the initrd
# and of the device tree QEMU puts after it (armhv run's --module would
# put the first at RAM + 130 MiB, where that tree goes).
dt_module() { # NAME PATH ADDR
	printf -- '-device\nguest-loader,addr=%s,kernel=%s,bootargs=armhv.module=%s\n' "$3" "$2" "$1"
}

echo "=== 1. bad vms lines, a name the device tree has"
mkdir "$WORK/b1"
head -c 4096 /dev/zero >"$WORK/b1/smoke"	# the device tree's wins
cat >"$WORK/b1/vms" <<'VMS'
good --kernel smoke --mem 64M
bad/name --kernel smoke
nomem --kernel smoke --mem 1X
missing --kernel nothere
open --kernel smoke --cmdline "no end
# a comment, then a good one after the bad ones
good2 --kernel smoke --mem 32M
VMS
(cd "$WORK/b1" && ls | cpio -o -H newc --quiet) >"$WORK/b1.cpio" || fail "cpio failed"
mapfile -t extra < <(dt_module smoke "$smoke" 0x50000000)
script_lines "vm wait good --timeout 30" "vm wait good2 --timeout 30" modules poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- \
	-initrd "$WORK/b1.cpio" "${extra[@]}"
expect_rc 0
expect_line '^armhv cpu0: initrd file smoke at PA 0x[0-9a-f]+ \(0x1000 bytes\) ignored: a device-tree module has this name \(the device tree wins\)'
expect_line '^armhv cpu0: vms line 2: vm create NAME: NAME is 1-15 letters, digits, .-. or ._.: VM skipped$'
expect_line '^armhv cpu0: vms line 3: --mem 1X: a size like 128M or 1G, at least 2M: VM skipped$'
expect_line "^armhv cpu0: vms line 4: vm create missing: no module named 'nothere': VM skipped\$"
expect_line '^armhv cpu0: vms line 5: unterminated quote: VM skipped$'
expect_line '^armhv cpu0: vms line 1: vm good: created and started'
expect_line '^armhv cpu0: vms line 7: vm good2: created and started'
expect_line '^armhv cpu0: vms: 2 VMs started, 4 lines skipped'
expect_count 1 '^\[good\] vm-smoke: PASS'
expect_count 1 '^\[good2\] vm-smoke: PASS'
reply_to modules >"$WORK/modules"
expect_line '^module smoke addr=0x50000000 size=0x[0-9a-f]+ from=device-tree$' "$WORK/modules"
expect_line '^module vms addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$' "$WORK/modules"
expect_count 2 '^module ' "$WORK/modules"
expect_no_line 'armhv: PANIC|unexpected exception'

echo "=== 2. a truncated archive; vms from the device tree"
mkdir "$WORK/b2"
head -c 20000 /dev/urandom >"$WORK/b2/big"
cp "$smoke" "$WORK/b2/smoke2"
(cd "$WORK/b2" && ls | cpio -o -H newc --quiet) | head -c 10000 >"$WORK/b2.cpio"
echo 'dtvm --kernel smoke --mem 64M' >"$WORK/vms-dt"
mapfile -t extra < <(dt_module smoke "$smoke" 0x50000000; dt_module vms "$WORK/vms-dt" 0x50200000)
script_lines "vm wait dtvm --timeout 30" modules poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- \
	-initrd "$WORK/b2.cpio" "${extra[@]}"
expect_rc 0
expect_count 1 '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x2710 bytes\): no modules from it: entry at offset 0x0 \(big\): its data \(0x4e20 bytes\) runs past the archive$'
expect_line '^armhv cpu0: vms: starting the VMs of module vms \(device-tree, 30 bytes\)'
expect_line '^\[dtvm\] vm-smoke: PASS'
reply_to "vm wait dtvm --timeout 30" | grep -q '^vm dtvm: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait dtvm did not report SYSTEM_OFF"
reply_to modules >"$WORK/modules"
expect_count 2 '^module ' "$WORK/modules"
expect_no_line 'from=initrd' "$WORK/modules"
expect_no_line 'armhv: PANIC|unexpected exception'

echo "=== 3. a gzip-compressed archive"
(cd "$WORK/b2" && ls | cpio -o -H newc --quiet) | gzip >"$WORK/b3.cpio.gz"
script_lines modules poweroff
armhv_run --smp 1 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -initrd "$WORK/b3.cpio.gz"
expect_rc 0
expect_count 1 '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x[0-9a-f]+ bytes\): no modules from it: the initrd is gzip-compressed: armhv reads an uncompressed cpio archive \(make it with cpio -o -H newc, without compression\)$'
[ "$(reply_to modules)" = "no modules" ] || fail "modules: $(reply_to modules)"
ok "no modules"
expect_no_line 'armhv: PANIC|unexpected exception'
