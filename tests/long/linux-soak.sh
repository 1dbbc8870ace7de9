#!/usr/bin/env bash
# Long run, not part of the test run (`make linux-soak`): a Linux VM with
# four vCPUs on four CPUs keeps every vCPU busy for SECONDS (default 300)
# of guest time, then runs its self-check, whose boot-log check finds no
# stall (rcu_sched self-detected stall, soft lockup), no warning and no
# BUG after the load.
# Usage: tests/long/linux-soak.sh [SECONDS]
SOAK=${1:-300}
. "$(dirname "$0")/../system/scenario.sh"
need_real_hyp
linux_modules
script_lines \
	"vm create soak --kernel linux --initrd initrd --mem 512M --vcpus 4 --cmdline \"console=ttyAMA0 armhv.test=load=$SOAK\"" \
	"vm start soak" \
	"vm wait soak --output \"armhv-test: type a line\" --timeout $((SOAK * 3 + 300))" \
	"vm input soak typed-line" "vm wait soak --timeout 120" "vm list" poweroff
armhv_run --smp 4 --no-vm "${LINUX_MODULES[@]}" --script "$SCRIPT" --timeout $((SOAK * 3 + 600))
expect_rc 0
expect_line "^\\[soak\\] armhv-test: load on 4 CPUs for $SOAK s"
expect_line '^\[soak\] armhv-test: load done'
expect_linux_check soak 4
echo "linux-soak: PASS"
