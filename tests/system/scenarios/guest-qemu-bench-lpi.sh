# The bench-lpi guest (bench/vm's LPI figures) passes on QEMU directly on
# 2 CPUs: its one event, mapped by MAPD, MAPC and MAPTI to an LPI on
# cpu0, arrives exactly once per write of its EventID to GITS_TRANSLATER
# (DeviceID 0: what QEMU gives a CPU's write) and once per INT through
# the command queue, 2,000 of each, and nothing else arrives; with
# "only=translater rounds=0" (bench/profile's baseline) only the setup
# and one of each run. The figures are not judged: bench/vm prints them.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
hex='0x[0-9a-f]{16}'
check_guest bench-lpi 2
guest_expect_count 1 "^bench-lpi: translater $hex 0x00000000000007d0 $hex $hex\$"
guest_expect_count 1 "^bench-lpi: int $hex 0x00000000000007d0 $hex $hex\$"
guest_expect_line '^bench-lpi: LPI 8224 \(device 0, event 1\) arrived once per send, 4002 in all, on cpu0 only$'

check_guest bench-lpi 2 -append "only=translater rounds=0"
guest_expect_count 1 "^bench-lpi: translater $hex 0x0000000000000000 $hex 0x0000000000000000\$"
guest_expect_count 0 '^bench-lpi: int '
guest_expect_line '^bench-lpi: LPI 8224 \(device 0, event 1\) arrived once per send, 2 in all, on cpu0 only$'
