# The abort guest (guests/abort) passes on QEMU directly on 2 CPUs: loads
# and stores past the end of RAM and in a hole between the devices are
# synchronous external aborts at the access instruction (EC 0x25, DFSC
# 0x10, WnR, FAR), which the guest catches and reports before going on.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest abort 2
guest_expect_line '^abort: cpu0 ldr w at 0x50000010: ESR 0x96000010 \(data abort\), FAR 0x50000010$'
guest_expect_line '^abort: cpu0 str w at 0x9800030: ESR 0x96000050 \(data abort\), FAR 0x9800030$'
guest_expect_line '^abort: 2 CPU\(s\) caught their aborts and went on$'
