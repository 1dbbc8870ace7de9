# Two virtio-blk disks: armhv uses the one at the lowest transport
# address, where `armhv run --snapshot-disk` puts its file, says which
# other it leaves alone, and writes only to the first (the other file is
# unchanged after the self-test).
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
a=$WORK/a.img b=$WORK/b.img
truncate -s 32M "$a"
head -c $((16 << 20)) /dev/urandom >"$b"
cp "$b" "$WORK/b.orig"
script_lines disk "disk selftest --destroy-last-mib" poweroff
# QEMU puts a -device without bus= on the highest free transport.
armhv_run --no-vm --smp 2 --snapshot-disk "$a" --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- \
	-drive "if=none,id=other,file=$b,format=raw" -device virtio-blk-device,drive=other
expect_rc 0
reply_to disk >"$WORK/disk"
expect_line '^armhv cpu[0-9]+: disk: virtio-blk at 0xa003e00 ignored: armhv uses one disk, the one at the lowest address \(0xa000000\)$' "$WORK/disk"
expect_line '^disk: virtio-blk at 0xa000000, 65536 sectors \(32 MiB\)$' "$WORK/disk"
expect_line '^disk: virtio-blk at 0xa003e00 not used \(armhv uses the first\)$' "$WORK/disk"
expect_line '^disk selftest: ok: wrote sectors 63488-65535 '
cmp "$b" "$WORK/b.orig" || fail "the second disk's file changed"
ok "the second disk's file is unchanged"
dd if="$a" bs=512 skip=63488 count=1 status=none | grep -aq '^armhv disk selftest sector 63488$' ||
	fail "the first disk's file lacks the self-test's data"
ok "the first disk's file has the self-test's data"
expect_no_line 'armhv: PANIC|^error:'
