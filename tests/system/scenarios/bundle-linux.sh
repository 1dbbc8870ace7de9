# Debian's arm64 Linux as a VM started at boot from armhv's boot bundle:
# the Image, the test initramfs and a `vms` file in one newc archive given
# to QEMU with -initrd (docs/boot-protocol.md). The Image sits 4-byte (not
# 8-byte) aligned in the archive, where vm create copies it from to its
# 2 MiB-aligned home in guest RAM; Linux runs init on both vCPUs and
# powers its VM off.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests
mkdir "$WORK/bundle"
cp "$GUESTS/Image" "$WORK/bundle/Image"
cp "$GUESTS/initramfs.cpio.gz" "$WORK/bundle/initrd"
echo 'linux --kernel Image --initrd initrd --mem 256M --vcpus 2 --cmdline "console=ttyAMA0 armhv.test=poweroff"' \
	>"$WORK/bundle/vms"
(cd "$WORK/bundle" && ls | cpio -o -H newc --quiet) >"$WORK/bundle.cpio" || fail "cpio failed"
script_lines "vm wait linux --timeout 150" modules poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout 200 -- -initrd "$WORK/bundle.cpio"
expect_rc 0
expect_line '^armhv cpu0: vms line 1: vm linux: created and started: 2 vCPUs, 256 MiB, kernel Image'
expect_line '^\[linux\] armhv-test: init running on 2 CPUs'
expect_line '^\[linux\] armhv-test: done'
reply_to "vm wait linux --timeout 150" | grep -q '^vm linux: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait linux did not report SYSTEM_OFF"
ok "vm wait linux: powered off"
reply_to modules >"$WORK/modules"
image=$(sed -n 's/^module Image addr=\(0x[0-9a-f]*\) size=\(0x[0-9a-f]*\) from=initrd$/\1 \2/p' "$WORK/modules")
[ -n "$image" ] || fail "modules does not list Image from=initrd"
read -r addr size <<<"$image"
[ $((size)) -eq "$(stat -c %s "$GUESTS/Image")" ] || fail "Image size $size"
ok "Image from=initrd at $addr ($((addr % 8)) past an 8-byte boundary), whole"
expect_no_line 'Oops|Kernel panic|BUG:|armhv: PANIC|unexpected exception'
