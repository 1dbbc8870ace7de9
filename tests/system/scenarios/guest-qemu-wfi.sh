# The wfi guest (guests/wfi) passes on QEMU directly on 2 CPUs: CPU 0
# waits in WFI, interrupts masked, inside the handler of an SGI of
# priority 0x80 with a less urgent SGI (0xa0) pending; only its virtual
# timer's PPI (0x40) ends the wait, at its deadline, and CPU 1 counts on
# meanwhile at least 3/4 as fast as during a plain wait. (guest-vm runs it
# with both vCPUs on one CPU.)
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest wfi 2
guest_expect_count 1 '^wfi: cpu1 counted [0-9]+ in the plain wait, [0-9]+ in the held one'
