# The its guest (guests/its) passes on QEMU directly on 4 and 2 CPUs: the
# GICv3 ITS found in the device tree is set up from its own registers
# (tables, command queue) and LPIs on every CPU's redistributor; LPIs made
# by INT through MAPD/MAPC/MAPTI/MAPI arrive exactly once, on their
# collection's CPU; MOVI, DISCARD, INV, INVALL, CLEAR and MAPD V=0 do what
# the architecture says, the queue never stalls and wraps around. Without
# an ITS (its=off) the guest fails, saying so. With "migrate" (what
# vm-snapshot-its saves and restores; here nothing presses the key, so the
# 5 s wait just ends), the interrupts it holds active stay so through the
# wait (running priority, GICR_ISACTIVER0) and hold back what is
# triggered again until their EOI, the timers tick on and the one-shot
# fires, as on armhv after a restore.
# timeout: 120
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

check_guest its 4 -append migrate
guest_expect_line '^its: migrate: held active: LPI [0-9]+ on cpu1 \(priority 0xa0\), SGI 1 on cpu2 \(0x90\), PPI 27 on cpu3 \(0x50, its timer still firing\)$'
guest_expect_line '^its: migrate: no key$'
guest_expect_line '^its: migrate: the virtual counter never went back while waiting; its largest step: [0-9]+\.[0-9] ms$'
guest_expect_line '^its: migrate: LPI [0-9]+ still active on cpu1 \(running priority 0xa0\); INT.d again, pending until the EOI, then arrived once$'
guest_expect_line '^its: migrate: SGI 1 still active on cpu2 \(GICR_ISACTIVER0, running priority 0x90\); sent again, pending until the EOI, then arrived once$'
guest_expect_line '^its: migrate: PPI 27 still active on cpu3 \(GICR_ISACTIVER0, running priority 0x50\), its timer still firing; taken again after the EOI$'
guest_expect_line '^its: migrate: the 3 pending LPIs arrived once each on cpu2, cpu1, cpu3; then all 20 events on their CPUs$'
guest_expect_line '^its: migrate: timers: all 4 CPUs ticked on \(at least [0-9]+ ticks each after the key\), never back; largest gap between two ticks: [0-9]+ ms$'
guest_expect_line "^its: migrate: timers: cpu0's one-shot virtual timer fired once, [0-9]+ ms after its compare value, with no key$"

check_guest its 2
guest_expect_line '^its: map: .*each of 20 LPIs arrived once, on its collection.s CPU \(cpu0 10, cpu1 10\)$'

guest_run its 4 -machine its=off
expect_guest_result its 'FAIL guests/its/itsdrv\.c:[0-9]+ node >= 0: no ITS in the device tree \(no arm,gic-v3-its node under intc@8000000\)'
