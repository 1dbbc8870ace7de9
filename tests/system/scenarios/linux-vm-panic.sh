# A Linux guest that panics (`echo c > /proc/sysrq-trigger`) with panic=-1
# on its command line asks to be restarted (PSCI SYSTEM_RESET from the
# panic path): armhv restarts that VM from its images, with a pristine
# ITS and LPI state (the second boot sets the ITS and LPIs up afresh, as
# the first did), and stays healthy; destroying it afterwards gives every
# page back.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_modules
script_lines mem \
	"vm create p --kernel linux --initrd initrd --mem 128M --vcpus 2 --cmdline \"console=ttyAMA0 panic=-1 armhv.test=panic\"" \
	"vm start p" \
	"vm wait p --output \"Kernel panic - not syncing: sysrq triggered crash\" --timeout 120" \
	"vm wait p --output \"armhv-test: init running on 2 CPUs\" --timeout 120" \
	"vm list" "vm destroy p" mem cpus poweroff
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout 220
expect_rc 0
reply_to 'vm wait p --output "armhv-test: init running on 2 CPUs" --timeout 120' |
	grep -q '^vm p: printed' || fail "vm p did not boot again after its panic"
ok "vm p booted again after its panic"
# Both boots found the ITS and LPIs off and set them up, every CPU.
expect_count 2 '^\[p\] \[ *[0-9.]+\] ITS@0x0000000008080000: allocated [0-9]+ Devices'
expect_count 2 '^\[p\] \[ *[0-9.]+\] GICv3: CPU1: using allocated LPI pending table'
expect_no_line '^\[p\] .*(LPIs enabled|already enabled|probably corrupted|ITS.*(fail|error|timeout))'
reply_to "vm list" | grep -Eq '^vm p state=running vcpus=2 .* resets=[1-9]' ||
	fail "vm list does not count the restart"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after destroy: $(reply_to mem 1) / $(reply_to mem 2)"
ok "mem is back to where it was"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
expect_no_line 'armhv: PANIC|unexpected exception'
