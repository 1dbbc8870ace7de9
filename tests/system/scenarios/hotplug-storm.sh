# 100 random CPU hotplug cycles on 4 CPUs (the boot CPU and the console CPU
# included): every CPU ends online at the runtime stage, `mem` is back at its
# baseline, and poweroff still takes every CPU out cleanly.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
test_seed
lines=(mem)
RANDOM=$SEED
for _ in $(seq 100); do
	cpu=$((RANDOM % 4))
	lines+=("cpu off $cpu" "cpu on $cpu")
done
lines+=(cpus mem poweroff)
script_lines "${lines[@]}"
armhv_run --smp 4 --no-vm --script "$SCRIPT" --timeout 240
expect_rc 0
expect_no_line 'unexpected exception|PANIC|did not'
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 4 -1
base=$(reply_to mem 1 | grep '^mem:')
after=$(reply_to mem 2 | grep '^mem:')
[ -n "$base" ] && [ "$base" = "$after" ] || fail "mem changed: '$base' -> '$after'"
ok "mem at baseline: $after"
# Each 'cpu on' brought its CPU back through the secondary path.
n=$(grep -Ec '^armhv cpu[0-9]+: online at the runtime stage' "$TXT")
[ "$n" -ge 103 ] || fail "only $n CPUs came online (3 at boot + 100 cycles expected)"
ok "$n times a CPU reached the runtime stage"
