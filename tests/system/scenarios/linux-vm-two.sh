# Two Linux VMs at once on a four-CPU machine, each with two vCPUs pinned
# to its own pair of CPUs: one runs the self-check and powers itself off;
# the other reboots itself (`reboot -f`, PSCI SYSTEM_RESET) over and over,
# and each time armhv restarts only that VM from its images while the
# first goes on undisturbed.
# timeout: 360
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_modules
LINES=("vm create b --kernel linux --initrd initrd --mem 192M --vcpus 2 --cpus 2,3 --cmdline \"console=ttyAMA0 armhv.test=reboot\""
	"vm start b")
linux_check_lines a 2 256M
LINES[2]="${LINES[2]/--vcpus 2/--vcpus 2 --cpus 0,1}"
LINES+=("vm wait b --output \"armhv-test: rebooting\" --timeout 120"
	"vm wait b --output \"armhv-test: init running on 2 CPUs\" --timeout 120"
	"vm list" "vm destroy b" "vm destroy a" cpus poweroff)
script_lines "${LINES[@]}"
armhv_run --smp 4 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout 330
expect_rc 0
expect_linux_check a 2
reply_to 'vm wait b --output "armhv-test: init running on 2 CPUs" --timeout 120' |
	grep -q '^vm b: printed' || fail "vm b did not boot again after its reboot"
ok "vm b booted again after rebooting itself"
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
expect_line '^vm a state=stopped vcpus=2 .* resets=0 stop=powered off' "$WORK/list"
expect_line '^vm b state=running vcpus=2 .* resets=[1-9]' "$WORK/list"
expect_no_line '^\[b\] .*(WARNING:|BUG|Oops|Kernel panic)'
expect_no_line 'armhv: PANIC|unexpected exception'
