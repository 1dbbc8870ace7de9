# kexec from armhv to armhv, twice in a row: each new instance boots at EL2
# on every CPU, says it was entered by kexec and counts the generation; the
# module consumed by a kexec is gone from the next instance's list.
# timeout: 180
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$(dirname "$ARMHV")/armhv.bin
script_lines modules "kexec first" modules "kexec second" modules cpus poweroff
armhv_run --smp 4 --no-vm --module "first=$img" --module "second=$img" --script "$SCRIPT" --timeout 120
expect_rc 0
expect_count 3 '^armhv version '
expect_line '^armhv cpu0: entered by kexec from armhv, generation 1$'
expect_line '^armhv cpu0: entered by kexec from armhv, generation 2$'
expect_count 3 '^armhv cpu0: ready: 4 of 4 CPUs at runtime'
reply_to modules 2 | grep -q '^module second ' || fail "second module lost after the first kexec"
reply_to modules 2 | grep -q '^module first ' && fail "consumed module still listed"
reply_to modules 3 | grep -q '^no modules' || fail "modules left after the second kexec"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 4 -1
