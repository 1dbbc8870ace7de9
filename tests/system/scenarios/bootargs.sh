# armhv's boot options are whole words of /chosen/bootargs (QEMU's
# -append): xarmhv.crashkernel=0 is not armhv.crashkernel=0, and the
# last armhv.crashkernel= wins.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
script_lines kdump poweroff
armhv_run --smp 1 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append 'console=ttyAMA0 xarmhv.crashkernel=0'
expect_rc 0
expect_line '^armhv cpu0: kdump: 192 MiB reserved at PA 0x[0-9a-f]+ for a crash kernel$'
expect_no_line 'no crash region'

armhv_run --smp 1 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" \
	-- -append 'armhv.crashkernel=0 foo="armhv.crashkernel=1G" armhv.crashkernel=64M'
expect_rc 0
expect_line '^armhv cpu0: kdump: 64 MiB reserved at PA 0x[0-9a-f]+ for a crash kernel$'
reply_to kdump | grep -q '^kdump: region PA 0x[0-9a-f]*, 64 MiB$' || fail "kdump does not show a 64 MiB region"

armhv_run --smp 1 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT" -- -append 'armhv.crashkernel=0'
expect_rc 0
expect_line '^armhv cpu0: kdump: no crash region \(disabled\)$'
