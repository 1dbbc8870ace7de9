# Virtualization is on only while VMs exist (seeds 01 and 02): off on
# every CPU at boot, on for every online CPU with the first VM, on for a
# CPU that comes online while VMs exist, still on while one VM remains,
# off on every CPU when the last is destroyed, and off for a CPU that
# comes back after that.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-smoke
script_lines cpus "vm create a --kernel smoke --mem 16M" cpus "cpu off 2" "cpu on 2" cpus \
	"vm create b --kernel smoke --mem 16M" "vm destroy a" cpus "vm destroy b" cpus \
	"cpu off 1" "cpu on 1" cpus poweroff
armhv_run --smp 3 --no-vm --module "smoke=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
virt_of() {	# virt_of N: the virt= of each CPU in the Nth `cpus` answer
	reply_to cpus "$1" | sed -En 's/^cpu([0-9]) .* virt=(on|off).*/\1\2/p' | tr '\n' ' '
}
[ "$(virt_of 1)" = "0off 1off 2off " ] || fail "at boot: $(virt_of 1)"
[ "$(virt_of 2)" = "0on 1on 2on " ] || fail "with a VM: $(virt_of 2)"
[ "$(virt_of 3)" = "0on 1on 2on " ] || fail "cpu2 back while a VM exists: $(virt_of 3)"
[ "$(virt_of 4)" = "0on 1on 2on " ] || fail "one VM of two destroyed: $(virt_of 4)"
[ "$(virt_of 5)" = "0off 1off 2off " ] || fail "no VM left: $(virt_of 5)"
[ "$(virt_of 6)" = "0off 1off 2off " ] || fail "cpu1 back with no VM: $(virt_of 6)"
expect_count 1 '^armhv cpu0: virtualization enabled on every online CPU'
expect_count 1 '^armhv cpu0: virtualization disabled on every online CPU \(no VM left\)'
ok "virtualization follows the VMs on every CPU"
