# vm save / vm restore (docs/vm.md "Snapshots"), cold migration: the
# migrate guest (guests/migrate, which passes on QEMU directly) is saved
# once with --keep-running (it goes on running) and once plainly (it stays
# paused), destroyed, and armhv powers off (the host's tool finds every
# checksum of one right); a second armhv on the same
# disk file, with another number of CPUs, restores both snapshots (one
# under another name), types a key into each, and each guest finds its
# memory, FP/SIMD and EL0/EL1 registers, virtual counter (forward, not
# past its wait), timers and SGIs as they were (its physical timer, long
# expired when saved 4 s into the guest's time, still expired on a machine
# that has counted less). Then the disk's snapshots
# are damaged from the host (a byte of a section, a byte of RAM, another
# counter frequency with every checksum made right, the file truncated):
# vm restore refuses each with one line, no VM appears, no memory stays
# taken, and armhv carries on.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
GUEST=$(dirname "$ARMHV")/guests/migrate.bin
[ -f "$GUEST" ] || fail "$GUEST is missing (make all)"
timeout 60 qemu-system-aarch64 -M virt,gic-version=3 -cpu max -m 256 -display none -monitor none \
	-serial stdio -no-reboot -nic none -kernel "$GUEST" </dev/null >"$WORK/direct" 2>&1
cat "$WORK/direct"
grep -q '^GUEST-TEST migrate: PASS' "$WORK/direct" || fail "migrate does not pass on QEMU directly"
img=$WORK/disk.img
rm -f "$img"

script_lines "snapshot list" "vm create m --kernel migrate --mem 64M --vcpus 2 --cmdline ready-after=4" "vm start m" \
	"vm wait m --timeout 20 --output \"migrate: ready\"" \
	"vm save m keep --keep-running" "vm list" "vm save m freq --keep-running" "vm save m snap1" \
	"vm list" "snapshot list" \
	"vm destroy m" "disk format-store" mem poweroff
armhv_run --smp 2 --no-vm --module "migrate=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" \
	--timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "snapshot list" 1 | grep -q '^0 snapshots' || fail "the new disk file is not an empty store"
reply_to "vm save m keep --keep-running" >"$WORK/r"
grep -Eq '^vm m: saved as snapshot keep: [0-9]+ bytes \([0-9]+ RAM blocks of 2 MiB\) in [0-9]+\.[0-9]{3} ms \([0-9]+\.[0-9]{3} waiting for the disk\), paused [0-9]+\.[0-9]{3} ms; running$' "$WORK/r" ||
	fail "vm save --keep-running did not save and keep running"
