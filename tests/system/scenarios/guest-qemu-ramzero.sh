# The ramzero guest (guests/ramzero) passes on QEMU directly on 2 CPUs:
# all 256 MiB of RAM read zero but the images QEMU loaded, whatever first
# touches each 2 MiB block (a load, a store, an instruction fetch, DC ZVA,
# a store pair, a stage-1 table walk, both CPUs at once); then it fills
# its RAM with a pattern (the point of it in scenario vm-ram-zero).
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest ramzero 2
guest_expect_line '^ramzero: 256 MiB read zero$'
guest_expect_line '^ramzero: first touches: stp 0x[0-9a-f]+, table walk 0x[0-9a-f]+, 2 CPUs '
guest_expect_line '^ramzero: RAM filled with 0xd42468a0d42468a0 but the image$'
