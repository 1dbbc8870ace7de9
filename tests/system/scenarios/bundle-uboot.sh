# armhv and its boot bundle booted by U-Boot's booti, as U-Boot boots
# Linux (docs/boot-protocol.md): Debian's U-Boot for QEMU (u-boot-qemu) as
# the firmware at EL2, armhv.bin and a bundle (vm-smoke and a `vms` file)
# put in RAM by QEMU's -device loader, and at U-Boot's prompt `booti
# ADDR BUNDLE:SIZE ${fdtcontroladdr}`. U-Boot moves the initrd and the
# device tree and writes linux,initrd-start/-end; armhv reads the bundle
# there and starts the VM.
# timeout: 150
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
UBOOT=${ARMHV_UBOOT:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}
[ -f "$UBOOT" ] || fail "$UBOOT is missing (run scripts/setup: package u-boot-qemu)"
build=$(dirname "$ARMHV")
smoke=$build/tests/guests/vm-smoke.bin
[ -f "$smoke" ] || fail "$smoke is missing (make all)"
make_bundle "$WORK/bundle.cpio" 'smoke --kernel smoke --mem 64M' "smoke=$smoke"
size=$(stat -c %s "$WORK/bundle.cpio")
booti=$(printf 'booti 0x40400000 0x44000000:0x%x ${fdtcontroladdr}' "$size")
# U-Boot's own kernel_addr_r and ramdisk_addr_r on QEMU's virt machine.
qemu_expect 120 "-smp 2 -m 1G -bios $UBOOT
	-device loader,file=$build/armhv.bin,addr=0x40400000,force-raw=on
	-device loader,file=$WORK/bundle.cpio,addr=0x44000000,force-raw=on" \
	"Hit any key to stop autoboot" "" "=> " "$booti" \
	"armhv> " "vm wait smoke --timeout 30" "armhv> " modules "armhv> " poweroff
expect_rc 0
expect_line '^U-Boot 20[0-9.]+'
expect_line "^=> booti 0x40400000 0x44000000:0x"
expect_line '^Starting kernel'
expect_count 1 '^armhv version '
expect_line '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x[0-9a-f]+ bytes\): 2 modules from its cpio archive'
expect_line '^armhv cpu0: vms line 1: vm smoke: created and started'
expect_line '^\[smoke\] vm-smoke: PASS'
sed -n '/vm wait smoke --timeout 30/,$p' "$TXT" | grep -q '^vm smoke: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait smoke did not report SYSTEM_OFF"
ok "vm wait smoke: powered off"
# The whole guest binary, whatever its size.
expect_line "^module smoke addr=0x[0-9a-f]+ size=$(printf 0x%x "$(stat -c %s "$smoke")") from=initrd\$"
expect_line '^module vms addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$'
expect_no_line 'armhv: PANIC|unexpected exception|cannot run'
