# A Linux VM shares the machine with the hostile guest (tests/guests/
# vm-hostile.S: 100,000 random HVCs, SMCs, system-register accesses and
# MMIO of every width to every emulated device and to nothing): Linux
# boots and passes its self-check undisturbed, the hostile guest finishes
# alive, armhv stays healthy and every page comes back.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-hostile
linux_modules
LINES=(mem "vm create h --kernel h --mem 32M --cpus 1" "vm start h")
linux_check_lines linux 2
LINES+=("vm wait h --timeout 150" "vm list" cpus "vm destroy h" "vm destroy linux" mem poweroff)
script_lines "${LINES[@]}"
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --module "h=$GUEST" --script "$SCRIPT" --timeout 280
expect_rc 0
expect_linux_check linux 2
expect_line '^\[h\] vm-hostile: PASS'
reply_to "vm wait h --timeout 150" | grep -q '^vm h: stopped: powered off (SYSTEM_OFF)' ||
	fail "the hostile guest did not finish"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was"
expect_no_line 'armhv: PANIC|unexpected exception'
