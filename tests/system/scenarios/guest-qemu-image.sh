# A test guest is an arm64 Image (text_offset 0x80000) and a raw binary at
# once, and QEMU's -kernel puts it at 0x40080000 either way: hello passes
# as built (QEMU reads the Image header) and with the header's magic
# cleared (QEMU loads it raw, at RAM + 0x80000). With text_offset changed
# to 0x200000, QEMU loads it there and the guest refuses to run, saying so.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
. "$ROOT/guests/scenario.sh"
img=$(guest_image hello) || exit 1
[ "$(dd if="$img" bs=1 skip=56 count=4 2>/dev/null)" = "$(printf 'ARM\x64')" ] ||
	fail "no arm64 Image magic at offset 0x38"
ok "hello.bin has the arm64 Image magic"

check_guest hello 1
guest_expect_line 'image at 0x40080000'

cp "$img" "$WORK/raw.bin"
printf '\0\0\0\0' | dd of="$WORK/raw.bin" bs=1 seek=56 conv=notrunc 2>/dev/null
guest_run "$WORK/raw.bin" 1
expect_guest_result hello PASS
guest_expect_line 'image at 0x40080000'

cp "$img" "$WORK/moved.bin"
printf '\0\0\x20\0' | dd of="$WORK/moved.bin" bs=1 seek=8 conv=notrunc 2>/dev/null
guest_run "$WORK/moved.bin" 1
expect_guest_result hello 'FAIL loaded at the wrong address \(linked at 0x40080000\)'
