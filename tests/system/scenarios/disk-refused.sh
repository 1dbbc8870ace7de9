# Disks armhv must refuse, with a line saying why and `disk` then saying
# "no disk", nothing else breaking: QEMU's default legacy virtio-mmio
# device (version 1: armhv drives only virtio 1.x), and a modern one of
# capacity 0 (an empty file).
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$WORK/disk.img
truncate -s 16M "$img"
script_lines disk "disk read 0" cpus poweroff
armhv_run --no-vm --smp 2 --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- \
	-drive "if=none,id=legacy,file=$img,format=raw" -device virtio-blk-device,drive=legacy
expect_rc 0
expect_count 1 '^armhv cpu[0-9]+: disk: virtio-blk at 0xa003e00 refused: it has the legacy virtio-mmio interface \(version 1\); armhv drives virtio 1.x devices \(version 2\)$'
expect_line '^no disk: no virtio-blk device armhv can drive \(a legacy one was refused\)$'
expect_line '^error: no disk: no virtio-blk device armhv can drive'
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1

: >"$WORK/empty.img"
script_lines disk disk poweroff
armhv_run --no-vm --smp 2 --snapshot-disk "$WORK/empty.img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
expect_count 1 '^armhv cpu[0-9]+: disk: virtio-blk at 0xa000000 refused: its capacity of 0 sectors is nothing$'
expect_count 2 '^no disk: virtio-blk at 0xa000000 refused: its capacity of 0 sectors is nothing$'
expect_no_line 'armhv: PANIC|unexpected exception'
