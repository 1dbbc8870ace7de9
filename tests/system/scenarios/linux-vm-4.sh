# Debian's Linux in a VM with four vCPUs on a two-CPU machine (time
# slices): SMP bring-up through PSCI, IPIs and timer interrupts on every
# vCPU, and the rest of the self-check, as on QEMU directly with four CPUs.
# timeout: 360
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_direct 4
linux_modules
LINES=()
linux_check_lines linux 4
LINES+=("vm list" cpus poweroff)
script_lines "${LINES[@]}"
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout 320
expect_rc 0
expect_line '^\[linux\] \[ *[0-9.]+\] smp: Brought up 1 node, 4 CPUs'
expect_linux_check linux 4
for c in 0 1 2 3; do
	expect_line "^\\[linux\\] armhv-test: cpu$c timer \\+[1-9][0-9]* ipi \\+[1-9][0-9]*"
done
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
expect_count 4 '^  vcpu[0-3] power=on cpu=[01] last-ran-on=[01]' "$WORK/list"
expect_no_line 'armhv: PANIC|unexpected exception'
