# VM create/destroy mixed at random with `cpu off`/`cpu on` while guests
# run (seeded, 120 steps on 4 CPUs): after every step `cpus` shows
# virtualization on for every online CPU exactly while a VM exists, each
# VM answers input wherever its vCPU was moved, nothing panics, and at the
# end every page is back.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
test_seed
guest_direct vm-echo 1 'hello\noff\n'
RANDOM=$SEED
declare -A online=([0]=1 [1]=1 [2]=1 [3]=1)
vms=() next=0 steps=120
lines=(mem)
expect=()	# per step: "on" or "off", what every online CPU must show
for _ in $(seq $steps); do
	case $((RANDOM % 4)) in
	0)	# a new VM, started (at most three at once)
		if [ ${#vms[@]} -lt 3 ]; then
			name=r$next; next=$((next + 1))
			lines+=("vm create $name --kernel echo --mem 16M" "vm start $name")
			vms+=("$name")
		fi ;;
	1)	# the oldest VM: it echoes input first, then is destroyed
		if [ ${#vms[@]} -gt 0 ]; then
			lines+=("vm input ${vms[0]} ping-${vms[0]}"
				"vm wait ${vms[0]} --output \"got ping-${vms[0]}\" --timeout 30"
				"vm destroy ${vms[0]}")
			vms=("${vms[@]:1}")
		fi ;;
	2)	# a CPU off (one always stays on)
		c=$((1 + RANDOM % 3))
		if [ "${online[$c]}" = 1 ]; then
			lines+=("cpu off $c"); online[$c]=0
		fi ;;
	3)	c=$((1 + RANDOM % 3))
		if [ "${online[$c]}" = 0 ]; then
			lines+=("cpu on $c"); online[$c]=1
		fi ;;
	esac
	lines+=(cpus)
	if [ ${#vms[@]} -gt 0 ]; then expect+=(on); else expect+=(off); fi
done
for v in "${vms[@]}"; do lines+=("vm destroy $v"); done
for c in 1 2 3; do [ "${online[$c]}" = 1 ] || lines+=("cpu on $c"); done
lines+=(cpus mem poweroff)
script_lines "${lines[@]}"
armhv_run --smp 4 --no-vm --module "echo=$GUEST" --script "$SCRIPT" --timeout 280
expect_rc 0
expect_no_line 'armhv: PANIC|unexpected exception|^error:'
bad=0
for ((i = 0; i < steps; i++)); do
	want=${expect[$i]}
	got=$(reply_to cpus $((i + 1)) | grep -E '^cpu[0-9] .*state=online' | grep -vc "virt=$want")
	if [ "$got" -ne 0 ]; then
		echo "step $((i + 1)): $got online CPU(s) not virt=$want:"
		reply_to cpus $((i + 1))
		bad=$((bad + 1))
	fi
done
[ "$bad" -eq 0 ] || fail "$bad steps with a CPU in the wrong virtualization state"
ok "after each of $steps steps, every online CPU had virtualization on exactly while VMs existed"
# Every VM destroyed after typing answered first: the echo reached it
# wherever its vCPU ran.
n_typed=$(grep -c '^vm input ' "$SCRIPT")
n_echo=$(grep -Ec '^vm r[0-9]+: printed "got ping-r[0-9]+"' "$TXT")
echo "typed $n_typed, echoed $n_echo"
[ "$n_typed" -gt 0 ] || fail "the seed typed into no VM"
[ "$n_echo" -eq "$n_typed" ] || fail "$n_typed lines typed, $n_echo echoed"
ok "every VM echoed its line"
reply_to cpus $((steps + 1)) >"$WORK/cpus"
expect_cpus "$WORK/cpus" 4 -1
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was"
