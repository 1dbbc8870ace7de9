# `reboot` boots armhv again (PSCI SYSTEM_RESET): a second banner, both CPUs
# online at the runtime stage again, and the script goes on to `poweroff`.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines reboot cpus poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_count 2 '^armhv version '
expect_count 2 '^armhv cpu0: ready: 2 of 2 CPUs at runtime'
# The second banner comes after `reboot` was typed.
sed -n '/^armhv> reboot$/,$p' "$TXT" >"$WORK/after"
expect_count 1 '^armhv version ' "$WORK/after"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
expect_no_line 'armhv: PANIC|unexpected exception'
