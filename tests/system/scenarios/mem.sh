# `mem` reports the page allocator's three counters in KiB, each kept on its
# own (total: RAM less what is reserved; free; used: handed out and not
# freed), and they must add up. Three boots show that each moves by exactly
# what was done to it:
#   1. 1 GiB, no crash region (armhv.crashkernel=0), no module: nothing is
#      used but the few EL2 table pages the GIC's windows need (mem's
#      tables=), used + free = total;
#   2. the same with a 64 MiB crash region and two modules: used = 64 MiB
#      (the region is allocated), the total is down by the modules' pages
#      (they are reserved), and `kdump load` changes nothing (it copies
#      into the region, allocating nothing);
#   3. 2 GiB and the default crash region (192 MiB): the total is up by
#      1 GiB on boot 1, used = 192 MiB.
# (The fake QEMU does not model the allocator: this needs the real one.)
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp

# mem_of NAME [N]: sets TOTAL, FREE, USED and TABLES (KiB: EL2 page tables
# from the allocator, part of USED) from the Nth `mem` reply,
# after checking its form and that armhv found its counters consistent.
mem_of() {
	local reply=$WORK/mem-$1-${2:-1}
	reply_to mem "${2:-1}" >"$reply"
	expect_count 1 '^mem: total=[0-9]+ KiB free=[0-9]+ KiB used=[0-9]+ KiB .*tables=[0-9]+ KiB' "$reply"
	expect_no_line 'inconsistent' "$reply"
	read -r TOTAL FREE USED TABLES < <(sed -En \
		's/^mem: total=([0-9]+) KiB free=([0-9]+) KiB used=([0-9]+) KiB.*tables=([0-9]+) KiB.*/\1 \2 \3 \4/p' "$reply")
}

# expect_sum NAME TOTAL FREE USED: used + free = total.
expect_sum() {
	[ $(($3 + $4)) -eq "$2" ] || fail "$1: free $3 + used $4 != total $2 KiB"
	ok "$1: free $3 + used $4 = total $2 KiB"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" -eq "$3" ] || fail "$1 is $2, expected $3"
	ok "$1 is $3"
}

# 1. Nothing allocated.
script_lines mem poweroff
armhv_run --no-vm --mem 1G --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append armhv.crashkernel=0
expect_rc 0
expect_line '^armhv cpu0: kdump: no crash region \(disabled\)'
mem_of 1
total1=$TOTAL free1=$FREE used1=$USED
[ "$total1" -gt 0 ] || fail "total is 0"
[ "$total1" -le $((1024 * 1024)) ] || fail "total $total1 KiB is more than 1 GiB"
expect_sum "boot 1" "$total1" "$free1" "$used1"
# The GIC's register windows need a few EL2 table pages, and nothing else.
[ "$TABLES" -gt 0 ] && [ "$TABLES" -le 64 ] || fail "boot 1: $TABLES KiB of EL2 tables"
tables1=$TABLES
expect_eq "boot 1: used" "$used1" "$tables1"

# 2. A 64 MiB crash region and two modules (one an Image for kdump load).
head -c 300001 /dev/zero >"$WORK/blob"
image=$(dirname "$ARMHV")/armhv.bin
module_kib=0
for f in "$image" "$WORK/blob"; do
	module_kib=$((module_kib + ($(stat -c %s "$f") + 4095) / 4096 * 4))
done
script_lines mem "kdump load img" mem poweroff
armhv_run --no-vm --mem 1G --module "img=$image" --module "blob=$WORK/blob" \
	--script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append armhv.crashkernel=64M
expect_rc 0
expect_line '^armhv cpu0: kdump: 64 MiB reserved at PA 0x[0-9a-f]+ for a crash kernel'
reply_to "kdump load img" | grep -q '^kdump: armed: img ' || fail "kdump load img did not arm"
mem_of 2 1
total2=$TOTAL free2=$FREE used2=$USED
expect_sum "boot 2" "$total2" "$free2" "$used2"
expect_eq "boot 2: used" "$used2" $((64 * 1024 + tables1))
expect_eq "boot 2: total" "$total2" $((total1 - module_kib))
mem_of 2 2
[ "$TOTAL $FREE $USED" = "$total2 $free2 $used2" ] ||
	fail "kdump load changed mem: $total2 $free2 $used2 -> $TOTAL $FREE $USED"
ok "kdump load left mem as it was"

# 3. Twice the RAM, the default crash region.
script_lines mem poweroff
armhv_run --no-vm --mem 2G --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
mem_of 3
expect_sum "boot 3" "$TOTAL" "$FREE" "$USED"
expect_eq "boot 3: used" "$USED" $((192 * 1024 + TABLES))
expect_eq "boot 3: total" "$TOTAL" $((total1 + 1024 * 1024))
