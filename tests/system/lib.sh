# shellcheck shell=bash
# Test-runner helpers shared by tests/run and tests/system/run (sourced).
# One line per test: `PASS name (1.2s)` or `FAIL name (1.2s) -- see LOG`,
# each test's output in build/test-logs/NAME.log, a closing
# `N passed, N failed` line.

TR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The build folder, as the Makefile's BUILD (default build/); the scenarios
# run $TR_BUILD/armhv, which boots $TR_BUILD/armhv.bin.
case ${BUILD:-build} in
/*) TR_BUILD=${BUILD} ;;
*) TR_BUILD=$TR_ROOT/${BUILD:-build} ;;
esac
export ARMHV=${ARMHV:-$TR_BUILD/armhv}
TR_LOG_DIR=${TR_LOG_DIR:-$TR_BUILD/test-logs}
TR_PASSED=0
TR_FAILED=0
TR_FAILED_NAMES=()
# A scenario without a `# timeout: SECONDS` line gets this many seconds.
TR_SCENARIO_TIMEOUT=${TR_SCENARIO_TIMEOUT:-300}

# tr_run NAME COMMAND...: runs COMMAND from the repository root with its
# output in the log, prints the result line, counts it.
tr_run() {
	local name=$1; shift
	local log=$TR_LOG_DIR/$name.log start end tenths rc
	mkdir -p "$TR_LOG_DIR"
	start=$(date +%s%N)
	(cd "$TR_ROOT" && "$@") >"$log" 2>&1 </dev/null
	rc=$?
	end=$(date +%s%N)
	tenths=$(( (end - start) / 100000000 ))
	local took="$((tenths / 10)).$((tenths % 10))s"
	if [ "$rc" -eq 0 ]; then
		TR_PASSED=$((TR_PASSED + 1))
		echo "PASS $name ($took)"
	else
		TR_FAILED=$((TR_FAILED + 1))
		TR_FAILED_NAMES+=("$name")
		echo "FAIL $name ($took) -- see ${log#"$TR_ROOT"/}"
		tail -n 30 "$log" | sed 's/^/    /'
	fi
	return "$rc"
}

# tr_summary: the closing line; returns non-zero if anything failed.
tr_summary() {
	if [ "$TR_FAILED" -gt 0 ]; then
		echo "failed: ${TR_FAILED_NAMES[*]}"
	fi
	echo "$TR_PASSED passed, $TR_FAILED failed"
	[ "$TR_FAILED" -eq 0 ]
}

# tr_match NAME PATTERN: true when PATTERN (an extended regex) is empty or
# matches NAME.
tr_match() {
	[ -z "$2" ] || printf '%s\n' "$1" | grep -Eq -- "$2"
}

# sys_scenarios: the scenario names, sorted.
sys_scenarios() {
	local f
	for f in "$TR_ROOT"/tests/system/scenarios/*.sh; do
		[ -e "$f" ] && basename "$f" .sh
	done
}

# sys_scenario NAME: runs one scenario in a fresh shell under `timeout`, so
# a hang costs one scenario. (armhv run kills its QEMU when timeout's
# SIGTERM reaches it, and QEMU dies with it even on SIGKILL.)
sys_scenario() {
	local file=$TR_ROOT/tests/system/scenarios/$1.sh secs rc
	secs=$(sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
	secs=${secs:-$TR_SCENARIO_TIMEOUT}
	timeout -k 10 "$secs" bash "$file"
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "FAIL: scenario $1 did not finish within $secs s (timeout)"
	fi
	return "$rc"
}
