# The migrate guest (guests/migrate) passes on QEMU directly, where
# nothing migrates it: it waits its 5 s for a key that does not come, then
# finds memory, FP/SIMD and EL0/EL1 registers, counter, timer and SGI as
# they were (vm-snapshot runs it across a save and a restore).
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest migrate 1
guest_expect_count 1 '^migrate: no key after [0-9]+ ms of virtual time'
