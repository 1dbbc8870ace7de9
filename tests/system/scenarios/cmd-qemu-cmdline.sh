# `armhv qemu-cmdline` prints the QEMU command `armhv run` starts: the
# machine, CPU, options, console wiring, modules in order at 2 MiB aligned
# addresses, extra arguments last; run starts exactly that argv.
# timeout: 60
. "$(dirname "$0")/../scenario.sh"
use_fake
head -c 5000 /dev/zero >"$WORK/alpha"
head -c $((3 * 1024 * 1024 + 7)) /dev/zero >"$WORK/be,ta"
script_lines modules poweroff

cmd=$("$ARMHV" qemu-cmdline --image "$IMAGE" --no-vm --smp 2 --mem 1536M --no-reboot \
	--script "$SCRIPT" --module "alpha=$WORK/alpha" \
	--module "beta=$WORK/be,ta" -- -machine virtualization=off -append 'a b')
RC=$?
echo "$cmd"
expect_rc 0
[ "$(printf '%s\n' "$cmd" | wc -l)" -eq 1 ] || fail "not one line"
want="$FAKE_QEMU -machine virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -smp 2 -m 1536M -nic none -kernel $IMAGE -display none -monitor none -serial stdio -no-reboot -device guest-loader,addr=0x48200000,kernel=$WORK/alpha,bootargs=armhv.module=alpha -device guest-loader,addr=0x48400000,kernel=$WORK/be,,ta,bootargs=armhv.module=beta -machine virtualization=off -append 'a b'"
[ "$cmd" = "$want" ] || fail "expected: $want"
ok "the command line is as expected"

# Defaults: QEMU from PATH, 4 CPUs, 1G, interactive console on the terminal,
# and the image beside the armhv executable.
mkdir "$WORK/bin"
cp "$ARMHV" "$WORK/bin/armhv"
: >"$WORK/bin/armhv.bin"
cmd=$(env -u ARMHV_QEMU "$WORK/bin/armhv" qemu-cmdline --no-vm)
echo "$cmd"
want="qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -smp 4 -m 1G -nic none -kernel $WORK/bin/armhv.bin -nographic"
[ "$cmd" = "$want" ] || fail "expected: $want"
ok "the default command line is as expected"

# With the default VM: a CPU per vCPU and one for the console (1 x 2 + 1),
# its kernel and initrd as the first modules; 3 VMs of 512M: 7 CPUs, RAM
# for them and armhv (3 x 512M + 512M = 2G).
cmd=$(env -u ARMHV_QEMU "$WORK/bin/armhv" qemu-cmdline --kernel "$WORK/alpha" \
	--initrd "$WORK/be,ta" --module "gamma=$WORK/alpha")
echo "$cmd"
want="qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -smp 3 -m 1G -nic none -kernel $WORK/bin/armhv.bin -nographic -device guest-loader,addr=0x48200000,kernel=$WORK/alpha,bootargs=armhv.module=vm-kernel -device guest-loader,addr=0x48400000,kernel=$WORK/be,,ta,bootargs=armhv.module=vm-initrd -device guest-loader,addr=0x48800000,kernel=$WORK/alpha,bootargs=armhv.module=gamma"
[ "$cmd" = "$want" ] || fail "expected: $want"
cmd=$(env -u ARMHV_QEMU "$WORK/bin/armhv" qemu-cmdline --kernel "$WORK/alpha" \
	--initrd "$WORK/be,ta" --vms 3 --vm-mem 512M)
echo "$cmd"
case $cmd in
*" -smp 7 -m 2G "*) ;;
*) fail "expected -smp 7 -m 2G" ;;
esac
ok "the default VMs' command lines are as expected"

# `armhv run` starts exactly what qemu-cmdline prints.
args=(--image "$IMAGE" --no-vm --smp 3 --mem 2G --module "alpha=$WORK/alpha"
      --module "beta=$WORK/be,ta" --script "$SCRIPT" -- -name "x y")
eval "printed=($("$ARMHV" qemu-cmdline "${args[@]}"))"
armhv_run "${args[@]}"
expect_rc 0
mapfile -d '' started <"$FAKE_LOG.argv"
[ "${#started[@]}" -eq "${#printed[@]}" ] ||
	fail "run started ${#started[@]} words, qemu-cmdline printed ${#printed[@]}"
for ((i = 0; i < ${#printed[@]}; i++)); do
	[ "${started[i]}" = "${printed[i]}" ] ||
		fail "word $i: run '${started[i]}', qemu-cmdline '${printed[i]}'"
done
ok "run started the printed argv"
# The fake reports what guest-loader would give armhv.
expect_line '^module alpha addr=0x48200000 size=0x1388 from=device-tree$'
expect_line '^module beta addr=0x48400000 size=0x300007 from=device-tree$'
