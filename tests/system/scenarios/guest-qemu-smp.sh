# The smp guest (guests/smp) passes on QEMU directly with 1, 2, 3, 4 and 8
# CPUs: each CPU of the device tree starts through PSCI CPU_ON on the right
# MPIDR and reports in, AFFINITY_INFO follows it on and off, CPU_ON of a
# running CPU is ALREADY_ON, and a CPU turned off starts again.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
for n in 1 2 3 4 8; do
	check_guest smp "$n"
	guest_expect_line "^smp: $n CPUs in the device tree\$"
	# Each other CPU reports in once, the last one again after its restart.
	guest_expect_count $((n > 1 ? n : 0)) '^smp: cpu[0-9]+ \(MPIDR 0x[0-9a-f]+\) reporting in$'
done
