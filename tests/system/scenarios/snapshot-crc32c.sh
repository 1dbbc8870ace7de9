# The CPU's CRC32C instructions, which armhv checksums snapshots with
# where the CPU has them (QEMU's -cpu max does), against the table the
# host's tools use: `selftest crc32c` compares the two at every start
# within two words and every length through three turns of the
# instruction path's loops (what unit-snapshot does on a host without the
# instructions), and says the instructions agree and are used.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp

script_lines "selftest crc32c" poweroff
armhv_run --no-vm --smp 2 --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "selftest crc32c" >"$WORK/r"
cat "$WORK/r"
expect_line "^selftest crc32c: the CPU's CRC32C instructions agree with the table on 3488 checksums \(starts 0-15, 0-216 bytes and to the end of a page\): snapshots use them$" "$WORK/r"
expect_no_line 'FAILED|^error:|armhv: PANIC'
