# kexec refuses what it cannot run, changes nothing, and the console goes on.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
head -c 100000 /dev/urandom >"$WORK/junk.bin"
script_lines "kexec nosuch" "kexec junk" "kexec junk --initrd nosuch" "kexec junk --bogus x" 'kexec junk --cmdline "unterminated' "kexec" mem cpus poweroff
armhv_run --smp 2 --no-vm --module "junk=$WORK/junk.bin" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "kexec nosuch" | grep -q "^error: kexec: no module named 'nosuch'" || fail "missing module accepted"
reply_to "kexec junk" | grep -q '^error: kexec: module .junk.: not an arm64 Image' || fail "junk accepted"
reply_to "kexec junk --initrd nosuch" | grep -q "^error: kexec: no module named 'nosuch'" || fail "missing initrd accepted"
reply_to "kexec junk --bogus x" | grep -q "^error: unknown kexec option" || fail "bad option accepted"
expect_line '^error: unterminated quote'
reply_to "kexec" | grep -q '^error: usage: kexec' || fail "kexec without a name accepted"
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
