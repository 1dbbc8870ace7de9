# `armhv run --snapshot-disk FILE` with no FILE yet: armhv run creates it,
# 1 GiB and sparse, an empty snapshot store, and attaches it; armhv finds it at the first
# virtio-mmio transport and `disk` prints its capacity. qemu-cmdline
# prints the same attachment and creates nothing; a FILE that is not a
# regular file is a usage error before QEMU starts.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$WORK/snap.img

cmd=$("$ARMHV" qemu-cmdline --no-vm --snapshot-disk "$img")
echo "$cmd"
case $cmd in
*" -global virtio-mmio.force-legacy=false -drive if=none,id=armhv-snapshot,file=$img,format=raw -device virtio-blk-device,drive=armhv-snapshot,bus=virtio-mmio-bus.0") ;;
*) fail "qemu-cmdline does not attach $img as expected" ;;
esac
[ -e "$img" ] && fail "qemu-cmdline created $img"
ok "qemu-cmdline attaches the disk and creates nothing"

mkdir "$WORK/dir"
"$ARMHV" run --no-vm --snapshot-disk "$WORK/dir" >"$OUT" 2>"$ERR"
RC=$?
expect_rc 1
expect_one_stderr_line "^armhv run: --snapshot-disk '$WORK/dir': not a regular file"

script_lines disk poweroff
armhv_run --no-vm --smp 2 --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
[ "$(stat -c %s "$img")" -eq $((1 << 30)) ] || fail "$img is $(stat -c %s "$img") bytes, not 1 GiB"
[ "$(stat -c %b "$img")" -lt 2048 ] || fail "$img is not sparse: $(stat -c %b "$img") blocks"
ok "armhv run created $img: 1 GiB, sparse"
"$ARMHV" snapshot list "$img" >"$WORK/store" 2>&1
cat "$WORK/store"
grep -q '^store: format 1.0, 0 snapshots in 16 slots, ' "$WORK/store" || fail "$img is not an empty snapshot store"
ok "$img is formatted as an empty snapshot store"
reply_to disk >"$WORK/disk"
expect_line '^armhv cpu[0-9]+: disk: virtio-blk at 0xa000000: 2097152 sectors \(1024 MiB\)$' "$WORK/disk"
expect_line '^disk: virtio-blk at 0xa000000, 2097152 sectors \(1024 MiB\)$' "$WORK/disk"
expect_line '^disk: features 0x[0-9a-f]+ \(version_1 flush' "$WORK/disk"
expect_line '; DMA-coherent$' "$WORK/disk"
expect_line '^disk: queue of 8, up to 128 sectors a request; 0 requests, 0 errors$' "$WORK/disk"
expect_no_line 'not used|refused|armhv: PANIC|^error:'
