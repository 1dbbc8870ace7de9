# QEMU trouble is exit code 2 with the reason: it cannot start, exits
# non-zero, is killed by a signal, or exits 0 before the script's end.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines version poweroff

FAKE_QEMU_MODE=exit1 armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 2
expect_stderr '^armhv run: QEMU exited with status 1$'
expect_faster 5

script_lines version 'fake exit 7' poweroff
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 2
expect_one_stderr_line '^armhv run: QEMU exited with status 7$'

script_lines 'fake kill' poweroff
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 2
expect_one_stderr_line '^armhv run: QEMU was killed by signal 9 '

printf 'poweroff\n# comment\ncpus\n' >"$SCRIPT"
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 2
expect_one_stderr_line '^armhv run: QEMU exited before the script ended \(line 3 pending: `cpus`\)$'

ARMHV_QEMU=$WORK/no-such-qemu armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT"
expect_rc 2
expect_one_stderr_line "^armhv run: cannot start QEMU \\($WORK/no-such-qemu\\): No such file or directory\$"

# An interactive run maps QEMU's exit the same way.
printf 'fake exit 1\r' >"$WORK/input"
ARMHV_QEMU=$FAKE_QEMU "$ARMHV" run --image "$IMAGE" --no-vm <"$WORK/input" >"$OUT" 2>"$ERR"
RC=$?
cat "$OUT" "$ERR"
expect_rc 2
expect_one_stderr_line '^armhv run: QEMU exited with status 1$'
