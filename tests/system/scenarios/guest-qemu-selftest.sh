# The library's own promises (guests/selftest) on QEMU directly, 4 CPUs:
# it passes, after catching BRK, UDF and an external abort with the right
# syndrome, and its CPUs' lines, printed all at once, come out whole. Made
# to fail on purpose (-append fail=...), every way of failing gives
# exactly one result line saying where, and QEMU still exits 0: a CHECK_EQ
# with both values, a CHECK on a secondary while the boot CPU prints, an
# unexpected abort on a secondary (a report with ESR, ELR, FAR, not cut by
# the other CPU's lines), all CPUs failing at once, an interrupt without a
# handler.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"

LINE_RE='^selftest: cpu[0-3] line [0-9]{2} abcdefghijklmnopqrstuvwxyz0123456789 end$'
check_guest selftest 4
guest_expect_count 160 "$LINE_RE"
guest_expect_count 160 'line [0-9]'
n=$(grep -E "$LINE_RE" "$GOUT" | sort -u | wc -l)
[ "$n" -eq 160 ] || fail "$n distinct lines, expected 160"
ok "160 distinct whole lines from 4 CPUs"

guest_run selftest 4 -append fail=check
expect_guest_result selftest 'FAIL guests/selftest/selftest\.c:[0-9]+ 1 \+ 1 == 3 \(0x2 != 0x3, 2 != 3\)'

guest_run selftest 4 -append fail=secondary
expect_guest_result selftest 'FAIL guests/selftest/selftest\.c:[0-9]+ me != 1: cpu1 fails on purpose'
grep 'still printing' "$GOUT" | grep -Evq '^selftest: cpu0 still printing [0-9]+$' &&
	fail "a cut line: $(grep 'still printing' "$GOUT" | grep -Ev '^selftest: cpu0 still printing [0-9]+$' | head -1)"
ok "cpu0's lines are whole"

guest_run selftest 4 -append fail=exception
expect_guest_result selftest 'FAIL cpu1: unexpected synchronous exception \(data abort\) ESR=0x96000050 ELR=0x[0-9a-f]+ FAR=0x50000000'
guest_expect_line '^selftest cpu1: unexpected synchronous exception from the current EL: data abort$'
guest_expect_line '^  ESR=0x96000050 ELR=0x[0-9a-f]+ FAR=0x50000000 SPSR=0x[0-9a-f]+ SP=0x[0-9a-f]+$'
guest_expect_count 8 '^  x[0-9 ]{2}=0x[0-9a-f]{16}'
sed -n '/^selftest cpu1: unexpected/,/^GUEST-TEST/p' "$GOUT" >"$WORK/report"
grep -q 'still printing' "$WORK/report" && fail "cpu0's lines inside cpu1's report"
ok "the report is in one piece"

guest_run selftest 4 -append fail=all
expect_guest_result selftest 'FAIL guests/selftest/selftest\.c:[0-9]+ false: cpu[0-3] fails on purpose'

guest_run selftest 4 -append fail=irq
expect_guest_result selftest 'FAIL cpu0: interrupt 5 without a handler'
