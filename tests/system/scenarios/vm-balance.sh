# An idle CPU takes a vCPU that waits for its turn on a busier CPU: two
# polling echo guests (tests/guests/vm-echo.S, always runnable) end up on
# cpu0 when cpu1 goes off; when cpu1 comes back it takes one of them, so
# each runs on a CPU of its own again, and both still answer. A vCPU
# pinned with --cpus is never taken.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-echo 1 'hello\noff\n'
script_lines "vm create a --kernel echo --mem 16M" "vm create b --kernel echo --mem 16M" \
	"vm create p --kernel echo --mem 16M --cpus 0" \
	"vm start a" "vm start b" "vm start p" "cpu off 1" "vm list" "cpu on 1" \
	"vm input a one" "vm wait a --timeout 20 --output \"got one\"" \
	"vm input b two" "vm wait b --timeout 20 --output \"got two\"" \
	"vm input p three" "vm wait p --timeout 20 --output \"got three\"" "vm list" poweroff
armhv_run --smp 2 --no-vm --module "echo=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm list" 1 >"$WORK/list1"
reply_to "vm list" 2 >"$WORK/list2"
cat "$WORK/list1" "$WORK/list2"
# With cpu1 off, every vCPU is on cpu0.
[ "$(grep -c '^  vcpu0 power=[a-z-]* cpu=0 ' "$WORK/list1")" = 3 ] || fail "not all on cpu0 with cpu1 off"
expect_line '^armhv cpu1: vm [ab] vcpu0 moves from cpu0 to idle cpu1$'
expect_no_line 'vm p vcpu0 moves'
# Afterwards one of a and b runs on cpu1, the pinned p still on cpu0.
awk '/^vm /{vm=$2} /^  vcpu0 /{print vm, $3}' "$WORK/list2" >"$WORK/where"
cat "$WORK/where"
grep -q '^p cpu=0$' "$WORK/where" || fail "the pinned vCPU moved"
[ "$(grep -c '^[ab] cpu=1$' "$WORK/where")" = 1 ] || fail "cpu1 did not take exactly one of a and b"
for w in one two three; do
	expect_line "^\\[[abp]\\] vm-echo: got $w\$"
done
expect_no_line 'armhv: PANIC|unexpected exception'
ok "the idle CPU took one waiting vCPU, not the pinned one"
