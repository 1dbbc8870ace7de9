# Debian's Linux in a VM with 2 vCPUs, saved while its check waits for a
# typed line (docs/vm.md "Snapshots"), destroyed; a second armhv on the
# same disk, with 3 CPUs and without the kernel and initramfs modules,
# restores it and types the line: the rest of the check passes as on QEMU
# directly (the line read through the PL011 by interrupt, the architected
# counter as clocksource, the ITS with LPIs on every CPU, a boot log
# without warnings or stalls, read after the restore) and Linux powers
# itself off. (The timer and IPI counts are checked before the line, so
# before the save.)
# timeout: 400
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_direct 2
linux_modules
img=$WORK/disk.img
rm -f "$img"
script_lines "vm create linux --kernel linux --initrd initrd --mem 256M --vcpus 2 --cmdline \"console=ttyAMA0 armhv.test=check\"" \
	"vm start linux" "vm wait linux --output \"armhv-test: type a line\" --timeout 240" \
	"vm save linux lx" "vm destroy linux" poweroff
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --snapshot-disk "$img" --script "$SCRIPT" --timeout 300
expect_rc 0
reply_to "vm save linux lx" | grep -Eq '^vm linux: saved as snapshot lx: .*; it stays paused' ||
	fail "vm save of the Linux VM failed"
cp "$TXT" "$WORK/first"

script_lines "vm restore lx" "vm input linux typed-line" "vm wait linux --timeout 120" poweroff
armhv_run --smp 3 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout 200
expect_rc 0
reply_to "vm restore lx" | grep -Eq '^vm linux: restored from snapshot lx: 2 vCPUs, 256 MiB, [0-9]+ RAM blocks of 2 MiB in [0-9]+\.[0-9]{3} ms \([0-9]+\.[0-9]{3} waiting for the disk\); running$' ||
	fail "vm restore of the Linux VM failed"
cat "$WORK/first" "$TXT" >"$WORK/both"
TXT=$WORK/both
expect_linux_check linux 2
expect_no_line 'armhv: PANIC|unexpected exception'
ok "Linux saved in one armhv finished its check in another"
