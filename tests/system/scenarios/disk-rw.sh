# Data goes both ways between armhv and the disk's file on the host:
# what the host wrote at sector 100 is what `disk read 100` dumps; the
# self-test's pattern (written, flushed, read back by armhv) is in the
# file's last MiB once QEMU has exited, byte for byte, and nothing else
# in the file changed.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$WORK/disk.img
sectors=131072	# 64 MiB
truncate -s $((sectors * 512)) "$img"
head -c 512 /dev/urandom >"$WORK/s100"
printf 'armhv disk-rw marker' | dd of="$WORK/s100" conv=notrunc status=none
dd if="$WORK/s100" of="$img" bs=512 seek=100 conv=notrunc status=none
cp "$img" "$WORK/before.img"

script_lines "disk read 100" "disk selftest --destroy-last-mib" "disk read $((sectors - 1))" disk poweroff
armhv_run --no-vm --smp 2 --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0

# The dump: 32 lines of a byte offset and 16 bytes, the host's bytes.
reply_to "disk read 100" >"$WORK/dump"
expect_count 32 '^[0-9a-f]{10}:( [0-9a-f]{2}){16}  \|.{16}\|$' "$WORK/dump"
expect_line '^000000c800: 61 72 6d 68 76 20 64 69 73 6b 2d 72 77 20 6d 61  \|armhv disk-rw ma\|$' "$WORK/dump"
grep -E '^[0-9a-f]{10}:' "$WORK/dump" | sed -E 's/^[0-9a-f]{10}:(( [0-9a-f]{2}){16}).*/\1/' >"$WORK/dump.hex"
od -An -tx1 -v -w16 "$WORK/s100" >"$WORK/host.hex"
cmp -s "$WORK/dump.hex" "$WORK/host.hex" || { diff "$WORK/host.hex" "$WORK/dump.hex" | head; fail "disk read 100 differs from the host's sector 100"; }
ok "disk read 100 shows the 512 bytes the host wrote there"

expect_line '^disk selftest: ok: wrote sectors 129024-131071 \(the last MiB\)'
expect_line '^disk: queue of 8, up to 128 sectors a request; [0-9]+ requests, 0 errors$'
# The pattern, by the rule of hyp/mgmt/cmd_disk.c's pattern().
python3 - "$sectors" >"$WORK/want" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for s in range(n - 2048, n):
    head = b"armhv disk selftest sector %d\n" % s
    out.write(head + bytes((s * 131 + i * 7) & 0xff for i in range(len(head), 512)))
PY
dd if="$img" of="$WORK/got" bs=512 skip=$((sectors - 2048)) status=none
cmp "$WORK/want" "$WORK/got" || fail "the file's last MiB is not the self-test's pattern"
ok "the host file's last MiB holds the pattern armhv wrote"
cmp -n $(((sectors - 2048) * 512)) "$img" "$WORK/before.img" || fail "the file changed before its last MiB"
ok "nothing else in the file changed"
# The self-test's last sector as armhv reads it back.
expect_line '^0003fffe00: 61 72 6d 68 76 20 64 69 73 6b 20 73 65 6c 66 74  \|armhv disk selft\|$'
expect_line '^0003fffe10: 65 73 74 20 73 65 63 74 6f 72 20 31 33 31 30 37  \|est sector 13107\|$'
expect_no_line 'armhv: PANIC|^error:|failed|out of service'
