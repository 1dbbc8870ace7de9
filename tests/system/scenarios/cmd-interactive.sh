# Without --script the console is QEMU's own stdin/stdout (-nographic);
# QEMU's exit maps to our exit code, and --timeout still applies.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
printf 'version\rpoweroff\r' >"$WORK/input"
"$ARMHV" run --image "$IMAGE" --no-vm <"$WORK/input" >"$OUT" 2>"$ERR"
RC=$?
tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
cat "$TXT" "$ERR"
expect_rc 0
expect_line '^armhv> poweroff$'
[ ! -s "$ERR" ] || fail "stderr is not empty"
tr '\0' '\n' <"$FAKE_LOG.argv" | grep -qx -- '-nographic' || fail "no -nographic"
tr '\0' '\n' <"$FAKE_LOG.argv" | grep -qx -- '-serial' && fail "-serial given"
ok "-nographic, no -serial"

FAKE_QEMU_MODE=hang timed "$ARMHV" run --image "$IMAGE" --no-vm --timeout 1 </dev/null >"$OUT" 2>"$ERR"
cat "$ERR"
expect_rc 3
expect_one_stderr_line '^armhv run: timeout after 1 s \(interactive run\); QEMU killed$'
expect_faster 5
expect_pid_gone "$FAKE_LOG.pid"
