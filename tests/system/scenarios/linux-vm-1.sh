# Debian's Linux in a VM with one vCPU: it boots to init, its self-check
# (guests/linux/check) passes there as it does on QEMU directly (timer
# interrupts, the PL011 by interrupt, the architected counter as its
# clocksource, a boot log without warnings), it powers itself off, and
# destroying it gives every page back.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_direct 1
linux_modules
LINES=(mem)
linux_check_lines linux 1
LINES+=("vm list" "vm destroy linux" mem poweroff)
script_lines "${LINES[@]}"
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout 280
expect_rc 0
expect_linux_check linux 1
reply_to "vm list" | grep -Eq '^vm linux state=stopped vcpus=1 mem=256M .*exits: hvc=[0-9]+ .*mmio=[1-9]' ||
	fail "vm list does not show the stopped VM and its exits"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after destroy: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was"
expect_no_line 'armhv: PANIC|unexpected exception'
