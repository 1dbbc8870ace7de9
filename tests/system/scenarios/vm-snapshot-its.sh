# vm save / vm restore of a guest using its ITS (docs/vm.md "Snapshots",
# docs/its-abi.md): guests/its with "migrate" on 4 vCPUs (guests/its/
# migrate.c) maps devices and events over collections on every vCPU,
# leaves three LPIs pending on different vCPUs, holds interrupts active
# (acknowledged, not EOId: an LPI on vcpu1, SGI 1 on vcpu2, the virtual
# timer's PPI 27 on vcpu3 with its timer still firing), keeps timers
# ticking on vcpu0-2 and a one-shot armed, and, READY_S seconds into its
# virtual count, waits for a key. It is saved (the ITS's tables and the
# pending tables into guest RAM first), destroyed, and restored by a
# second armhv on the same disk with one CPU (it was allowed only cpu1,
# which that machine lacks: it runs on any), freshly booted: its counter
# is behind the guest's virtual count, so the VM's CNTVOFF is "below
# zero" (the guest sees its virtual counter ahead of the physical one).
# After the key: the virtual counter never went back and its largest step
# and the largest gap between two timer ticks stay within the time armhv
# kept the VM paused (plus a second); each held interrupt is still active
# (running priority, GICR_ISACTIVER0), what was triggered again behind it
# waits for its EOI and then arrives once; each pending LPI arrives
# exactly once on its vCPU, every event still arrives on its collection's
# vCPU; every vCPU's timer ticks on and the one-shot fires once, after the
# key; the rest of the guest's ITS test passes.
# timeout: 400
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
GUEST=$(dirname "$ARMHV")/guests/its.bin
[ -f "$GUEST" ] || fail "$GUEST is missing (make all)"
img=$WORK/disk.img
rm -f "$img"
READY_S=6
script_lines "vm create i --kernel its --mem 64M --vcpus 4 --cmdline migrate=$READY_S --cpus 1" "vm start i" \
	"vm wait i --timeout 60 --output \"its: migrate: ready\"" "vm save i itsnap" "vm destroy i" poweroff
armhv_run --smp 2 --no-vm --module "its=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" \
	--timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm save i itsnap" | grep -Eq '^vm i: saved as snapshot itsnap: .*; it stays paused' ||
	fail "vm save of the ITS guest failed"
paused_ms=$(reply_to "vm save i itsnap" | sed -n 's/^vm i: saved as .*, paused \([0-9]*\)\.[0-9]* ms; .*/\1/p')
[ -n "$paused_ms" ] || fail "vm save's line does not say how long the VM was paused"
# Where the guest put its device table (for the hostile disk below).
devtab=$(sed -n 's/^\[i\] its: GITS_BASER[0-7] 0x[0-9a-f]*: Device table, .* at 0x\([0-9a-f]*\), flat, .*/\1/p' "$TXT")
[ -n "$devtab" ] || fail "the guest did not say where its device table is"
"$ARMHV" snapshot inspect "$img" itsnap >"$WORK/inspect" 2>&1
cat "$WORK/inspect"
grep -q '^its 0: frame at 0x8080000' "$WORK/inspect" || fail "armhv snapshot inspect shows no ITS section"

script_lines "vm restore itsnap" "vm input i k" "vm wait i --timeout 120" poweroff
armhv_run --smp 1 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm restore itsnap" | grep -q '^vm i: restored from snapshot itsnap: 4 vCPUs' ||
	fail "vm restore of the ITS guest failed"
# It was allowed cpu1 only, which the second machine does not have.
expect_line '^armhv cpu0: vm i: none of the CPUs it was allowed exists here: it runs on any$'
expect_line '^\[i\] its: migrate: key$'
# The restoring machine's counter is behind the guest's virtual count.
counters=$(sed -En 's/^\[i\] its: migrate: the virtual counter reads ([0-9]+) ms, the physical counter ([0-9]+) ms$/\1 \2/p' "$TXT")
read -r virt_ms phys_ms <<<"$counters"
[ -n "$phys_ms" ] || fail "the guest did not say what its counters read"
[ "$virt_ms" -gt "$phys_ms" ] ||
	fail "virtual count $virt_ms ms, physical $phys_ms ms: the VM's CNTVOFF was not below zero (READY_S too small?)"
ok "after the restore the virtual counter ($virt_ms ms) is ahead of the machine's ($phys_ms ms)"
step=$(sed -En 's/^\[i\] its: migrate: the virtual counter never went back while waiting; its largest step: ([0-9]+)\.[0-9] ms$/\1/p' "$TXT")
gap=$(sed -En 's/^\[i\] its: migrate: timers: all 4 CPUs ticked on \(at least [0-9]+ ticks each after the key\), never back; largest gap between two ticks: ([0-9]+) ms$/\1/p' "$TXT")
[ -n "$step" ] && [ -n "$gap" ] || fail "no line with the counter's largest step or the largest gap between ticks"
[ "$step" -le $((paused_ms + 1000)) ] && [ "$gap" -le $((paused_ms + 1000)) ] ||
	fail "the virtual counter jumped: a step of $step ms, ticks $gap ms apart, the VM paused $paused_ms ms"
