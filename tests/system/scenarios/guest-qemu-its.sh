# The its guest (guests/its) passes on QEMU directly on 4 and 2 CPUs: the
# GICv3 ITS found in the device tree is set up from its own registers
# (tables, command queue) and LPIs on every CPU's redistributor; LPIs made
# by INT through MAPD/MAPC/MAPTI/MAPI arrive exactly once, on their
# collection's CPU; MOVI, DISCARD, INV, INVALL, CLEAR and MAPD V=0 do what
# the architecture says, the queue never stalls and wraps around. Without
# an ITS (its=off) the guest fails, saying so.
# timeout: 90
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest its 4
guest_expect_line '^its: ITS [^ ]+ at 0x[0-9a-f]+ \(0x20000 bytes\)'
guest_expect_count 4 '^its: cpu[0-3]: redistributor 0x[0-9a-f]+ .*LPIs enabled$'
guest_expect_line '^its: map: .*each of 20 LPIs arrived once, on its collection.s CPU \(cpu0 5, cpu1 5, cpu2 5, cpu3 5\)$'
for stage in 'MOVI: LPI [0-9]+ moved' 'MOVI: LPI [0-9]+, pending while disabled' DISCARD 'INV:' 'INVALL:' 'CLEAR:' \
	'MAPD V=0:' '3 more rounds'; do
	guest_expect_count 1 "^its: $stage"
done
guest_expect_count 4 '^its: cpu[0-3] took [0-9]+ LPIs$'

check_guest its 2
guest_expect_line '^its: map: .*each of 20 LPIs arrived once, on its collection.s CPU \(cpu0 10, cpu1 10\)$'

guest_run its 4 -machine its=off
expect_guest_result its 'FAIL guests/its/itsdrv\.c:[0-9]+ node >= 0: no ITS in the device tree \(no arm,gic-v3-its node under intc@8000000\)'
