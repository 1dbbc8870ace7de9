# A hostile guest (tests/guests/vm-hostile.S: 100,000 random HVCs, SMCs,
# loads and stores of every width in the GIC's frames (the ITS's too),
# the virtio window and at random addresses, random system-register
# reads, random writes to debug and SGI registers, random ITS commands
# from queues in and outside its RAM, with LPIs delivered and
# acknowledged) shares a CPU with a well-behaved guest: both
# finish (the hostile one alive, every bad access answered with an
# architected exception), the other passes its interrupt and timer test,
# armhv logs no more than its rate limits allow and stays healthy, and
# every page comes back.
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-hostile
hostile=$GUEST
guest_direct vm-timer
script_lines mem "vm create h --kernel h --mem 32M" "vm create t --kernel t --mem 32M" \
	"vm start h" "vm start t" "vm wait t --timeout 120" "vm wait h --timeout 150" "vm list" \
	log cpus "vm destroy h" "vm destroy t" mem poweroff
armhv_run --smp 2 --no-vm --module "h=$hostile" --module "t=$GUEST" --script "$SCRIPT" \
	--timeout 180
expect_rc 0
expect_line '^\[h\] vm-hostile: PASS'
expect_line '^\[t\] vm-timer: PASS'
expect_no_line 'vm-hostile: FAIL|vm-timer: FAIL'
reply_to "vm wait h --timeout 150" | grep -q '^vm h: stopped: powered off (SYSTEM_OFF)' ||
	fail "the hostile guest did not finish"
reply_to "vm list" >"$WORK/list"
cat "$WORK/list"
# It reached every kind of exit.
expect_line '^vm h .* hvc=[1-9][0-9]* smc=[1-9][0-9]* mmio=[1-9][0-9]* sysreg=[1-9][0-9]* .*abort=[1-9][0-9]* undef=[1-9][0-9]*' "$WORK/list"
# Its ITS ran commands, good and bad, stalled on queues outside RAM, and
# delivered LPIs that the guest acknowledged.
its=$(awk '/^vm h /{f = 1; next} /^vm /{f = 0} f && /^  its /{print; exit}' "$WORK/list")
echo "hostile guest's ITS: $its"
echo "$its" | grep -Eq 'commands=[1-9][0-9]{3,} bad-commands=[1-9][0-9]* stalls=[1-9][0-9]* .*lpis-delivered=[1-9][0-9]* lpis-taken=[1-9][0-9]*' ||
	fail "the hostile guest's ITS commands and LPIs were not exercised: $its"
# Its log lines are rate-limited: 10 per call site and 5 s window.
n=$(grep -c '^armhv cpu[0-9]: vm h ' "$TXT")
echo "log lines about vm h: $n"
[ "$n" -le 100 ] || fail "$n log lines about the hostile guest: not rate-limited"
reply_to log | grep -Eq '^log: level info, [1-9][0-9]* lines suppressed' || fail "no line was suppressed"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
expect_no_line 'armhv: PANIC|unexpected exception'
