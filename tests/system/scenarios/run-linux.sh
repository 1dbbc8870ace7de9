# `armhv run` without --no-vm: one Linux VM named linux (Debian's kernel
# and the test initramfs from .deps/guests, 2 vCPUs, 256 MiB). With
# --script the script talks to armhv's console while the guest runs: its
# init powers off (armhv.test=poweroff) and `vm wait linux` says so. Then
# on a pty, as a user: the terminal lands at the busybox shell, a command
# runs, Ctrl-] goes to `armhv> `, `vm list` shows the VM running, `vm
# console linux` goes back, and `poweroff -f` in the guest brings the
# prompt back with the line saying the VM stopped.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests

script_lines "vm wait linux --timeout 120" poweroff
armhv_run --cmdline "console=ttyAMA0 armhv.test=poweroff" --script "$SCRIPT" --timeout 150
expect_rc 0
expect_line '^armhv cpu0: ready: 3 of 3 CPUs at runtime'
expect_line '^armhv> vm create linux --kernel vm-kernel --initrd vm-initrd --mem 256M --vcpus 2 --cmdline "console=ttyAMA0 armhv.test=poweroff"$'
expect_line '^vm linux: started$'
expect_line '^\[linux\] armhv-test: init running on 2 CPUs'
reply_to "vm wait linux --timeout 120" | grep -q '^vm linux: stopped: powered off (SYSTEM_OFF)' ||
	fail "vm wait did not report SYSTEM_OFF"
ok "vm wait linux reported SYSTEM_OFF"
expect_no_line 'vm console|Oops|Kernel panic|BUG:|armhv: PANIC|unexpected exception'

cat >"$WORK/steps" <<'EOF'
expect vm linux: console attached; Ctrl-\] returns to armhv
expect / # 
send echo hi-$((6*7))\r
expect \r\nhi-42\r
expect / # 
send \x1d
expect vm linux: console detached \(Ctrl-\]\); this is armhv's console
expect armhv> 
send vm list\r
expect vm linux state=running vcpus=2 mem=256M
expect armhv> 
send vm console linux\r
expect vm linux: console attached
send \r
expect / # 
send poweroff -f\r
expect vm linux: stopped: powered off \(SYSTEM_OFF\); console detached
expect armhv> 
send poweroff\r
EOF
echo "+ console-expect: armhv run, steps:"
sed 's/^/  /' "$WORK/steps"
"$ROOT/tests/tools/console-expect" 150 "$WORK/steps" -- "$ARMHV" run --timeout 140 >"$OUT" 2>"$ERR"
RC=$?
tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
echo "--- transcript"
cat -v "$TXT"
echo "--- stderr"
cat "$ERR"
expect_rc 0
# armhv run typed these itself, at the first prompts.
expect_line '^armhv> vm create linux --kernel vm-kernel --initrd vm-initrd --mem 256M --vcpus 2 --cmdline "console=ttyAMA0"$'
expect_line '^armhv> vm start linux$'
expect_line '^armhv> vm console linux$'
expect_count 1 '^hi-42$'
# Attached from its start, the guest's lines are raw: no `[linux] ` prefix.
expect_line '^\[ *[0-9.]+\] Booting Linux'
expect_no_line '^\[linux\]'
reply_to "vm list" >"$WORK/list"
expect_line '^vm linux state=running vcpus=2 mem=256M ' "$WORK/list"
expect_no_line 'Oops|Kernel panic|BUG:|armhv: PANIC|unexpected exception'
