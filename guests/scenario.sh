# shellcheck shell=bash
# Helpers for the scenarios that run test guests on QEMU directly
# (tests/system/scenarios/guest-qemu-*.sh), sourced after
# tests/system/scenario.sh (which gives ROOT, WORK, ARMHV, fail, ok,
# expect_line and expect_count).

GUEST_BUILD=$(dirname "$ARMHV")		# the build folder (tests/run: $BUILD)
GUEST_RUNS=0
GOUT=

# guest_image NAME: the path of a built guest; fails if it is missing.
guest_image() {
	local f=$GUEST_BUILD/guests/$1.bin
	[ -f "$f" ] || fail "$f is missing (make all builds it)"
	echo "$f"
}

# guest_run NAME|FILE SMP [QEMU ARGS...]: runs the guest with guests/run;
# sets RC (QEMU's exit code) and GOUT (its output, without \r).
guest_run() {
	local img=$1 smp=$2
	shift 2
	[ -f "$img" ] || img=$(guest_image "$img") || exit 1
	GUEST_RUNS=$((GUEST_RUNS + 1))
	GOUT=$WORK/guest-$GUEST_RUNS.out
	echo "+ guests/run --smp $smp $img${*:+ -- $*}"
	"$ROOT/guests/run" --smp "$smp" --timeout 30 "$img" ${1:+-- "$@"} 2>&1 | tr -d '\r' >"$GOUT"
	RC=${PIPESTATUS[0]}
	cat "$GOUT"
	echo "--- exit code $RC"
}

# expect_guest_result NAME ERE: QEMU exited 0 and the run printed exactly
# one result line, "GUEST-TEST NAME: " followed by a match of ERE.
expect_guest_result() {
	local name=$1 ere=$2 n
	[ "$RC" = 0 ] || fail "QEMU exited with $RC (124: timeout)"
	n=$(grep -c '^GUEST-TEST ' "$GOUT")
	[ "$n" -eq 1 ] || fail "$n result lines, expected 1"
	grep -Eq "^GUEST-TEST $name: ($ere)\$" "$GOUT" ||
		fail "result: $(grep '^GUEST-TEST ' "$GOUT"), expected /GUEST-TEST $name: $ere/"
	ok "GUEST-TEST $name: $(sed -n 's/^GUEST-TEST [^:]*: //p' "$GOUT" | cut -c1-200)"
}

# check_guest NAME SMP [QEMU ARGS...]: the guest passes on QEMU directly.
check_guest() {
	local name=$1
	guest_run "$@"
	expect_guest_result "$name" PASS
	if grep -q 'unexpected .* exception' "$GOUT"; then
		fail "an unexpected exception was reported"
	fi
}

# guest_expect_line ERE: some line of the last run matches.
guest_expect_line() {
	expect_line "$1" "$GOUT"
}

# guest_expect_count N ERE: exactly N lines of the last run match.
guest_expect_count() {
	expect_count "$1" "$2" "$GOUT"
}
