# A guest's PSCI SYSTEM_RESET restarts its VM from its images (RAM zeroed
# and loaded again, vCPU 0 at the entry, the virtual GIC and the PL011 at
# their reset state: each boot checks what the previous one left is gone),
# again and again, while armhv and the console go on: the guest's line
# comes once per boot, vm list counts the resets, and vm stop ends it.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-reset
script_lines "vm create r --kernel r --mem 16M" "vm start r" "vm wait r --timeout 2" \
	"vm stop r" "vm list" "vm destroy r" poweroff
armhv_run --smp 2 --no-vm --module "r=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
n=$(grep -c '^\[r\] vm-reset: PASS' "$TXT")
echo "boots: $n"
[ "$n" -ge 3 ] || fail "only $n boots in 2 s of resets"
expect_line '^armhv cpu[01]: vm r: SYSTEM_RESET: starting it again'
expect_no_line 'vm-reset: FAIL'
reply_to "vm wait r --timeout 2" | grep -q '^error: vm r: still running after 2 s (it has reset itself, and runs again)' ||
	fail "vm wait did not time out on a VM that keeps resetting"
reply_to "vm list" | grep -Eq '^vm r state=stopped .* resets=[1-9][0-9]* stop=stopped by vm stop' ||
	fail "vm list does not count the resets"
expect_no_line 'armhv: PANIC|unexpected exception'
