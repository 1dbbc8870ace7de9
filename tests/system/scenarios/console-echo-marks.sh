# Typed text that holds the prompt or the panic mark comes back in the
# console's echo; armhv run --script must take neither for armhv's own
# marks: every line gets its answer, and the clean poweroff exits 0.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines 'version armhv: PANIC on cpu0: typed' 'cpus armhv> typed' 'mem armhv cpu0: armhv: PANIC' cpus poweroff
armhv_run --no-vm --smp 2 --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
[ ! -s "$ERR" ] || fail "stderr is not empty: $(cat "$ERR")"
for cmd in 'version armhv: PANIC on cpu0: typed' 'cpus armhv> typed' 'mem armhv cpu0: armhv: PANIC'; do
	reply_to "$cmd" | grep -q '^error: ' || fail "no answer to '$cmd'"
done
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
