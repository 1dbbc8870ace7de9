# Log levels from the console: `log` shows the level; at `warn`, the
# life cycle's info lines (a CPU coming online) are not printed, while
# the CPU still comes online; a bad level is refused; `debug` restores
# everything.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines log "log level warn" "cpu off 1" "cpu on 1" cpus "log level bogus" \
	"log level debug" "cpu off 1" "cpu on 1" log poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to log 1 | grep -q '^log: level info, 0 lines suppressed by rate limits' ||
	fail "log does not show the default level"
reply_to "cpu on 1" 1 | grep -q 'online at the runtime stage' &&
	fail "an info line was printed at level warn"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
reply_to "log level bogus" | grep -q '^error: log level must be' || fail "a bad level was accepted"
reply_to "cpu on 1" 2 | grep -q 'online at the runtime stage' ||
	fail "no info line at level debug"
reply_to log 2 | grep -q '^log: level debug' || fail "log does not show the new level"
ok "levels filter the log"

# At boot: armhv.loglevel=warn hides the boot's info lines, and `log`
# says so; a bad value is refused with a warning and changes nothing.
script_lines log poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append armhv.loglevel=warn
expect_rc 0
expect_no_line 'online at the runtime stage'
reply_to log | grep -q '^log: level warn' || fail "armhv.loglevel=warn not applied"
script_lines log poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append armhv.loglevel=loud
expect_rc 0
expect_line 'armhv.loglevel=loud: not err, warn, info, debug or 0-3; keeping info'
reply_to log | grep -q '^log: level info' || fail "a bad armhv.loglevel changed the level"
ok "armhv.loglevel= at boot"
