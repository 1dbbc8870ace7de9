# Debian's Linux in a VM with 2 vCPUs, armhv.test=count: a count in the
# background (a line a second with the guest's uptime) and a shell on the
# console. Once the count is at 5 its check is typed into the shell; the
# VM is saved while the check waits for a typed line (docs/vm.md
# "Snapshots") and destroyed. A second armhv on the same disk, with 3 CPUs
# and without the kernel and initramfs modules, restores it and types the
# line: the rest of the check passes as on QEMU directly (the line read
# through the PL011 by interrupt, the architected counter as clocksource,
# the ITS with LPIs on every CPU, the log without warnings or stalls, read
# after the restore). Then the shell answers what is typed: a computed
# value; after 25 s of guest time (more than Linux's 21 s RCU stall and
# 20 s soft lockup timeouts), cpu1 off and on again (coming back, Linux
# maps its ITS collection again: the restored ITS must process those
# commands) and the whole check again: timer and IPIs on both vCPUs now
# after the restore, the log with all the restore, the 25 s and the CPU
# cycle brought. The count goes on across the save without a restart, a
# repeat, a gap or a jump of guest time. Linux powers off when told.
# (No emulated device sends MSIs, so no LPI fires in this VM: the ITS is
# shown working by its commands, not by LPIs.)
# timeout: 500
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
linux_direct 2
linux_modules
img=$WORK/disk.img
rm -f "$img"
# The save comes just after a count line, so that no line is half out.
script_lines "vm create linux --kernel linux --initrd initrd --mem 256M --vcpus 2 --cmdline \"console=ttyAMA0 armhv.test=count\"" \
	"vm start linux" "vm wait linux --output \"armhv-test: shell ready\" --timeout 240" \
	"vm wait linux --output \"armhv-test: count 5 at\" --timeout 60" \
	"vm input linux /check" "vm wait linux --output \"armhv-test: type a line\" --timeout 120" \
	"vm wait linux --output \"armhv-test: count\" --timeout 30" \
	"vm list" "vm save linux lx" "vm destroy linux" poweroff
armhv_run --smp 2 --no-vm "${LINUX_MODULES[@]}" --snapshot-disk "$img" --script "$SCRIPT" --timeout 300
expect_rc 0
reply_to "vm save linux lx" | grep -Eq '^vm linux: saved as snapshot lx: .*; it stays paused' ||
	fail "vm save of the Linux VM failed"
expect_line '^\[linux\] \[ *[0-9.]+\] ITS@0x0000000008080000: allocated [0-9]+ Devices'
reply_to "vm list" | grep -E '^  its ' >"$WORK/its-saved"
cat "$WORK/its-saved"
expect_line '^  its enabled=1 commands=[1-9][0-9]* bad-commands=0 stalls=0 ' "$WORK/its-saved"
cp "$TXT" "$WORK/first"

# What is typed waits for the guest to have read what was typed before
# (the UART's receive FIFO holds 32 characters): for a line it prints.
script_lines "vm restore lx" "vm list" "vm input linux typed-line" \
	"vm wait linux --output \"armhv-test: check \" --timeout 120" \
	"vm input linux \"echo armhv-test: sum \$((6*7))\"" \
	"vm wait linux --output \"armhv-test: sum 42\" --timeout 30" \
	"vm input linux \"sleep 25; /check --cpu-cycle 1\"" \
	"vm wait linux --output \"armhv-test: type a line\" --timeout 120" \
	"vm input linux typed-again" \
	"vm wait linux --output \"armhv-test: check \" --timeout 120" "vm list" \
	"vm input linux \"poweroff -f\"" "vm wait linux --timeout 120" poweroff
armhv_run --smp 3 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout 300
expect_rc 0
reply_to "vm restore lx" | grep -Eq '^vm linux: restored from snapshot lx: 2 vCPUs, 256 MiB, [0-9]+ RAM blocks of 2 MiB in [0-9]+\.[0-9]{3} ms \([0-9]+\.[0-9]{3} waiting for the disk\); running$' ||
	fail "vm restore of the Linux VM failed"
