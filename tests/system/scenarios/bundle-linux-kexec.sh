# Linux's own kexec-tools boot armhv with its boot bundle, and armhv hands
# the machine on to Linux again: Linux -> armhv -> Linux, every CPU at EL2
# at every step (docs/boot-protocol.md, docs/kexec.md).
#
# QEMU starts Debian's kernel at EL2 (KVM initialises) with the test
# initramfs plus an appended uncompressed cpio archive holding armhv.bin, a
# bundle (the kernel, the initramfs and a `vms` file starting a 2-vCPU
# Linux VM) and armhv's command line. Its init (armhv.test=kexec-armhv)
# runs `kexec -l /kexec/armhv.bin --initrd /kexec/bundle.cpio --append
# ...` and `kexec -e`. armhv boots on both CPUs, turns off the LPIs Linux
# left on, starts the VM, which reaches init and powers itself off; then
# armhv's console kexecs the bundle's kernel, which boots at EL2 on both
# CPUs with KVM and powers the machine off.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests
build=$(dirname "$ARMHV")
make_bundle "$WORK/extra/kexec/bundle.cpio" \
	'linux --kernel linux --initrd initrd --mem 256M --vcpus 2 --cmdline "console=ttyAMA0 panic=-1 armhv.test=poweroff"' \
	"linux=$GUESTS/Image" "initrd=$GUESTS/initramfs.cpio.gz"
cp "$build/armhv.bin" "$WORK/extra/kexec/armhv.bin"
# armhv's boot arguments, through kexec --append (seen in armhv's log).
echo armhv.crashkernel=0 >"$WORK/extra/kexec/cmdline"
# The first Linux's initrd: the gzip'd test initramfs, zeros to a 4-byte
# boundary, then the uncompressed archive (Linux unpacks both).
rd=$WORK/initrd
cp "$GUESTS/initramfs.cpio.gz" "$rd"
head -c $(((4 - $(stat -c %s "$rd") % 4) % 4)) /dev/zero >>"$rd"
(cd "$WORK/extra" && find kexec | LC_ALL=C sort | cpio -o -H newc --quiet) >>"$rd" || fail "cpio failed"
# armhv's prompt is the first thing typed at: only armhv prints it.
qemu_expect 280 "-smp 2 -m 1G -kernel $GUESTS/Image -initrd $rd
	-append 'console=ttyAMA0 panic=-1 armhv.test=kexec-armhv'" \
	"armhv> " "vm wait linux --timeout 150" "armhv> " modules \
	"armhv> " 'kexec linux --initrd initrd --cmdline "console=ttyAMA0 panic=-1 armhv.test=poweroff"'
expect_rc 0
# The three stages: the first Linux up to armhv's banner, armhv up to its
# hand-over, the last Linux after it.
sed -n '/^armhv version /q;p' "$TXT" >"$WORK/linux1"
sed -n '/^armhv version /,/^armhv cpu0: kexec: handing over/p' "$TXT" >"$WORK/armhv"
sed -n '/^armhv cpu0: kexec: handing over/,$p' "$TXT" >"$WORK/linux2"
echo "--- first Linux"
expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL2' "$WORK/linux1"
expect_line '^\[ *[0-9.]+\] kvm \[1\]: .*initialized successfully' "$WORK/linux1"
expect_line '^armhv-test: init running on 2 CPUs' "$WORK/linux1"
expect_line '^armhv-test: kexec -l /kexec/armhv.bin --initrd /kexec/bundle.cpio --append armhv.crashkernel=0$' "$WORK/linux1"
expect_line '^armhv-test: kexec -e' "$WORK/linux1"
expect_line 'kexec_core: Starting new kernel' "$WORK/linux1"
echo "--- armhv"
expect_count 1 '^armhv version '
expect_line '^armhv cpu0: entered at EL2' "$WORK/armhv"
expect_line '^armhv cpu0: initrd at PA 0x[0-9a-f]+ \(0x[0-9a-f]+ bytes\): 3 modules from its cpio archive' "$WORK/armhv"
expect_line '^armhv cpu0: kdump: no crash region \(disabled\)' "$WORK/armhv"
expect_line '^armhv cpu0: GIC: the previous image left LPIs on: 1 ITS and LPIs at 2 redistributors turned off' "$WORK/armhv"
expect_line '^armhv cpu1: online at the runtime stage' "$WORK/armhv"
expect_line '^armhv cpu0: ready: 2 of 2 CPUs at runtime' "$WORK/armhv"
expect_line '^armhv cpu0: vms line 1: vm linux: created and started: 2 vCPUs, 256 MiB, kernel linux' "$WORK/armhv"
expect_line '^\[linux\] armhv-test: init running on 2 CPUs' "$WORK/armhv"
expect_line '^\[linux\] armhv-test: done' "$WORK/armhv"
reply_to "vm wait linux --timeout 150" | grep -q '^vm linux: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait linux did not report SYSTEM_OFF"
ok "vm wait linux: powered off"
reply_to modules >"$WORK/modules"
expect_line '^module linux addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$' "$WORK/modules"
expect_line '^module initrd addr=0x[0-9a-f]+ size=0x[0-9a-f]+ from=initrd$' "$WORK/modules"
expect_line '^armhv cpu0: kexec: cpu0 leaves the runtime stage and jumps to the next image at EL2' "$WORK/armhv"
echo "--- last Linux"
expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL2' "$WORK/linux2"
expect_line '^\[ *[0-9.]+\] SMP: Total of 2 processors activated' "$WORK/linux2"
expect_line '^\[ *[0-9.]+\] kvm \[1\]: .*initialized successfully' "$WORK/linux2"
expect_line '^armhv-test: init running on 2 CPUs' "$WORK/linux2"
expect_line '^armhv-test: done' "$WORK/linux2"
# armhv turned the first Linux's LPIs off: the last one finds them off.
expect_no_line 'Booted with LPIs enabled' "$WORK/linux2"
expect_no_line 'Oops|Kernel panic|BUG:|armhv: PANIC|unexpected exception|cannot run|kexec failed'
# (The VM's Linux, lines [linux], runs at EL1 as a guest does.)
expect_no_line 'started at EL1' "$WORK/linux1"
expect_no_line 'started at EL1' "$WORK/linux2"
