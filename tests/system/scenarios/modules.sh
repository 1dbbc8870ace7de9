# Two --module files reach armhv through QEMU's guest-loader: `modules`
# lists each by name, at the address armhv run chose, with its exact size.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_hyp
head -c 5000 /dev/urandom >"$WORK/alpha.bin"
head -c $((3 * 1024 * 1024 + 7)) /dev/urandom >"$WORK/beta.bin"
script_lines modules poweroff
armhv_run --no-vm --module "alpha=$WORK/alpha.bin" \
	--module "beta=$WORK/beta.bin" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
cmdline=$("$ARMHV" qemu-cmdline "${IMAGE_ARGS[@]}" --no-vm --module "alpha=$WORK/alpha.bin" \
	--module "beta=$WORK/beta.bin" --script "$SCRIPT")
reply_to modules >"$WORK/reply"
expect_count 2 '^module [A-Za-z0-9_.-]+ addr=0x[0-9a-fA-F]+ size=0x[0-9a-fA-F]+' "$WORK/reply"
for m in alpha:5000 beta:$((3 * 1024 * 1024 + 7)); do
	name=${m%%:*} size=${m#*:}
	want_addr=$(printf '%s\n' "$cmdline" |
		grep -Eo "addr=0x[0-9a-f]+,kernel=[^ ]*bootargs=armhv.module=$name( |\$)" |
		sed 's/addr=\(0x[0-9a-f]*\),.*/\1/')
	[ -n "$want_addr" ] || fail "no guest-loader for $name in: $cmdline"
	line=$(grep -E "^module $name addr=" "$WORK/reply") ||
		fail "modules does not list $name"
	addr=$(printf '%s\n' "$line" | sed 's/.* addr=\(0x[0-9a-fA-F]*\).*/\1/')
	got=$(printf '%s\n' "$line" | sed 's/.* size=\(0x[0-9a-fA-F]*\).*/\1/')
	[ $((addr)) -eq $((want_addr)) ] ||
		fail "$name at $addr, armhv run placed it at $want_addr"
	[ $((got)) -eq "$size" ] || fail "$name size $got, file has $size bytes"
	ok "module $name at $addr, $size bytes"
done
