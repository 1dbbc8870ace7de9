# A Linux VM created, started, run until its console is up, and destroyed
# while it boots, 20 times: every page of its 256 MiB, its tables and its
# VMID come back each time (`mem` at the end equals `mem` at the start).
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_modules
LINES=(mem)
for i in $(seq 1 20); do
	LINES+=("vm create l$i --kernel linux --initrd initrd --mem 256M --vcpus 2 --cmdline console=ttyAMA0"
		"vm start l$i" "vm wait l$i --output \"printk: console [ttyAMA0] enabled\" --timeout 60"
		"vm destroy l$i")
done
LINES+=(mem "vm list" cpus poweroff)
script_lines "${LINES[@]}"
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout 280
expect_rc 0
expect_count 20 '^vm l[0-9]+: printed "printk: console \[ttyAMA0\] enabled"'
expect_count 20 '^vm l[0-9]+: destroyed'
expect_no_line '^error:|armhv: PANIC|unexpected exception'
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after 20 cycles: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was after 20 Linux VMs"
reply_to "vm list" | grep -q '^no VMs' || fail "VMs left behind"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
