# kexec from armhv to Debian's unmodified 6.1 kernel on 4 CPUs. Judged by
# Linux's own console lines: every CPU started at EL2, KVM initialised, the
# initramfs's init ran on 4 CPUs and powered the machine off.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
check_kexec_linux 4
