# No VM sees what another left in its RAM (guests/ramzero, which passes
# on QEMU directly: guest-qemu-ramzero). VM a checks that its RAM reads
# zero and fills all of it with a pattern; VM b, created after a is
# destroyed, gets the same pages (the same PA) and finds zeroes
# everywhere, each 2 MiB block zeroed at its first touch: a load, a
# store, an instruction fetch, DC ZVA, a store pair, a stage-1 table
# walk, two vCPUs at once, and the blocks armhv loaded the image and
# device tree into. A VM touches nothing at create but those (`vm list`:
# touched=4M), all of it once the guest has read it. Then VM r does the
# same and restarts itself with SYSTEM_RESET, again and again: each boot
# finds zeroed RAM. Every page comes back.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
build=$(dirname "$ARMHV")
guest=$build/guests/ramzero.bin
[ -f "$guest" ] || fail "$guest is missing (make all)"
script_lines mem \
	"vm create a --kernel z --mem 32M --vcpus 2" "vm list" "vm start a" "vm wait a --timeout 60" \
	"vm list" "vm destroy a" \
	"vm create b --kernel z --mem 32M --vcpus 2" "vm start b" "vm wait b --timeout 60" \
	"vm list" "vm destroy b" \
	"vm create r --kernel z --mem 32M --vcpus 2 --cmdline reset" "vm start r" \
	"vm wait r --timeout 3" "vm stop r" "vm list" "vm destroy r" mem poweroff
armhv_run --smp 2 --no-vm --module "z=$guest" --script "$SCRIPT" --timeout 110
expect_rc 0
pa_a=$(sed -n 's/^vm a: created: .* at PA \(0x[0-9a-f]*\),.*/\1/p' "$TXT")
pa_b=$(sed -n 's/^vm b: created: .* at PA \(0x[0-9a-f]*\),.*/\1/p' "$TXT")
[ -n "$pa_a" ] && [ "$pa_a" = "$pa_b" ] || fail "VM b is not on VM a's pages: a at '$pa_a', b at '$pa_b'"
ok "VM b has VM a's RAM, at PA $pa_a"
reply_to "vm list" 1 | grep -q '^vm a state=created vcpus=2 mem=32M touched=4M ' ||
	fail "a new VM should have touched only the blocks of its image and device tree"
for vm in a b; do
	expect_count 1 "^\[$vm\] ramzero: 32 MiB read zero\$"
	expect_count 1 "^\[$vm\] ramzero: RAM filled with 0xd42468a0d42468a0 but the image\$"
	expect_count 1 "^\[$vm\] GUEST-TEST ramzero: PASS\$"
done
expect_line '^\[b\] ramzero: first touches: load 0x41e00000, store 0x41c00000, fetch 0x41a00000, dc zva 0x41800000$'
expect_line '^\[b\] ramzero: first touches: stp 0x41600000, table walk 0x41400000, 2 CPUs 0x41200000 0x40e00000$'
reply_to "vm list" 3 | grep -Eq '^vm b state=stopped vcpus=2 mem=32M touched=32M .* ram=(1[4-9]|[2-9][0-9])$' ||
	fail "VM b should have touched all its RAM, 14 blocks of it by a guest fault: $(reply_to "vm list" 3 | head -1)"
n=$(grep -c '^\[r\] ramzero: 32 MiB read zero$' "$TXT")
echo "boots of r: $n"
[ "$n" -ge 2 ] || fail "VM r booted $n times in 3 s of resets"
[ "$(grep -c '^\[r\] ramzero: SYSTEM_RESET$' "$TXT")" -ge 2 ] || fail "VM r did not restart itself"
reply_to "vm list" 4 | grep -Eq '^vm r state=stopped .* resets=[1-9][0-9]* stop=stopped by vm stop' ||
	fail "vm list does not show r's resets"
expect_no_line 'GUEST-TEST ramzero: FAIL|armhv: PANIC|unexpected exception'
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
ok "every page came back"
