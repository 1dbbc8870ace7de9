# kexec to Linux after 50 random hotplug cycles that leave some CPUs off,
# the boot CPU among them: Linux still starts all 4 CPUs at EL2 (armhv left
# every CPU off through PSCI, so CPU_ON works for each).
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests
seed=${HOTPLUG_SEED:-$RANDOM}
echo "seed $seed"
RANDOM=$seed
lines=()
for _ in $(seq 50); do
	cpu=$((RANDOM % 4))
	lines+=("cpu off $cpu" "cpu on $cpu")
done
lines+=("cpu off 0" "cpu off 2" cpus 'kexec linux --initrd initrd --cmdline "console=ttyAMA0 panic=-1 armhv.test=poweroff"')
script_lines "${lines[@]}"
armhv_run --smp 4 --no-vm --module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz" \
	--script "$SCRIPT" --timeout 200
expect_rc 0
reply_to cpus | grep -q '^cpu0 .*state=off stage=none' || fail "cpu0 not off before kexec"
expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL2'
expect_line '^\[ *[0-9.]+\] SMP: Total of 4 processors activated'
expect_line '^\[ *[0-9.]+\] kvm \[1\]: .*initialized successfully'
expect_line '^armhv-test: init running on 4 CPUs'
expect_no_line 'Oops|Kernel panic|BUG:|started at EL1|unexpected exception'
