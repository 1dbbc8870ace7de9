# `vm console NAME` on a pty, as a user types it (tests/tools/console-
# expect drives `armhv run --no-vm`): the guest's prompt, printed before
# the attach and with no newline, shows raw; what is typed reaches it and
# its echo comes back raw (no `[name] ` prefix); Ctrl-] returns to
# `armhv> ` with one line; the guest's output is line-prefixed again after
# that. Hostile input: NUL and escape-sequence bytes, 3000 bytes in one go,
# 2000 bytes at a VM that never reads them (the escape still gets through
# and the drop is counted), another VM's lines and armhv's log lines
# arriving while the attached guest's line is unfinished (they start on a
# line of their own and the guest's line is shown again after them, never
# torn), a guest that resets over and over (the console stays attached),
# the guest powering off while attached (the console comes back, saying
# so), attaching to a missing or stopped VM.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guests=$(dirname "$ARMHV")/tests/guests
cat >"$WORK/steps" <<'EOF'
expect armhv> $
send vm console nosuch\r
expect error: no VM named 'nosuch'
expect armhv> $
send vm create p --kernel prompt --mem 16M --cpus 1\r
expect vm p: created
expect armhv> $
send vm create e --kernel echo --mem 16M --cpus 1\r
expect vm e: created
expect armhv> $
send vm create r --kernel reset --mem 16M --cpus 2\r
expect vm r: created
expect armhv> $
send vm start p\r
expect vm p: started
expect armhv> $
send vm console p\r
expect vm p: console attached; Ctrl-\] returns to armhv
expect vm-prompt> $
send hi-there\r
expect vm-prompt: got hi-there\r+\n
expect vm-prompt> $
# NUL, ESC [ A (an arrow key), ESC ] ... BEL (a terminal title), DEL
send a\0b\x1b[A\x1b]0;t\x07c\x7fd\r
expect vm-prompt: got a
expect vm-prompt> $
repeat 3000 x
sleep 1
send \r
expect vm-prompt: got x{60}\r+\n
expect vm-prompt> $
send \x1d
expect vm p: console detached \(Ctrl-\]\); this is armhv's console
expect armhv> $
send vm input p "after-detach"\r
expect \[p\] vm-prompt: got after-detach
# A VM that never reads: the escape gets through 2000 bytes.
send vm console e\r
expect vm e: console attached
repeat 2000 z
send \x1d
expect vm e: console detached \(Ctrl-\]\); this is armhv's console \([0-9]+ input bytes lost: the guest did not read them in time\)
expect armhv> $
# Another VM's lines and armhv's log lines while p's line is unfinished.
send vm start r\r
expect vm r: started
send vm console p\r
expect vm p: console attached
send abc
sleep 1
send \r
expect vm-prompt: got abc\r+\n
send \x1d
expect vm p: console detached
# Attached to a VM that resets over and over: it stays attached.
send vm console r\r
expect vm r: console attached
expect \nvm-reset: PASS\r
sleep 0.5
send \x1d
expect vm r: console detached \(Ctrl-\]\)
send vm destroy r\r
expect vm r: destroyed
expect armhv> $
# The guest powers off while attached.
send vm console p\r
expect vm p: console attached
send off\r
expect vm p: stopped: powered off \(SYSTEM_OFF\); console detached\r
expect armhv> $
send vm console p\r
expect error: vm p is stopped
expect armhv> $
send poweroff\r
EOF
echo "+ console-expect: armhv run --no-vm, steps:"
sed 's/^/  /' "$WORK/steps"
"$ROOT/tests/tools/console-expect" 90 "$WORK/steps" -- "$ARMHV" run --smp 3 --no-vm \
	--module "prompt=$guests/vm-prompt.bin" --module "echo=$guests/vm-echo.bin" \
	--module "reset=$guests/vm-reset.bin" --timeout 80 >"$OUT" 2>"$ERR"
RC=$?
tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
echo "--- transcript"
cat -v "$TXT"
echo "--- stderr"
cat "$ERR"
expect_rc 0
# The prompt printed before the attach, and the echo, came raw.
sed -n '/^vm p: console attached/,/^vm p: console detached/p' "$TXT" >"$WORK/first"
expect_line '^vm-prompt> hi-there$' "$WORK/first"
expect_line '^vm-prompt: got hi-there$' "$WORK/first"
expect_no_line '^\[p\]' "$WORK/first"
# The hostile line reached the guest whole (its echo): NUL, ESC sequences, DEL.
python3 -c 'import sys; sys.exit(b"vm-prompt> a\0b\x1b[A\x1b]0;t\x07c\x7fd\r" not in open(sys.argv[1], "rb").read())' "$OUT" ||
	fail "the guest did not get the hostile line as typed"
ok "the guest got NUL, ESC sequences and DEL as typed"
expect_line '^vm-prompt: got x{60}$' "$WORK/first"
# Detached: line mode again.
expect_line '^\[p\] vm-prompt: got after-detach$'
# While p's line was unfinished: r's lines and armhv's log lines came,
# each on a line of its own, and p's line was shown again after them.
sed -n '/^vm p: console attached/,/^vm p: console detached/p' "$TXT" |
	sed -n '/vm-prompt> abc/,$p' >"$WORK/flood"
expect_line '^\[r\] vm-reset: PASS$' "$WORK/flood"
expect_line '^armhv cpu[0-9]+: vm r: SYSTEM_RESET: starting it again$' "$WORK/flood"
n=$(grep -c '^vm-prompt> abc$' "$WORK/flood")
[ "$n" -ge 2 ] || fail "p's unfinished line was shown $n times, expected again after other lines"
ok "p's unfinished line was shown again ($n times)"
expect_no_line '.\[r\] |.armhv cpu[0-9]'
# Attached to r, which reset on: raw lines, attached until Ctrl-].
sed -n '/^vm r: console attached/,/^vm r: console detached/p' "$TXT" >"$WORK/r"
expect_line '^vm-reset: PASS$' "$WORK/r"
expect_no_line '^\[r\]|vm r: stopped' "$WORK/r"
expect_line '^vm r: console detached \(Ctrl-\]\)' "$WORK/r"
expect_no_line 'armhv: PANIC|unexpected exception'
