# The same on CPU 0, the CPU that ran the console: another CPU takes the
# console over, so `cpus` and `version` still answer and `poweroff` works.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
check_fault 0
