# SIGTERM or SIGINT to `armhv run` kills QEMU and exits 2 with the reason;
# nothing is left running.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines version poweroff
for sig in TERM INT; do
	rm -f "$FAKE_LOG".*
	FAKE_QEMU_MODE=hang "$ARMHV" run --image "$IMAGE" --no-vm --script "$SCRIPT" \
		--timeout 0 >"$OUT" 2>"$ERR" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$FAKE_LOG.pid" ] && break
		sleep 0.05
	done
	sleep 0.3
	kill -s "$sig" "$pid"
	timed wait "$pid"
	cat "$ERR"
	expect_rc 2
	expect_one_stderr_line "^armhv run: interrupted by SIG$sig; QEMU killed\$"
	expect_faster 3
	expect_pid_gone "$FAKE_LOG.pid"
done

# SIGKILL leaves no chance to clean up: QEMU still dies with us.
rm -f "$FAKE_LOG".*
FAKE_QEMU_MODE=hang "$ARMHV" run --image "$IMAGE" --no-vm --script "$SCRIPT" \
	>"$OUT" 2>"$ERR" &
pid=$!
for ((i = 0; i < 100; i++)); do
	[ -s "$FAKE_LOG.pid" ] && break
	sleep 0.05
done
kill -KILL "$pid"
wait "$pid"
expect_pid_gone "$FAKE_LOG.pid"
