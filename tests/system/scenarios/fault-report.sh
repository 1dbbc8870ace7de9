# An unexpected exception at EL2 on CPU 2 (selftest fault 2) prints a report
# (ESR, ELR, FAR, a backtrace through the selftest), stops that CPU only,
# and the console keeps answering.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
check_fault 2
