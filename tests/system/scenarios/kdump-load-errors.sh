# A `kdump load` that fails (no such module, not an Image, too big for the
# crash region) leaves the crash kernel that was armed armed, and `kdump`
# says so; a failed `kexec` changes nothing either. The panic afterwards
# enters that crash kernel. Too big says how big against the region's
# size, rounded up, naming armhv.crashkernel=.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
need_guests
head -c 100000 /dev/urandom >"$WORK/junk.bin"
# arm64 Image headers (64 bytes, little-endian): image_size 200 MiB, 4 GiB.
image() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
hdr = struct.pack("<IIQQQQQQIi", 0x14000010, 0, 0, int(sys.argv[2]), 0xa, 0, 0, 0, 0x644d5241, 0)
open(sys.argv[1], "wb").write(hdr + bytes(4096 - len(hdr)))
PY
}
image "$WORK/big.bin" $((200 << 20))
image "$WORK/huge.bin" $((4 << 30))
# Longer than the 128 characters kdump once kept of it.
cmdline="console=ttyAMA0 maxcpus=1 reset_devices panic=-1 armhv.test=poweroff armhv.pad=$(printf 'x%.0s' $(seq 1 80))"
script_lines kdump \
	"kdump load linux --initrd initrd --cmdline \"$cmdline\"" \
	"kdump load lnux" "kdump load junk" "kdump load linux --initrd nosuch" \
	"kdump load big --initrd initrd" "kdump load huge" \
	"kexec nosuch" "kexec huge" \
	kdump "selftest panic 1"
armhv_run --smp 2 --no-vm --module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz" \
	--module "junk=$WORK/junk.bin" --module "big=$WORK/big.bin" --module "huge=$WORK/huge.bin" \
	--script "$SCRIPT" --timeout 200
expect_rc 5
reply_to kdump | grep -q '^kdump: not armed' || fail "armed before any kdump load"
reply_to kdump 2 >"$WORK/kdump"
cat "$WORK/kdump"
grep -q "^kdump: armed: linux at PA 0x[0-9a-f]*, initrd yes, .* cmdline $cmdline\$" "$WORK/kdump" ||
	fail "kdump does not show the crash kernel armed first, with its whole cmdline"
ok "the crash kernel armed first is still armed"
expect_line '^armhv: PANIC on cpu1: '
expect_no_line 'no crash kernel armed'
expect_line '^armhv: crash: dump of [0-9]+ KiB with 2 CPU notes; entering the crash kernel linux'
expect_line '^armhv-test: done'
reply_to "kdump load lnux" | grep -q "^error: kdump: no module named 'lnux'" || fail "kdump load lnux"
reply_to "kdump load junk" | grep -q "^error: kdump: module 'junk': not an arm64 Image" || fail "kdump load junk"
reply_to "kdump load linux --initrd nosuch" | grep -q "^error: kdump: no module named 'nosuch'" ||
	fail "kdump load linux --initrd nosuch"
reply_to "kdump load big --initrd initrd" |
	grep -Eq '^error: kdump: big needs 2[0-9][0-9] MiB of the crash region with its initrd, its device tree and the dump header; the region has 192 MiB \(armhv.crashkernel=SIZE at boot sets it\)$' ||
	fail "kdump load big: no size against the region"
reply_to "kdump load huge" |
	grep -Eq '^error: kdump: huge needs 4[01][0-9][0-9] MiB of the crash region .*; the region has 192 MiB \(armhv.crashkernel=' ||
	fail "kdump load huge: no size against the region"
reply_to "kexec nosuch" | grep -q "^error: kexec: no module named 'nosuch'" || fail "kexec nosuch"
reply_to "kexec huge" | grep -q '^error: kexec: no 4096 MiB of free memory for the image$' || fail "kexec huge"
ok "every failed load said why"

# A small region: the load that does not fit names the region's real size,
# never "no 0 MiB of free memory".
script_lines "kdump load linux" kdump poweroff
armhv_run --smp 1 --no-vm --module "linux=$GUESTS/Image" --script "$SCRIPT" --timeout "$HYP_TIMEOUT" \
	-- -append armhv.crashkernel=2M
expect_rc 0
expect_line '^armhv cpu0: kdump: 2 MiB reserved at PA'
reply_to "kdump load linux" |
	grep -Eq '^error: kdump: linux needs [1-9][0-9]* MiB of the crash region with its device tree and the dump header; the region has 2 MiB \(armhv.crashkernel=SIZE at boot sets it\)$' ||
	fail "kdump load linux into 2 MiB: no size against the region"
reply_to kdump | grep -q '^kdump: not armed' || fail "armed after a failed load"
