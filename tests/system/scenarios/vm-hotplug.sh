# CPUs go off under running VMs: `cpu off` moves the CPU's vCPUs to
# another CPU they may run on (the guest goes on there: it answers input
# afterwards), and refuses, keeping the CPU on, when a vCPU pinned with
# --cpus would have nowhere to go. A VM still running at poweroff is
# taken down first.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-echo 1 'hello\noff\n'
script_lines "vm create e --kernel echo --mem 16M" "vm start e" "vm list" "cpu off 1" \
	"vm list" "vm input e hello" "vm create p --kernel echo --mem 16M --cpus 2" \
	"vm start p" "cpu off 2" cpus "vm input e off" "vm wait e --timeout 20" \
	"vm input p off" "vm wait p --timeout 20" "cpu on 1" cpus \
	"vm create last --kernel echo --mem 16M" "vm start last" poweroff
armhv_run --smp 3 --no-vm --module "echo=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm list" 1 | grep -q '^  vcpu0 power=.* cpu=1 ' || fail "vcpu0 of e did not start on cpu1"
expect_line '^armhv cpu0: vm e vcpu0 moves from cpu1 to cpu[02]'
reply_to "vm list" 2 | grep -Eq '^  vcpu0 power=.* cpu=[02] ' || fail "vm list does not show the move"
expect_line '^\[e\] vm-echo: got hello'
reply_to "cpu off 2" | grep -q '^error: cpu2 runs vCPUs that have no other CPU to go to' ||
	fail "cpu off 2 was not refused"
expect_line 'cpu2 stays on: vm p vcpu0 may run on no other online CPU'
reply_to cpus 1 >"$WORK/cpus1"
expect_line '^cpu2 mpidr=0x2 state=online ' "$WORK/cpus1"
expect_line '^cpu1 mpidr=0x1 state=off ' "$WORK/cpus1"
expect_line '^\[e\] vm-echo: PASS'
expect_line '^\[p\] vm-echo: PASS'
reply_to cpus 2 >"$WORK/cpus2"
expect_cpus "$WORK/cpus2" 3 -1
expect_line '^armhv cpu0: vm last stopped: armhv.s poweroff'
expect_no_line 'armhv: PANIC|unexpected exception'
