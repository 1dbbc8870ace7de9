# Interrupts in a VM through the virtual GICv3 (tests/guests/vm-timer.S,
# which passes on QEMU directly too): an SGI to itself through a trapped
# ICC_SGI1R_EL1, its virtual timer at 100 Hz through the list registers
# (never early), and a WFI that only the timer ends. Alone on its CPU, the
# vCPU's WFI waits on the hardware (not trapped: wfx=0); two such VMs
# pinned to one CPU trap theirs, wait off the CPU meanwhile and are woken
# by the EL2 timer.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-timer
script_lines "vm create t --kernel t --mem 64M" "vm start t" "vm wait t --timeout 30" \
	"vm list" "vm destroy t" \
	"vm create p --kernel t --mem 32M --cpus 1" "vm create q --kernel t --mem 32M --cpus 1" \
	"vm start p" "vm start q" "vm wait p --timeout 30" "vm wait q --timeout 30" \
	"vm list" "vm destroy p" "vm destroy q" poweroff
armhv_run --smp 2 --no-vm --module "t=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
for vm in t p q; do
	expect_line "^\\[$vm\\] vm-timer: PASS"
	reply_to "vm wait $vm --timeout 30" | grep -q "^vm $vm: stopped: powered off (SYSTEM_OFF)" ||
		fail "vm wait $vm did not report SYSTEM_OFF"
done
expect_no_line 'vm-timer: FAIL'
reply_to "vm list" 1 >"$WORK/list"
reply_to "vm list" 2 >>"$WORK/list"
cat "$WORK/list"
# One trapped SGI write; each tick an interrupt exit; alone, no WFI trapped.
expect_line '^vm t state=stopped .* sysreg=1 .*wfx=0 irq=[1-9][0-9]* ' "$WORK/list"
# Sharing a CPU: WFIs that blocked. (Their ticks may need no interrupt
# exit: a timer that fired while its vCPU waited is raised as it loads.)
for vm in p q; do
	expect_line "^vm $vm state=stopped .* sysreg=1 .*wfx=[1-9][0-9]* " "$WORK/list"
done
expect_no_line 'armhv: PANIC|unexpected exception'
