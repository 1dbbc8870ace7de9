# The disk across a kexec into the next armhv: the device the first one
# left live (DRIVER_OK, its rings in memory the next one reuses) is reset
# and brought up again by the next one, and both use it.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$WORK/disk.img
truncate -s 8M "$img"
script_lines "disk selftest --destroy-last-mib" "kexec next" disk "disk selftest --destroy-last-mib" poweroff
armhv_run --smp 2 --no-vm --snapshot-disk "$img" --module "next=$(dirname "$ARMHV")/armhv.bin" \
	--script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_line '^armhv cpu0: entered by kexec from armhv, generation 1$'
expect_count 2 '^disk selftest: ok: wrote sectors 14336-16383 '
expect_count 2 '^armhv cpu[0-9]+: disk: virtio-blk at 0xa000000: 16384 sectors \(8 MiB\)$'
reply_to disk | grep -q '^disk: queue of 8, up to 128 sectors a request; 0 requests, 0 errors$' ||
	fail "the next armhv's disk is not fresh: $(reply_to disk)"
ok "the next armhv brought the disk up afresh"
expect_no_line 'armhv: PANIC|^error:|out of service|refused:'
