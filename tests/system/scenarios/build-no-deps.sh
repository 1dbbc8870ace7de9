# A fresh clone has no .deps/ (scripts/setup unpacks libfdt for arm64
# there): make stops at once with one line saying to run scripts/setup,
# not with a compiler or linker error; make clean and the goals that do
# not need .deps/ still work.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
clone=$WORK/clone
mkdir -p "$clone"
# The work tree's files, as a clone would have them: no .deps/, no build/.
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp -a --parents -t "$clone" 2>/dev/null)
[ -f "$clone/Makefile" ] && [ ! -e "$clone/.deps" ] && [ ! -e "$clone/build" ] ||
	fail "could not make a clone without .deps/ and build/"

# check_stops GOAL...: make GOAL... fails with one line naming scripts/setup.
check_stops() {
	make -C "$clone" --no-print-directory "$@" >"$OUT" 2>&1
	RC=$?
	echo "--- make $*: exit code $RC"
	cat "$OUT"
	[ "$RC" -ne 0 ] || fail "make $* succeeded without .deps/"
	[ "$(wc -l <"$OUT")" -eq 1 ] || fail "make $* printed $(wc -l <"$OUT") lines, not one"
	grep -q 'libfdt.a is missing: run scripts/setup first' "$OUT" ||
		fail "make $* does not say to run scripts/setup"
	ok "make $* stops with one line"
}
check_stops
check_stops all
check_stops -j2 hyp
check_stops test
[ ! -e "$clone/build/armhv.elf" ] || fail "something was linked"

make -C "$clone" --no-print-directory clean >"$OUT" 2>&1 || fail "make clean failed: $(cat "$OUT")"
ok "make clean works"
make -C "$clone" --no-print-directory -s list-unit-tests >"$OUT" 2>&1 ||
	fail "make list-unit-tests failed: $(cat "$OUT")"
grep -q 'dt-fuzz' "$OUT" || fail "make list-unit-tests lists: $(cat "$OUT")"
ok "make list-unit-tests works"
make -C "$clone" --no-print-directory -s unit-bootargs >"$OUT" 2>&1 ||
	fail "make unit-bootargs failed: $(cat "$OUT")"
ok "a host unit test builds and runs"
