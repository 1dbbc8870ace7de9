# The sgi guest (guests/sgi) passes on QEMU directly on 2 and 4 CPUs: SGIs
# sent through ICC_SGI1R_EL1 from every CPU to every other one, by
# affinity and as a broadcast, each arrive exactly once where they were
# sent and nowhere else.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest sgi 2
guest_expect_count 2 '^sgi: cpu[0-1] received 5 SGIs from each of the 1 other CPU'
check_guest sgi 4
guest_expect_count 4 '^sgi: cpu[0-3] received 5 SGIs from each of the 3 other CPU'
