# armhv boots on 8 CPU(s): `cpus` lists each CPU once, online at the
# runtime stage, and `poweroff` ends QEMU with exit code 0.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
check_boot 8
