# `poweroff` as the only command: QEMU ends with exit code 0 (PSCI
# SYSTEM_OFF) and nothing comes after it, no prompt.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
script_lines poweroff
armhv_run --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu0: ready: 4 of 4 CPUs at runtime'
expect_count 1 '^armhv> poweroff$'
sed -n '/^armhv> poweroff$/,$p' "$TXT" | tail -n +2 >"$WORK/after"
expect_no_line 'armhv> ' "$WORK/after"
expect_no_line 'armhv: PANIC|unexpected exception'
[ ! -s "$ERR" ] || fail "stderr is not empty"
ok "stderr is empty"