ok "the virtual counter's largest step $step ms, ticks at most $gap ms apart (paused $paused_ms ms)"
expect_line '^\[i\] its: migrate: LPI [0-9]+ still active on cpu1 \(running priority 0xa0\); INT.d again, pending until the EOI, then arrived once$'
expect_line '^\[i\] its: migrate: SGI 1 still active on cpu2 \(GICR_ISACTIVER0, running priority 0x90\); sent again, pending until the EOI, then arrived once$'
expect_line '^\[i\] its: migrate: PPI 27 still active on cpu3 \(GICR_ISACTIVER0, running priority 0x50\), its timer still firing; taken again after the EOI$'
expect_line '^\[i\] its: migrate: the 3 pending LPIs arrived once each on cpu[0-3], cpu[0-3], cpu[0-3]; then all [0-9]+ events on their CPUs$'
expect_line "^\\[i\\] its: migrate: timers: cpu0's one-shot virtual timer fired once, [0-9]+ ms after its compare value, after the key$"
expect_count 1 '^\[i\] GUEST-TEST its: PASS$'
expect_no_line 'GUEST-TEST its: FAIL|armhv: PANIC|unexpected exception'
ok "the ITS, its mappings, pending LPIs, active interrupts and timers came through a save and a restore in another armhv"

# A hostile disk that keeps every checksum right: the device table entry
# of DeviceID 3 in the snapshot's RAM is pointed outside RAM, and the
# block's, the map's, the table's, the header's and the store entry's
# checksums are all recomputed. Everything the decoder checks passes; the
# ITS's restore, entry by entry once RAM is in place, refuses it: one
# line, the new VM destroyed, every page back.
python3 - "$img" "$devtab" <<'PY'
import struct, sys
def crc32c(data, crc=0):
    global T
    if 'T' not in globals():
        T = []
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
            T.append(c)
    crc ^= 0xffffffff
    for b in data:
        crc = T[(crc ^ b) & 0xff] ^ (crc >> 8)
    return crc ^ 0xffffffff
f = open(sys.argv[1], 'r+b')
for slot in range(64):
    f.seek((1 + slot) * 512); ent = bytearray(f.read(512))
    if ent[:8] == b'ARMHVDIR' and struct.unpack_from('<I', ent, 12)[0] == 2 and ent[24:56].rstrip(b'\0') == b'itsnap':
        break
else:
    sys.exit('no entry itsnap')
start = struct.unpack_from('<Q', ent, 56)[0] * 512
f.seek(start); hdr = bytearray(f.read(128))
count = struct.unpack_from('<I', hdr, 32)[0]
f.seek(start + 128); table = bytearray(f.read(32 * count))
secs = {}
for i in range(count):
    t, fl, idx, off, ln, crc = struct.unpack_from('<HHIQQI', table, 32 * i)
    secs[t] = (i, off, ln)
mi, moff, mlen = secs[7]
ri, roff, rlen = secs[8]
f.seek(start + moff); ram_map = bytearray(f.read(mlen))
blocks = struct.unpack_from('<I', ram_map, 4)[0]
bitmap0 = struct.unpack_from('<Q', ram_map, 16)[0]
assert bitmap0 & 1, 'block 0 not present'
crc_at = 16 + 8 * ((blocks + 63) // 64)	# block 0 is the first present
f.seek(start + roff); block = bytearray(f.read(2 << 20))
devtab = int(sys.argv[2], 16) - 0x40000000	# RAM starts at 0x40000000
assert 0 <= devtab < len(block) - 64, 'the device table is not in RAM block 0'
struct.pack_into('<Q', block, devtab + 3 * 8, (1 << 63) | ((0x7fffff00 >> 8) << 5) | 2)
f.seek(start + roff); f.write(block)
struct.pack_into('<I', ram_map, crc_at, crc32c(block))
f.seek(start + moff); f.write(ram_map)
struct.pack_into('<I', table, 32 * mi + 24, crc32c(ram_map))
f.seek(start + 128); f.write(table)
struct.pack_into('<I', hdr, 36, crc32c(table))
struct.pack_into('<I', hdr, 124, crc32c(hdr[:124]))
f.seek(start); f.write(hdr)
struct.pack_into('<I', ent, 80, struct.unpack_from('<I', hdr, 124)[0])
struct.pack_into('<I', ent, 508, crc32c(ent[:508]))
f.seek((1 + slot) * 512); f.write(ent)
PY
"$ARMHV" snapshot inspect "$img" itsnap >"$WORK/inspect2" 2>&1
grep -q '^validation: ok' "$WORK/inspect2" || { cat "$WORK/inspect2"; fail "the rewritten snapshot does not pass the decoder"; }
script_lines disk mem "vm restore itsnap" "vm list" mem poweroff
armhv_run --smp 2 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm restore itsnap" | grep -v '^armhv cpu[0-9]*: ' >"$WORK/r"
cat "$WORK/r"
[ "$(wc -l <"$WORK/r")" = 1 ] && grep -q '^error: vm restore: snapshot itsnap: ITS tables: ' "$WORK/r" ||
	fail "the ITS's bad device table entry was not refused with one line"
[ -z "$(reply_to "vm list" | grep '^vm ')" ] || fail "the refused restore left a VM"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
expect_no_line 'armhv: PANIC|unexpected exception'
ok "a snapshot whose ITS table is bad but every checksum right: refused after RAM, the VM gone"
