# SMP guests through PSCI (tests/guests/vm-smp.S, which passes on QEMU
# directly with 4 CPUs too): two VMs at once, of 4 and 3 vCPUs, on 2
# physical CPUs (time slices): each brings its vCPUs up with CPU_ON,
# checks AFFINITY_INFO and ALREADY_ON, and 200 times turns vCPU 1 on while
# the others call CPU_ON for it at once (every such call refused), then
# off again; vm list shows where each vCPU runs and its PSCI state.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-smp 4
script_lines "vm create a --kernel smp --mem 16M --vcpus 4" \
	"vm create b --kernel smp --mem 16M --vcpus 3" "vm start a" "vm start b" \
	"vm wait a --timeout 200" "vm wait b --timeout 200" "vm list" cpus poweroff
armhv_run --smp 2 --no-vm --module "smp=$GUEST" --script "$SCRIPT" --timeout 230
expect_rc 0
expect_line '^\[a\] vm-smp: PASS 4 CPUs'
expect_line '^\[b\] vm-smp: PASS 3 CPUs'
expect_no_line 'vm-smp: FAIL'
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
# vCPU 1 ends off; the others on; every vCPU ran somewhere.
expect_line '^  vcpu1 power=off ' "$WORK/list"
expect_count 5 '^  vcpu[023] power=on cpu=[01] last-ran-on=[01]$' "$WORK/list"
expect_no_line 'last-ran-on=-1' "$WORK/list"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
expect_no_line 'armhv: PANIC|unexpected exception'
