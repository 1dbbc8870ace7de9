# kexec from armhv to Debian's 6.1 kernel on a single CPU.
# timeout: 180
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests
script_lines 'kexec linux --initrd initrd --cmdline "console=ttyAMA0 panic=-1 armhv.test=poweroff"'
armhv_run --smp 1 --no-vm --module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz" \
	--script "$SCRIPT" --timeout 150
expect_rc 0
expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL2'
expect_line '^\[ *[0-9.]+\] kvm \[1\]: .*initialized successfully'
expect_line '^armhv-test: init running on 1 CPUs'
expect_line '^armhv-test: done'
expect_no_line 'Oops|Kernel panic|BUG:|started at EL1'
