# The fpsimd guest (guests/fpsimd) passes on QEMU directly on 4 CPUs: each
# CPU's 32 Q registers, FPCR and FPSR (a different pattern per CPU) survive
# spinning, PSCI calls over HVC, and timer interrupts taken in WFI.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
check_guest fpsimd 4
guest_expect_count 4 '^fpsimd: cpu[0-3] kept its 32 Q registers'