# Times in microseconds: the disk's part and the pause within the whole.
read -r total disk paused <<EOF_TIMES
$(grep '^vm m: saved' "$WORK/r" | sed -E 's/.* in ([0-9]+)\.([0-9]{3}) ms \(([0-9]+)\.([0-9]{3}) waiting.* paused ([0-9]+)\.([0-9]{3}) ms.*/\1\2 \3\4 \5\6/')
EOF_TIMES
[ $((10#$disk)) -gt 0 ] && [ $((10#$disk)) -lt $((10#$total)) ] && [ $((10#$paused)) -gt 0 ] &&
	[ $((10#$paused)) -le $((10#$total)) ] ||
	fail "save times do not add up: total $total us, disk $disk us, paused $paused us"
reply_to "vm list" 1 | grep -q '^vm m state=running' || fail "the VM saved with --keep-running is not running"
reply_to "vm save m snap1" | grep -Eq '^vm m: saved as snapshot snap1: .*; it stays paused' ||
	fail "vm save did not save and leave the VM paused"
reply_to "vm list" 2 | grep -q '^vm m state=paused' || fail "the saved VM is not paused"
reply_to "snapshot list" 2 | grep -Eq '^  snap1 +vm m .* valid$' || fail "snapshot list does not show snap1"
reply_to "disk format-store" | grep -q '^error: disk format-store: the disk holds a snapshot store already' ||
	fail "disk format-store overwrote a store"
expect_no_line '^\[m\] GUEST-TEST'
"$ARMHV" snapshot list "$img" >"$WORK/hostlist" 2>&1
cat "$WORK/hostlist"
grep -q snap1 "$WORK/hostlist" || fail "armhv snapshot list on the host does not show snap1"
# armhv checksummed it with the CPU's CRC32C instructions, the host tool
# checks every checksum with its table.
"$ARMHV" snapshot inspect "$img" snap1 >"$WORK/hostinspect" 2>&1
grep '^validation' "$WORK/hostinspect"
grep -Eq '^validation: ok: header, [0-9]+ sections and [0-9]+' "$WORK/hostinspect" ||
	fail "armhv snapshot inspect on the host does not find snap1 valid"

script_lines "vm restore snap1" "vm restore keep --name k2" "vm restore snap1" "vm list" \
	"vm input m k" "vm input k2 k" "vm wait m --timeout 60" "vm wait k2 --timeout 60" \
	"vm start m" poweroff
armhv_run --smp 3 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm restore snap1" 1 | grep -Eq '^vm m: restored from snapshot snap1: 2 vCPUs, 64 MiB, [0-9]+ RAM blocks of 2 MiB in [0-9]+\.[0-9]{3} ms \([0-9]+\.[0-9]{3} waiting for the disk\); running$' ||
	fail "vm restore snap1 did not restore"
reply_to "vm restore keep --name k2" | grep -q '^vm k2: restored from snapshot keep' ||
	fail "vm restore --name did not restore"
reply_to "vm restore snap1" 2 | grep -q "^error: vm restore: snapshot snap1: a VM named 'm' exists$" ||
	fail "a name clash was not refused"
for v in m k2; do
	expect_line "^\[$v\] migrate: key after [0-9]+ ms of virtual time$"
	expect_count 1 "^\[$v\] GUEST-TEST migrate: PASS$"
done
expect_no_line 'GUEST-TEST migrate: FAIL|armhv: PANIC|unexpected exception'
# Started again, a VM boots from its modules, which this armhv lacks.
reply_to "vm start m" | grep -q "^error: vm m: its images could not be loaded again (modules 'migrate')$" ||
	fail "vm start of a restored VM without its module did not say why"
ok "cold migration: both snapshots restored on 3 CPUs and the guests found everything as it was"

# Damage from the host: snap1's first section after the table, and one
# byte of keep's last RAM block.
python3 - "$img" <<'PY'
import struct, sys
f = open(sys.argv[1], 'r+b')
def entry(name):
    for slot in range(64):
        f.seek((1 + slot) * 512); s = f.read(512)
        if s[:8] == b'ARMHVDIR' and struct.unpack_from('<I', s, 12)[0] == 2 and s[24:56].rstrip(b'\0') == name:
            return struct.unpack_from('<Q', s, 56)[0] * 512, struct.unpack_from('<Q', s, 72)[0]
    sys.exit('no entry ' + name.decode())
def flip(off):
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0x40]))
start, size = entry(b'snap1')
f.seek(start + 32); count = struct.unpack('<I', f.read(4))[0]
flip(start + ((128 + 32 * count + 63) // 64) * 64 + 20)
start, size = entry(b'keep')
flip(start + size - 1000)
# freq: a counter frequency this machine does not have, with the header's
# and the store entry's checksums made right (a hostile disk).
T = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    T.append(c)
def crc32c(data):
    crc = 0xffffffff
    for b in data:
        crc = T[(crc ^ b) & 0xff] ^ (crc >> 8)
    return crc ^ 0xffffffff
for slot in range(64):
    f.seek((1 + slot) * 512); ent = bytearray(f.read(512))
    if ent[:8] == b'ARMHVDIR' and struct.unpack_from('<I', ent, 12)[0] == 2 and ent[24:56].rstrip(b'\0') == b'freq':
        break
start = struct.unpack_from('<Q', ent, 56)[0] * 512
f.seek(start); hdr = bytearray(f.read(128))
struct.pack_into('<I', hdr, 44, 2 * struct.unpack_from('<I', hdr, 44)[0])
struct.pack_into('<I', hdr, 124, crc32c(hdr[:124]))
f.seek(start); f.write(hdr)
struct.pack_into('<I', ent, 80, struct.unpack_from('<I', hdr, 124)[0])
struct.pack_into('<I', ent, 508, crc32c(ent[:508]))
f.seek((1 + slot) * 512); f.write(ent)
PY
script_lines "snapshot list" mem "vm restore snap1" "vm restore keep" "vm restore freq" \
	"vm restore nosuch" "vm list" mem \
	"vm create h --kernel migrate --mem 64M" "vm start h" "vm wait h --timeout 60" poweroff
armhv_run --smp 2 --no-vm --module "migrate=$GUEST" --snapshot-disk "$img" --script "$SCRIPT" \
	--timeout "$HYP_TIMEOUT"
expect_rc 0
for s in snap1 keep freq nosuch; do
	reply_to "vm restore $s" | grep -v "^armhv cpu[0-9]*: disk: " >"$WORK/r"
	cat "$WORK/r"
	[ "$(wc -l <"$WORK/r")" = 1 ] && grep -q "^error: vm restore: " "$WORK/r" ||
		fail "vm restore $s was not refused with one line"
done
reply_to "vm restore snap1" | grep -q 'config: checksum' || fail "the damaged section was not named"
reply_to "vm restore keep" | grep -qi 'ram\|block' || fail "the damaged RAM block was not named"
reply_to "vm restore freq" | grep -Eq 'its counter ran at [0-9]+ Hz, this machine.s at [0-9]+ Hz$' ||
	fail "a snapshot of another counter frequency was not refused"
[ -z "$(reply_to "vm list" | grep '^vm ')" ] || fail "a refused restore left a VM"
# The RAM a refused restore read blocks into (keep's) was given back.
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs after the refused restores: $(reply_to mem 1) / $(reply_to mem 2)"
expect_count 1 '^\[h\] GUEST-TEST migrate: PASS$'
ok "damaged snapshots refused with one line each, no VM created, armhv went on"

truncate -s 4M "$img"
script_lines "vm restore snap1" "vm list" poweroff
armhv_run --smp 2 --no-vm --snapshot-disk "$img" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm restore snap1" | grep -v "^armhv cpu[0-9]*: disk: " >"$WORK/r"
cat "$WORK/r"
[ "$(wc -l <"$WORK/r")" = 1 ] && grep -q "^error: vm restore: " "$WORK/r" ||
	fail "vm restore on a truncated disk was not refused with one line"
[ -z "$(reply_to "vm list" | grep '^vm ')" ] || fail "a refused restore left a VM"
expect_no_line 'armhv: PANIC|unexpected exception'
ok "a truncated disk: refused with one line"
