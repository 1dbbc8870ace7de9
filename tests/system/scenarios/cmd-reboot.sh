# `reboot` makes armhv boot again and prompt again, and the script goes on;
# with --no-reboot QEMU ends at the reboot (the fake exits as QEMU does), so
# lines left are reported pending.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
script_lines reboot cpus poweroff
armhv_run --image "$IMAGE" --no-vm --smp 2 --script "$SCRIPT"
expect_rc 0
expect_count 2 '^armhv version '
expect_count 2 '^armhv cpu0: ready: 2 of 2 CPUs'
grep -q -- '-no-reboot' "$FAKE_LOG.argv" && fail "-no-reboot passed"

armhv_run --image "$IMAGE" --no-vm --smp 2 --script "$SCRIPT" --no-reboot
expect_rc 2
expect_count 1 '^armhv version '
expect_one_stderr_line 'QEMU exited before the script ended \(line 2 pending: `cpus`\)'
tr '\0' '\n' <"$FAKE_LOG.argv" | grep -qx -- '-no-reboot' || fail "no -no-reboot"
ok "-no-reboot passed to QEMU"

script_lines cpus reboot
armhv_run --image "$IMAGE" --no-vm --script "$SCRIPT" --no-reboot
expect_rc 0
