# The smallest guest (tests/guests/vm-smoke.S) passes on QEMU's virt
# machine run directly at EL1, then in an armhv VM: its UART line comes
# out prefixed by the VM's name, PSCI answers, the virtio-mmio window
# reads as empty transports, guest calls change x0 only, an access to nothing is an external abort the
# guest catches, SYSTEM_OFF stops the VM (not armhv), `vm list` counts the
# exits, and destroying the VM gives every page back.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-smoke
guest=$GUEST

script_lines mem "vm create smoke --kernel smoke --mem 64M" "vm start smoke" \
	"vm wait smoke --timeout 30" "vm list" "vm destroy smoke" mem poweroff
armhv_run --smp 2 --no-vm --module "smoke=$guest" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^\[smoke\] vm-smoke: hello from the guest'
expect_line '^\[smoke\] vm-smoke: PASS'
expect_no_line 'vm-smoke: FAIL'
reply_to "vm wait smoke --timeout 30" | grep -q '^vm smoke: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait did not report SYSTEM_OFF"
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
expect_line '^vm smoke state=stopped vcpus=1 mem=64M .* exits: hvc=6 .*mmio=[1-9][0-9]* .*abort=1 ' "$WORK/list"
expect_line '^  vcpu0 power=on cpu=1 last-ran-on=1' "$WORK/list"
# One abort logged, at the address the guest loaded from.
expect_line '^armhv cpu1: vm smoke vcpu0: 4-byte read at IPA 0x7ff00000 .*nothing there, external abort'
# Every page back: mem after destroy as before create.
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after destroy: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was"
expect_no_line 'armhv: PANIC|unexpected exception'
