# A panic with no crash kernel armed: armhv stops the other CPUs, says the
# machine stops here, and parks. armhv run --script takes that line as
# final and exits 5 at once, not after its whole timeout (120 s).
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines kdump "selftest panic 1" poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT"
expect_rc 5
reply_to kdump | grep -q '^kdump: not armed' || fail "a crash kernel is armed"
expect_line '^armhv: PANIC on cpu1: selftest: panic requested on cpu1$'
expect_line '^armhv: no crash kernel armed \(kdump load\): the machine stops here$'
expect_one_stderr_line '^armhv run: armhv panicked: armhv: PANIC on cpu1: .*then stopped for good: armhv: no crash kernel armed \(kdump load\): the machine stops here; QEMU killed\)$'
expect_faster 60
