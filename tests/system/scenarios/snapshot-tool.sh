# `armhv snapshot` on a snapshot store, with no armhv running: the store
# is written with the snapshot library (build/tests/snapshot_images plays
# `vm save`: snapshots web and db, a save that never finished, a damaged
# slot). list, inspect, extract (byte for byte what the library encodes),
# inspect of the extracted file; then damaged copies of the disk (seeded),
# on which the command must answer with an exit code of 0-3 and, when it
# refuses, one line on stderr: never a crash.
# timeout: 240
. "$(dirname "$0")/../scenario.sh"
test_seed
build=${BUILD:-build}
case $build in /*) ;; *) build=$ROOT/$build ;; esac
# BUILD as the target is named: make does not match an absolute path to
# the rule for $(BUILD)/tests/snapshot_images with BUILD relative.
make -s -C "$ROOT" BUILD="$build" "$build/tests/snapshot_images" >"$WORK/make.log" 2>&1 ||
	{ cat "$WORK/make.log"; fail "cannot build snapshot_images"; }
"$build/tests/snapshot_images" disk "$WORK" || fail "snapshot_images failed"
DISK=$WORK/disk.img

# snap WORDS...: armhv snapshot WORDS, its output in the log.
snap() {
	"$ARMHV" snapshot "$@" >"$OUT" 2>"$ERR"
	RC=$?
	cat "$OUT" "$ERR"
}

snap list "$DISK"
expect_rc 0
expect_line '^store: format 1\.0, 2 snapshots in 8 slots, 20\.0 MiB, ' "$OUT"
expect_line '^0 +1 +valid +[0-9]+\.[0-9] MiB +web +web$' "$OUT"
expect_line '^1 +2 +valid +[0-9]+\.[0-9] MiB +db +db$' "$OUT"
expect_line '^2 +3 +incomplete +1\.0 MiB +web +late$' "$OUT"
expect_line '^5 +- +damaged +checksum mismatch$' "$OUT"
[ ! -s "$ERR" ] || fail "stderr is not empty"

snap inspect "$DISK" web
expect_rc 0
expect_line '^snapshot web: slot 0, seq 1, [0-9]+ bytes at sector 16, VM web$' "$OUT"
expect_line '^header: format 1\.0, armhv test-101, saved at counter 0x[0-9a-f]+ \(62500000 Hz\)' "$OUT"
expect_line '^  vgic-redist 1 +offset 0x[0-9a-f]+ +length 608$' "$OUT"
expect_line '^config: vm web, 2 vCPUs, 64 MiB of RAM at 0x40000000, kernel vm-kernel' "$OUT"
expect_line '^vcpu 0: (on|off|on-pending), pc 0x[0-9a-f]+, pstate 0x[0-9a-f]+ \(EL[01][th]\)$' "$OUT"
expect_line '^vcpu 1: ' "$OUT"
expect_line '^ram: 32 blocks of 2 MiB, [1-5] present: [0-9]' "$OUT"
expect_line '^validation: ok: header, 10 sections and [1-5] RAM blocks checked$' "$OUT"

# extract writes exactly the snapshot the library encodes.
for name in web db; do
	snap extract "$DISK" "$name" "$WORK/$name.out"
	expect_rc 0
	expect_line "^extracted $name: [0-9]+ bytes to $WORK/$name.out\$" "$OUT"
	cmp "$WORK/$name.out" "$WORK/$name.snap" || fail "$name: extracted file differs"
	ok "$name extracted byte for byte"
done
snap inspect "$WORK/db.out"
expect_rc 0
expect_line '^config: vm db, 1 vCPUs, 16 MiB' "$OUT"
expect_line '^validation: ok' "$OUT"

snap inspect "$DISK" nosuch
expect_rc 2
expect_one_stderr_line "^armhv snapshot: no snapshot named 'nosuch'"
snap inspect "$DISK" late	# an interrupted save is no snapshot
expect_rc 2
snap inspect "$DISK"
expect_rc 1
expect_one_stderr_line '^armhv snapshot: inspect FILE: not a snapshot file'
snap frobnicate
expect_rc 1
expect_one_stderr_line "^armhv snapshot: unknown command 'frobnicate'"

# Damaged disks: 1-8 random bytes changed, half the time in the first
# 64 KiB (superblock, directory, web's header and sections), else
# anywhere; each command ends with 0-3, and a refusal is one line.
RANDOM=$SEED
size=$(stat -c %s "$DISK")
refused=0
for i in $(seq 1 120); do
	cp "$DISK" "$WORK/d.img"
	for k in $(seq 1 $((RANDOM % 8 + 1))); do
		if ((RANDOM % 2)); then
			off=$((RANDOM * 2 % 65536))
		else
			off=$(((RANDOM * 32768 + RANDOM) % size))
		fi
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
			dd of="$WORK/d.img" bs=1 seek="$off" conv=notrunc status=none
	done
	for cmd in list web db extract; do
		case $cmd in
		list) args=(list "$WORK/d.img") ;;
		extract) args=(extract "$WORK/d.img" web "$WORK/x.snap") ;;
		*) args=(inspect "$WORK/d.img" "$cmd") ;;
		esac
		"$ARMHV" snapshot "${args[@]}" >"$OUT" 2>"$ERR"
		RC=$?
		case $RC in
		0) ;;
		2|3) refused=$((refused + 1))
		     [ "$(wc -l <"$ERR")" -eq 1 ] || fail "copy $i, ${args[*]}: exit $RC with stderr: $(cat "$ERR")" ;;
		*) fail "copy $i, ${args[*]}: exit code $RC ($(head -c 300 "$ERR"))" ;;
		esac
	done
done
[ "$refused" -gt 50 ] || fail "only $refused refusals: the damage did not reach the store"
ok "120 damaged disks: no crash, $refused refusals, each one line"
