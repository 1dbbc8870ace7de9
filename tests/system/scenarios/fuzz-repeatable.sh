# The fuzzers in the test run give the same result every time: twice in a
# row, each reads only the committed seeds (even when the long runs' corpus
# in the build folder has grown), and runs the same inputs to the same
# coverage. Short runs here; the test run's own are longer.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
build=${BUILD:-build}
case $build in /*) ;; *) build=$ROOT/$build ;; esac
seeds=$(( $(ls "$ROOT"/tests/unit/dts/*.dts | wc -l) + $(ls "$ROOT"/tests/fuzz/dt-regressions/* | wc -l) ))

# fuzz TARGET RUNS-VARIABLE RUNS LOG: one test-run fuzzing, its summary in LOG.
fuzz() {
	make -s -C "$ROOT" "$1" "$2=$3" >"$4" 2>&1 || { tail -n 30 "$4"; fail "make $1 failed"; }
	# Speed and memory (exec/s, rss) vary from run to run: left out. So
	# does, now and then, how many executions libFuzzer counts before
	# INITED (15 or 16 for the same 14 seeds; once in a CI run): that
	# line keeps its coverage, features and corpus, not its count.
	grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^INFO: seed corpus|^stat::new_units_added' "$4" |
		sed -E 's/ (exec\/s|rss): [0-9]+(Mb)?//g; s/^#[0-9]+([[:space:]]+INITED)/#\1/' >"$4.summary"
	echo "--- $1"
	cat "$4.summary"
}

# What the long runs leave in the build folder must not matter.
mkdir -p "$build/dt-fuzz/corpus" "$build/its-fuzz/corpus"
printf 'not a tree %s' "$RANDOM" >"$build/dt-fuzz/corpus/fuzz-repeatable-extra"
printf '\001\002\003%s' "$RANDOM" >"$build/its-fuzz/corpus/fuzz-repeatable-extra"

fuzz unit-dt-fuzz DT_FUZZ_RUNS 30000 "$WORK/dt1"
fuzz unit-dt-fuzz DT_FUZZ_RUNS 30000 "$WORK/dt2"
grep -q "^INFO: seed corpus: files: $seeds " "$WORK/dt1.summary" ||
	fail "the device-tree fuzzer did not start from the $seeds committed seeds"
ok "the device-tree fuzzer starts from the $seeds committed seeds"
grep -Eq '^#30000[[:space:]]+DONE' "$WORK/dt1.summary" || fail "the device-tree fuzzer did not do 30000 runs"
cmp -s "$WORK/dt1.summary" "$WORK/dt2.summary" || fail "two device-tree fuzz runs differ"
ok "two device-tree fuzz runs are the same"

fuzz unit-its-fuzz ITS_FUZZ_RUNS 8000 "$WORK/its1"
fuzz unit-its-fuzz ITS_FUZZ_RUNS 8000 "$WORK/its2"
grep -q '^INFO: seed corpus' "$WORK/its1.summary" &&
	fail "the ITS fuzzer read a corpus (none is committed)"
grep -Eq '^#8000[[:space:]]+DONE' "$WORK/its1.summary" || fail "the ITS fuzzer did not do 8000 runs"
cmp -s "$WORK/its1.summary" "$WORK/its2.summary" || fail "two ITS fuzz runs differ"
ok "two ITS fuzz runs are the same"
mkdir -p "$build/snapshot-fuzz/corpus"
printf 'ARMHVSNP%s' "$RANDOM" >"$build/snapshot-fuzz/corpus/fuzz-repeatable-extra"
snap_seeds=$(ls "$ROOT"/tests/fuzz/snapshot-seeds/* | wc -l)
fuzz unit-snapshot-fuzz SNAPSHOT_FUZZ_RUNS 5000 "$WORK/snap1"
fuzz unit-snapshot-fuzz SNAPSHOT_FUZZ_RUNS 5000 "$WORK/snap2"
grep -q "^INFO: seed corpus: files: $snap_seeds " "$WORK/snap1.summary" ||
	fail "the snapshot fuzzer did not start from the $snap_seeds committed seeds"
grep -Eq '^#5000[[:space:]]+DONE' "$WORK/snap1.summary" || fail "the snapshot fuzzer did not do 5000 runs"
cmp -s "$WORK/snap1.summary" "$WORK/snap2.summary" || fail "two snapshot fuzz runs differ"
ok "two snapshot fuzz runs from the $snap_seeds committed seeds are the same"
rm -f "$build/dt-fuzz/corpus/fuzz-repeatable-extra" "$build/its-fuzz/corpus/fuzz-repeatable-extra" \
	"$build/snapshot-fuzz/corpus/fuzz-repeatable-extra"
