# The hello guest (guests/hello) passes on QEMU's virt machine run directly
# at EL1: entry state, the device tree's description of the machine, PSCI
# >= 1.0 with every call the library uses, MMU and caches on. Also with RAM
# that ends inside a GiB and with RAM over several whole GiBs (the identity
# map's two kinds of blocks).
# timeout: 90
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest hello 1
guest_expect_line '^hello: PSCI [1-9][0-9]*\.[0-9]+$'
guest_expect_line '^hello: 1 CPU\(s\) in the device tree, RAM 0x40000000-0x50000000$'
check_guest hello 2 -m 1100M
guest_expect_line '^hello: 2 CPU\(s\) in the device tree, RAM 0x40000000-0x84c00000$'
check_guest hello 1 -m 3G
guest_expect_line '^hello: 1 CPU\(s\) in the device tree, RAM 0x40000000-0x100000000$'
