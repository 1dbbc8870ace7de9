# More boot modules than armhv keeps (16; armhv run passes at most 16, a
# 17th comes as an extra QEMU guest-loader at a higher address): armhv
# boots, keeps the 16 at the lowest addresses and says which it ignored.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
mods=()
for i in $(seq 1 16); do
	head -c 4096 /dev/urandom >"$WORK/m$i.bin"
	mods+=(--module "m$i=$WORK/m$i.bin")
done
head -c 4096 /dev/urandom >"$WORK/extra.bin"
script_lines modules cpus poweroff
armhv_run --smp 2 --no-vm "${mods[@]}" --script "$SCRIPT" --timeout "$HYP_TIMEOUT" \
	-- -device "guest-loader,addr=0x50000000,kernel=$WORK/extra.bin,bootargs=armhv.module=extra"
expect_rc 0
expect_line '^armhv cpu0: module extra at PA 0x50000000 \(0x1000 bytes\) ignored: more than 16 modules \(armhv keeps the 16 at the lowest addresses\)$'
expect_line '^armhv cpu0: ready: 2 of 2 CPUs at runtime'
reply_to modules >"$WORK/modules"
expect_count 16 '^module m[0-9]+ addr=0x[0-9a-f]+ size=0x1000 from=device-tree$' "$WORK/modules"
expect_no_line '^module extra ' "$WORK/modules"
