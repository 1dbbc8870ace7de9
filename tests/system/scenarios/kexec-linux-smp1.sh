# kexec from armhv to Debian's 6.1 kernel on a single CPU.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
check_kexec_linux 1
