# `armhv run` with the default VM, on the fake QEMU and a pty: armhv run
# types the VM's lines at the first prompts itself (-nographic, console
# on pipes, the terminal relayed), what the user typed meanwhile follows
# them, the terminal is put back as it was; Ctrl-C before the guest's
# console is reached ends the run (exit 2), a refusal too (exit 4).
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
EXPECT=$ROOT/tests/tools/console-expect
head -c 1000 /dev/zero >"$WORK/kernel"
head -c 1000 /dev/zero >"$WORK/initrd"
vm=(--kernel "$WORK/kernel" --initrd "$WORK/initrd")

# Typed before the first prompt (the fake prints slowly): held, then sent
# after armhv run's own lines.
cat >"$WORK/steps" <<'EOF'
send version\r
expect armhv version fake-0
expect armhv> 
send poweroff\r
EOF
FAKE_QEMU_SLOW=1 "$EXPECT" 30 "$WORK/steps" -- bash -c \
	'"$1" run --image "$2" "${@:3}"; rc=$?; stty -a; exit $rc' sh \
	"$ARMHV" "$IMAGE" "${vm[@]}" >"$OUT" 2>"$ERR"
RC=$?
tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
cat "$TXT" "$ERR"
expect_rc 0
printf '%s\n' 'vm create linux --kernel vm-kernel --initrd vm-initrd --mem 256M --vcpus 2 --cmdline "console=ttyAMA0"' \
	'vm start linux' 'vm console linux' version poweroff >"$WORK/want"
diff "$WORK/want" "$FAKE_LOG.cmds" || fail "the console got other lines, or in another order"
ok "the VM's lines, then what the user typed"
tr '\0' '\n' <"$FAKE_LOG.argv" | grep -qx -- '-nographic' || fail "no -nographic"
tr '\0' '\n' <"$FAKE_LOG.argv" | grep -qx -- '-serial' && fail "-serial given"
ok "-nographic, no -serial"
# stty after armhv run: the terminal is cooked again.
grep -Eq '(^| )icanon( |$)' "$TXT" || fail "the terminal was not put back (no icanon)"
grep -Eq '(^| )echo( |$)' "$TXT" || fail "the terminal was not put back (no echo)"
ok "the terminal was put back"

# Ctrl-C while armhv never shows a prompt.
cat >"$WORK/steps" <<'EOF'
expect booting
send \x03
EOF
FAKE_QEMU_MODE=hang "$EXPECT" 30 "$WORK/steps" -- "$ARMHV" run --image "$IMAGE" "${vm[@]}" \
	>"$OUT" 2>"$ERR"
RC=$?
cat "$OUT" "$ERR"
expect_rc 2
expect_stderr '^armhv run: Ctrl-C before the console reached the guest; QEMU killed$'
expect_pid_gone "$FAKE_LOG.pid"

# armhv refuses: exit 4 at once, as with a script.
cat >"$WORK/steps" <<'EOF'
exit
EOF
FAKE_QEMU_MODE=refuse "$EXPECT" 30 "$WORK/steps" -- "$ARMHV" run --image "$IMAGE" "${vm[@]}" \
	>"$OUT" 2>"$ERR"
RC=$?
cat "$OUT" "$ERR"
expect_rc 4
expect_stderr '^armhv run: armhv refused to run: armhv: cannot run: entered at EL1'
