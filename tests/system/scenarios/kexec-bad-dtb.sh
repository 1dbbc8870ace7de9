# A device tree with one bad property length (0xfffffff4: 12 bytes back,
# which makes libfdt 1.6.1 loop forever) handed to armhv by a kexec:
# the next armhv refuses it at once with the reason, on the UART it still
# finds in the damaged tree, instead of hanging with an empty console.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
img=$(dirname "$ARMHV")/armhv.bin
script_lines "selftest kexec-bad-dtb next" poweroff
armhv_run --smp 2 --no-vm --module "next=$img" --script "$SCRIPT" --timeout 60
expect_rc 4
expect_count 2 '^armhv version '
expect_line '^armhv: cannot run: device tree: structure block: property at 0x[0-9a-f]+ has length 0xfffffff4, past the block$'
expect_one_stderr_line '^armhv run: armhv refused to run: armhv: cannot run: device tree: '
expect_faster 40
