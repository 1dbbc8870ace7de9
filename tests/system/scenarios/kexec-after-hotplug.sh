# kexec to Linux after 50 random hotplug cycles that leave some CPUs off,
# the boot CPU among them: Linux still starts all 4 CPUs at EL2 (armhv left
# every CPU off through PSCI, so CPU_ON works for each).
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
test_seed
RANDOM=$SEED
lines=()
for _ in $(seq 50); do
	cpu=$((RANDOM % 4))
	lines+=("cpu off $cpu" "cpu on $cpu")
done
check_kexec_linux 4 "${lines[@]}" "cpu off 0" "cpu off 2" cpus
reply_to cpus | grep -q '^cpu0 .*state=off stage=none' || fail "cpu0 not off before kexec"
reply_to cpus | grep -q '^cpu2 .*state=off stage=none' || fail "cpu2 not off before kexec"
ok "kexec happened with cpu0 and cpu2 off"
