# `mem` reports the allocator's totals in KiB: used + free = total, and the
# total is more than nothing and at most the RAM QEMU was given.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines mem poweroff
armhv_run --no-vm --mem 1G --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to mem >"$WORK/reply"
expect_count 1 '^mem: total=[0-9]+ KiB free=[0-9]+ KiB used=[0-9]+ KiB' "$WORK/reply"
read -r total free used < <(sed -En \
	's/^mem: total=([0-9]+) KiB free=([0-9]+) KiB used=([0-9]+) KiB.*/\1 \2 \3/p' \
	"$WORK/reply")
[ "$total" -gt 0 ] || fail "total is 0"
[ "$total" -le $((1024 * 1024)) ] || fail "total $total KiB is more than 1 GiB"
[ $((free + used)) -eq "$total" ] ||
	fail "free $free + used $used != total $total"
ok "total=$total free=$free used=$used KiB add up"