cp "$TXT" "$WORK/second"
expect_line '^\[linux\] armhv-test: sum 42$'
expect_line '^\[linux\] armhv-test: cpu1 off and on again; online: 0-1$'
expect_line '^\[linux\] \[ *[0-9.]+\] psci: CPU1 killed'
expect_line '^\[linux\] \[ *[0-9.]+\] CPU1: Booted secondary processor'
expect_line "^\\[linux\\] armhv-test: read 'typed-again'"
expect_count 2 '^\[linux\] armhv-test: check PASS$'
expect_count 2 '^\[linux\] armhv-test: its checked, LPIs on 2 CPUs$'
expect_line '^\[linux\] armhv-test: cpu0 timer \+[1-9][0-9]* ipi \+[1-9]'
expect_line '^\[linux\] armhv-test: cpu1 timer \+[1-9][0-9]* ipi \+[1-9]'

# The ITS: after the restore it is enabled, and by the end it has processed more (cpu1's
# collection mapped again), none with an error, its queue never stalled.
its_line() { reply_to "vm list" "$1" | grep -E '^  its '; }
its_ok='^  its enabled=1 commands=[0-9]+ bad-commands=0 stalls=0 '
its_commands() { sed -E 's/.* commands=([0-9]+) .*/\1/'; }
its_line 1 >"$WORK/its-restored"
its_line 2 >"$WORK/its-end"
cat "$WORK/its-restored" "$WORK/its-end"
expect_line "$its_ok" "$WORK/its-restored"
expect_line "$its_ok" "$WORK/its-end"
[ "$(its_commands <"$WORK/its-end")" -gt "$(its_commands <"$WORK/its-restored")" ] ||
	fail "the restored ITS processed no command"
ok "the restored ITS processed $(its_commands <"$WORK/its-end") commands without an error"

# The count, its "N at UPTIME s" lines (not always at a line's start: the
# shell's prompt may come first): 1 to L before the save, L+1 on after the
# restore, each the one due (a restart, a repeat or a lost count fails),
# at least 0.99 s of guest time after the one before (a second of sleep;
# /proc/uptime counts hundredths), and across the save at most a second
# more than the most between any two others: the guest saw no time pass
# while it was a snapshot, and its time did not go back. (Across the save
# it is often up to 0.3 s longer here, typed line or not: armhv's part,
# pause to capture and apply to run, measured under 10 ms; the rest is the
# guest's first moments in a new QEMU.)
counts() { grep -aEo 'armhv-test: count [0-9]+ at [0-9]+\.[0-9]+ s$' "$1" | awk '{ print $3, $5 }'; }
counts "$WORK/first" >"$WORK/counts-saved"
counts "$WORK/second" >"$WORK/counts-restored"
saved=$(wc -l <"$WORK/counts-saved")
restored=$(wc -l <"$WORK/counts-restored")
[ "$saved" -ge 6 ] || fail "$saved count lines before the save, expected 6 or more"
[ "$restored" -ge 25 ] || fail "$restored count lines after the restore, expected 25 or more"
cat "$WORK/counts-saved" "$WORK/counts-restored" | awk -v saved="$saved" '
	bad { next }
	$1 != NR { printf "count %d where %d was due\n", $1, NR; bad = 1; next }
	NR > 1 {
		gap = $2 - t
		if (gap < 0.99) { printf "count %d only %.2f s after the one before\n", $1, gap; bad = 1; next }
		if (NR == saved + 1) across = gap; else if (gap > most) most = gap
	}
	{ t = $2 }
	END {
		if (bad) exit 1
		printf "counts 1 to %d, %d after the restore; guest time between two: at most %.2f s, %.2f s across the save\n", NR, NR - saved, most, across
		if (across > most + 1) { print "over a second more guest time across the save than between any two other counts"; exit 1 }
	}' >"$WORK/verdict"
rc=$?
cat "$WORK/verdict"
[ $rc -eq 0 ] || fail "the count: $(tail -n 1 "$WORK/verdict")"
ok "the count went on: $(head -n 1 "$WORK/verdict")"

cat "$WORK/first" "$WORK/second" >"$WORK/both"
TXT=$WORK/both
expect_linux_check linux 2
expect_no_line 'armhv: PANIC|unexpected exception'
ok "Linux saved in one armhv went on counting and answering in another"
