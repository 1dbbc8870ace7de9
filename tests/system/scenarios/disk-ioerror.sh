# A disk whose reads of sector 100 and writes of its last sector fail
# (QEMU's blkdebug injects EIO; virtio-blk reports VIRTIO_BLK_S_IOERR):
# those requests fail with a log line naming them, the console says so,
# and the disk stays in service for everything else.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$WORK/disk.img
truncate -s 8M "$img"
cat >"$WORK/rules" <<'RULES'
[inject-error]
event = "read_aio"
errno = "5"
sector = "100"

[inject-error]
event = "write_aio"
errno = "5"
sector = "16383"
RULES
script_lines "disk read 100" "disk read 99" "disk selftest --destroy-last-mib" "disk read 101" disk poweroff
armhv_run --no-vm --smp 2 --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- \
	-global virtio-mmio.force-legacy=false \
	-drive "if=none,id=d,format=raw,file=blkdebug:$WORK/rules:$img,rerror=report,werror=report" \
	-device virtio-blk-device,drive=d
expect_rc 0
expect_line '^armhv cpu[0-9]+: disk at 0xa003e00: a read of 1 sector at sector 100 failed: the device reports an I/O error$'
expect_line '^error: disk read 100: I/O error \(the log says why\)$'
reply_to "disk read 99" | grep -Eq '^000000c600:( 00){16}' || fail "disk read 99 failed"
reply_to "disk read 101" | grep -Eq '^000000ca00:( 00){16}' || fail "disk read 101 failed"
ok "the sectors around the bad one read"
expect_line '^armhv cpu[0-9]+: disk at 0xa003e00: a write of [0-9]+ sectors? at sector 16[0-9]+ failed: the device reports an I/O error$'
expect_line '^disk selftest: FAILED: write of [0-9]+ sectors at 16[0-9]+: I/O error'
reply_to disk | grep -Eq '^disk: queue of 8, up to 128 sectors a request; [0-9]+ requests, 2 errors$' ||
	fail "disk: $(reply_to disk)"
expect_no_line 'out of service|armhv: PANIC'
