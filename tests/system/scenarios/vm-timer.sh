# Interrupts in a VM through the virtual GICv3 (tests/guests/vm-timer.S,
# which passes on QEMU directly too): an SGI to itself through a trapped
# ICC_SGI1R_EL1, its virtual timer at 100 Hz through the list registers
# (never early), and a WFI that only the timer ends, with the vCPU off its
# CPU meanwhile (woken by the EL2 timer).
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-timer
script_lines "vm create t --kernel t --mem 64M" "vm start t" "vm wait t --timeout 30" \
	"vm list" "vm destroy t" poweroff
armhv_run --smp 2 --no-vm --module "t=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^\[t\] vm-timer: PASS'
expect_no_line 'vm-timer: FAIL'
reply_to "vm wait t --timeout 30" | grep -q '^vm t: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait did not report SYSTEM_OFF"
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
# One trapped SGI write; each tick an interrupt exit; WFIs that blocked.
expect_line '^vm t state=stopped .* sysreg=1 .*wfx=[1-9][0-9]* irq=[1-9][0-9]* ' "$WORK/list"
expect_no_line 'armhv: PANIC|unexpected exception'
