# The hypervisor scenarios (those calling need_hyp) pass against the fake
# QEMU, which follows the console contract: this checks the scenarios and
# their helpers, not armhv.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
dir=$(dirname "$0")
count=0
for f in "$dir"/*.sh; do
	grep -q '^need_hyp\|^check_boot\|^check_fault' "$f" || continue
	name=$(basename "$f" .sh)
	if ARMHV_TEST_FAKE=1 bash "$f" >"$WORK/$name.log" 2>&1; then
		ok "$name passes on the fake"
	else
		cat "$WORK/$name.log"
		fail "$name fails on the fake"
	fi
	count=$((count + 1))
done
[ "$count" -ge 11 ] || fail "only $count hypervisor scenarios found"
ok "$count hypervisor scenarios pass on the fake"
