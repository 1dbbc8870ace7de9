# shellcheck shell=bash
# Helpers for system scenarios (sourced by tests/system/scenarios/*.sh).
# A scenario runs build/armhv, then checks its exit code and the console
# transcript; the first failed check ends it with `FAIL: ...` (exit 1).
# Everything goes to stdout, which the runner keeps in the test's log.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARMHV=${ARMHV:-$ROOT/build/armhv}      # tests/run sets it from BUILD
FAKE_QEMU=${ARMHV_TEST_FAKE_QEMU:-$ROOT/tests/tools/fake-qemu}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/armhv-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SCRIPT=$WORK/script     # the console script, see script_lines
OUT=$WORK/stdout        # armhv run's stdout: the raw console transcript
TXT=$WORK/transcript    # the same with each \r turned into a line break
ERR=$WORK/stderr
RC=
ELAPSED_MS=
IMAGE_ARGS=()           # --image for armhv run, when on the fake
HYP_TIMEOUT=60          # --timeout for runs of the real hypervisor

fail() {
	echo "FAIL: $*"
	exit 1
}

# test_seed: sets SEED, the seed of a scenario's random choices, and prints
# `seed: N` into the log. The test run uses a fixed seed (1), so that its
# result depends on the code and not on luck; the environment changes it:
#   ARMHV_TEST_SEED=N       replays seed N (e.g. one a long run printed)
#   ARMHV_TEST_SEED=random  a new seed each run, for long runs:
#     while ARMHV_TEST_SEED=random tests/run 'hotplug-storm|console-hostile'; do :; done
test_seed() {
	SEED=${ARMHV_TEST_SEED:-1}
	[ "$SEED" = random ] && SEED=$(((RANDOM * 32768 + RANDOM) % 1000000000))
	[[ $SEED =~ ^[0-9]+$ ]] && [ "${#SEED}" -le 9 ] ||
		fail "ARMHV_TEST_SEED='$SEED': a number up to 9 digits, or random"
	echo "seed: $SEED (ARMHV_TEST_SEED=$SEED repeats this run)"
}

ok() {
	echo "ok: $*"
}

# need_hyp: scenarios that boot the real hypervisor need build/armhv.bin
# (armhv.bin beside $ARMHV, which armhv run boots by default).
# With ARMHV_TEST_FAKE=1 they run against the fake QEMU instead, which
# checks the scenarios themselves (see cmd-fake-hyp).
need_hyp() {
	if [ "${ARMHV_TEST_FAKE:-}" = 1 ]; then
		use_fake
		IMAGE_ARGS=(--image "$IMAGE")
		return
	fi
	[ -f "$(dirname "$ARMHV")/armhv.bin" ] ||
		fail "$(dirname "$ARMHV")/armhv.bin is missing (make hyp failed?)"
}

# need_real_hyp: like need_hyp, for scenarios the fake QEMU does not model
# (hotplug, kexec, Linux): they always boot the real hypervisor, and
# cmd-fake-hyp does not run them.
need_real_hyp() {
	[ "${ARMHV_TEST_FAKE:-}" = 1 ] && fail "this scenario needs the real hypervisor"
	[ -f "$(dirname "$ARMHV")/armhv.bin" ] ||
		fail "$(dirname "$ARMHV")/armhv.bin is missing (make hyp failed?)"
}

# need_guests: the Debian kernel and initramfs from scripts/fetch-guests,
# the initramfs made from guests/linux/ as it is now.
GUESTS=$ROOT/.deps/guests
need_guests() {
	[ -f "$GUESTS/Image" ] && [ -f "$GUESTS/initramfs.cpio.gz" ] ||
		fail "$GUESTS is missing the Linux test images (run scripts/setup)"
	"$ROOT/scripts/fetch-guests" --check ||
		fail "$GUESTS/initramfs.cpio.gz is older than guests/linux/ (run scripts/fetch-guests)"
}

# check_kexec_linux N [SETUP-LINE...]: on N CPUs, runs SETUP-LINEs, then
# kexec into Debian's kernel with the test initramfs. Judged by Linux's own
# lines: every CPU started at EL2, KVM initialised, init ran on N CPUs and
# powered the machine off.
check_kexec_linux() {
	local n=$1
	shift
	need_real_hyp
	need_guests
	script_lines "$@" 'kexec linux --initrd initrd --cmdline "console=ttyAMA0 panic=-1 armhv.test=poweroff"'
	armhv_run --smp "$n" --no-vm --module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz" \
		--script "$SCRIPT" --timeout 200
	expect_rc 0
	expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL2'
	expect_line "^\\[ *[0-9.]+\\] SMP: Total of $n processors? activated"
	expect_line '^\[ *[0-9.]+\] kvm \[1\]: .*initialized successfully'
	expect_line "^armhv-test: init running on $n CPUs"
	expect_line '^armhv-test: done'
	expect_no_line 'Oops|Kernel panic|BUG:|started at EL1|unexpected exception'
}

# check_kdump CPU WHERE [SETUP-LINE...]: arms Debian's kernel as the crash
# kernel, runs SETUP-LINEs, then `selftest panic CPU WHERE`. The capture
# kernel (Linux's own lines) must find /proc/vmcore and save it to a
# virtio disk; gdb must then read the dump against build/armhv.elf and show
# the panicking CPU stopped in panic(). Sets DUMP and BT (gdb's output).
check_kdump() {
	local cpu=$1 where=$2
	shift 2
	need_real_hyp
	need_guests
	local disk=$WORK/disk.img elf
	elf=$(dirname "$ARMHV")/armhv.elf
	truncate -s 16M "$disk"
	script_lines 'kdump load linux --initrd initrd --cmdline "console=ttyAMA0 maxcpus=1 reset_devices panic=-1 armhv.test=vmcore"' \
		"$@" "selftest panic $cpu $where"
	armhv_run --smp 4 --no-vm --module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz" \
		--script "$SCRIPT" --timeout 150 -- \
		-drive "file=$disk,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0
	# armhv panicked (5); the capture kernel then powered the machine off.
	expect_rc 5
	expect_line "^armhv: PANIC on cpu$cpu: "
	expect_line '^armhv: crash: dump of [0-9]+ KiB with [0-9]+ CPU notes; entering the crash kernel linux'
	expect_line 'OF: fdt: Reserving [0-9]+ KiB of memory at 0x[0-9a-f]+ for elfcorehdr'
	expect_line '^armhv-test: vmcore size [1-9][0-9]*'
	expect_line '^armhv-test: vmcore saved to vda'
	expect_no_line 'Oops|Kernel panic|BUG:'
	DUMP=$WORK/vmcore
	head -c "$(sed -n 's/^armhv-test: vmcore size \([0-9]*\).*/\1/p' "$TXT" | tr -d '\r')" "$disk" >"$DUMP"
	BT=$WORK/gdb.txt
	timeout 60 gdb-multiarch -batch -ex 'set backtrace limit 64' -ex 'info threads' -ex bt \
		"$elf" "$DUMP" >"$BT" 2>&1
	echo "--- gdb"
	cat "$BT"
	# The current thread is the panicking CPU (thread id = CPU + 1), and
	# its backtrace goes through panic().
	grep -Eq "^\* 1 +LWP $((cpu + 1)) " "$BT" || fail "gdb's current thread is not cpu$cpu"
	grep -Eq '^#[0-9]+ .*panic \(' "$BT" || fail "gdb's backtrace does not show panic()"
	ok "gdb reads the dump: cpu$cpu stopped in panic()"
}

# use_fake: run the fake QEMU (tests/tools/fake-qemu) on a dummy image;
# FAKE_LOG is the prefix of its logs (FAKE_LOG.argv, .pid, .cmds, .input).
use_fake() {
	export ARMHV_QEMU=$FAKE_QEMU
	export FAKE_QEMU_LOG=$WORK/fake
	FAKE_LOG=$WORK/fake
	IMAGE=$WORK/fake-armhv.bin
	printf 'not a real image\n' >"$IMAGE"
}

# script_lines LINE...: writes the console script.
script_lines() {
	printf '%s\n' "$@" >"$SCRIPT"
}

# timed COMMAND...: runs COMMAND (redirections given to timed apply to it);
# sets RC to its exit code and ELAPSED_MS to how long it took.
timed() {
	local start
	start=$(date +%s%N)
	"$@"
	RC=$?
	ELAPSED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}

# armhv_run ARG...: runs `armhv run ARG...`; sets RC, ELAPSED_MS, OUT, TXT,
# ERR, and copies all of it into the log.
armhv_run() {
	echo "+ armhv run $*"
	[ -f "$SCRIPT" ] && sed 's/^/  script: /' "$SCRIPT"
	timed "$ARMHV" run "${IMAGE_ARGS[@]}" "$@" >"$OUT" 2>"$ERR" </dev/null
	log_run
}

# log_run: after a run (RC, ELAPSED_MS, OUT, ERR), makes TXT and copies
# the transcript, stderr and exit code into the log.
log_run() {
	tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
	echo "--- transcript"
	cat "$TXT"
	echo "--- stderr"
	cat "$ERR"
	echo "--- exit code $RC after ${ELAPSED_MS} ms"
}

# make_bundle CPIO VMS NAME=FILE...: armhv's boot bundle
# (docs/boot-protocol.md), for the scenarios that boot armhv with one: a
# newc cpio archive, written to CPIO (its folder made if need be), of each
# FILE as NAME and a file `vms` holding the line VMS (the VMs armhv starts
# at boot). The archive's folder is $WORK/bundle.
make_bundle() {
	local cpio=$1 vms=$2 f
	shift 2
	mkdir -p "$WORK/bundle" "$(dirname "$cpio")"
	for f in "$@"; do
		cp "${f#*=}" "$WORK/bundle/${f%%=*}" || fail "cannot copy ${f#*=} into the bundle"
	done
	printf '%s\n' "$vms" >"$WORK/bundle/vms"
	(cd "$WORK/bundle" && ls | cpio -o -H newc --quiet) >"$cpio" || fail "cpio failed"
}

# qemu_expect SECONDS QEMU-ARGS [TEXT LINE]...: for the scenarios in which
# something else than armhv run starts armhv (a firmware, Linux's kexec):
# boots QEMU's virt machine as armhv run does (EL2, GICv3, the console on
# stdio, no network, no reboot) with QEMU-ARGS (one string, split as the
# shell splits words: -smp, -m and what to boot) under
# tests/tools/boot-expect, which waits for each TEXT in turn in the
# console output and types its LINE, for at most SECONDS. Sets RC,
# ELAPSED_MS, OUT, TXT and ERR, and copies all of it into the log, as
# armhv_run does.
qemu_expect() {
	local secs=$1 qemu="qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3
	-cpu max,pauth-impdef=on -nic none -display none -monitor none -serial stdio -no-reboot $2"
	shift 2
	echo "+ $qemu"
	timed "$ROOT/tests/tools/boot-expect" "$secs" "$qemu" "$@" >"$OUT" 2>"$ERR" </dev/null
	log_run
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "exit code $RC, expected $1 ($(head -c 300 "$ERR"))"
	ok "exit code $1"
}

# expect_faster SECONDS: the run took less than SECONDS.
expect_faster() {
	[ "$ELAPSED_MS" -lt $(( $1 * 1000 )) ] ||
		fail "took ${ELAPSED_MS} ms, expected under $1 s"
	ok "took ${ELAPSED_MS} ms (< $1 s)"
}

# expect_line ERE [FILE]: some line matches.
expect_line() {
	grep -Eq -- "$1" "${2:-$TXT}" || fail "no line matches /$1/"
	ok "a line matches /$1/"
}

expect_no_line() {
	if grep -Eq -- "$1" "${2:-$TXT}"; then
		fail "unexpected line: $(grep -Em1 -- "$1" "${2:-$TXT}")"
	fi
	ok "no line matches /$1/"
}

# expect_count N ERE [FILE]: exactly N lines match.
expect_count() {
	local n
	n=$(grep -Ec -- "$2" "${3:-$TXT}")
	[ "$n" -eq "$1" ] || fail "$n lines match /$2/, expected $1"
	ok "$1 lines match /$2/"
}

expect_stderr() {
	grep -Eq -- "$1" "$ERR" || fail "stderr does not match /$1/: $(cat "$ERR")"
	ok "stderr matches /$1/"
}

# expect_one_stderr_line PREFIX-ERE: stderr is exactly one line, matching.
expect_one_stderr_line() {
	local n
	n=$(wc -l <"$ERR")
	[ "$n" -eq 1 ] || fail "stderr has $n lines, expected 1: $(cat "$ERR")"
	expect_stderr "$1"
}

# reply_to COMMAND [N]: prints the console's answer to the Nth (default
# first) time COMMAND was typed: the lines after the echoed `armhv> COMMAND`
# (or `armhv+ COMMAND`, when a guest's or log line came while it was typed
# and the console showed the input again) up to the next prompt. The
# input's own partial lines are never part of an answer.
reply_to() {
	awk -v cmd="$1" -v want="${2:-1}" '
		function flush() { for (i = 1; i <= n; i++) print buf[i] }
		# The same command shown again: its answer starts after this.
		found && $0 == "armhv+ " cmd { n = 0; next }
		found && (index($0, "armhv> ") == 1 || index($0, "armhv+ ") == 1) { flush(); done = 1; exit }
		found { buf[++n] = $0; next }
		index($0, "armhv> ") == 1 { prompts++ }
		# One occurrence per prompt, however often its input was shown.
		($0 == "armhv> " cmd || $0 == "armhv+ " cmd) && counted != prompts {
			counted = prompts
			if (++seen == want) { found = 1; n = 0 }
		}
		END { if (found && !done) flush() }
	' "$TXT"
}

# expect_pid_gone FILE: the process whose pid FILE holds has ended (a
# zombie whose new parent does not reap it counts as ended).
expect_pid_gone() {
	local pid state
	pid=$(cat "$1" 2>/dev/null) || fail "no pid file $1"
	sleep 0.2
	state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
	if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then
		kill -9 "$pid"
		fail "QEMU (pid $pid) still runs after armhv run ended"
	fi
	ok "QEMU (pid $pid) is gone"
}

CPU_RE='^cpu[0-9]+ mpidr=0x[0-9a-f]+ state=[a-z]+ stage=[a-z]+'

# expect_cpus REPLY-FILE N DEAD: the `cpus` reply lists CPUs 0..N-1, each
# once, with distinct MPIDRs; CPU DEAD (or none, if -1) is dead, every other
# one online at the runtime stage.
expect_cpus() {
	local reply=$1 n=$2 dead=$3 i
	expect_count "$n" "$CPU_RE" "$reply"
	for ((i = 0; i < n; i++)); do
		if [ "$i" -eq "$dead" ]; then
			expect_count 1 "^cpu$i mpidr=0x[0-9a-f]+ state=dead " "$reply"
		else
			expect_count 1 "^cpu$i mpidr=0x[0-9a-f]+ state=online stage=runtime" "$reply"
		fi
	done
	local mpidrs
	mpidrs=$(grep -Eo 'mpidr=0x[0-9a-f]+' "$reply" | sort -u | wc -l)
	[ "$mpidrs" -eq "$n" ] || fail "$mpidrs distinct MPIDRs for $n CPUs"
	ok "$n distinct MPIDRs"
}

# check_boot N: boots armhv on N CPUs, runs `cpus` and `poweroff`.
check_boot() {
	local n=$1
	need_hyp
	script_lines cpus poweroff
	armhv_run --smp "$n" --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
	expect_rc 0
	expect_count 1 '^armhv version '
	expect_line "^armhv cpu0: ready: $n of $n CPUs at runtime"
	reply_to cpus >"$WORK/cpus"
	expect_cpus "$WORK/cpus" "$n" -1
	expect_no_line 'armhv: PANIC|unexpected exception|^error:'
}

# check_fault CPU: `selftest fault CPU` on 4 CPUs, then `cpus`, `version`.
check_fault() {
	local cpu=$1
	need_hyp
	script_lines "selftest fault $cpu" cpus version poweroff
	armhv_run --smp 4 --no-vm --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
	expect_rc 0
	# The report comes from the faulting CPU, once, and no other CPU
	# reports an exception.
	expect_count 1 "armhv cpu$cpu: unexpected exception"
	expect_count 1 'unexpected exception'
	# Its lines: everything after the report's first line, less the
	# echoed commands.
	sed -n "/armhv cpu$cpu: unexpected exception/,\$p" "$TXT" |
		grep -v 'armhv> ' >"$WORK/report"
	for reg in ESR ELR FAR; do
		expect_line "^armhv cpu$cpu: .*${reg}[_A-Z0-9]*[ =:]+0x[0-9a-f]+" "$WORK/report"
	done
	# A backtrace frame, symbolized, in the selftest code.
	expect_line "^armhv cpu$cpu: .*selftest[A-Za-z0-9_]*\+0x[0-9a-f]+" "$WORK/report"
	reply_to cpus >"$WORK/cpus"
	expect_cpus "$WORK/cpus" 4 "$cpu"
	reply_to version >"$WORK/version"
	expect_line '^armhv version ' "$WORK/version"
	expect_no_line 'armhv: PANIC'
}

# guest_direct NAME [SMP] [INPUT]: runs test guest tests/guests/NAME.S on
# QEMU's virt machine directly at EL1 (the reference: it must pass there),
# typing INPUT on its UART, and checks its "NAME: PASS" line. Sets GUEST
# to the binary.
guest_direct() {
	local name=$1 smp=${2:-1} input=${3:-}
	GUEST=$(dirname "$ARMHV")/tests/guests/$name.bin
	[ -f "$GUEST" ] || fail "$GUEST is missing (make all)"
	printf '%b' "$input" | timeout 60 qemu-system-aarch64 -M virt,gic-version=3 -cpu max \
		-smp "$smp" -m 256 -display none -monitor none -serial stdio -no-reboot -nic none \
		-kernel "$GUEST" >"$WORK/direct" 2>&1
	echo "--- $name on QEMU directly (exit $?)"
	cat "$WORK/direct"
	grep -q "^$name: PASS" "$WORK/direct" || fail "$name does not pass on QEMU directly"
	ok "$name passes on QEMU directly"
}

# Linux guests: Debian's kernel with the test initramfs, whose init runs
# guests/linux/check for armhv.test=check (processors, timer and IPI
# counts growing on every CPU, the PL011 by interrupt, the clocksource, a
# boot log without warnings or stalls, the GICv3 ITS at 0x08080000 brought
# up with LPIs on every CPU; it ends with "check PASS").

# linux_direct SMP: the check on QEMU's virt machine run directly, the
# reference it must pass as well; a line is typed once it asks for one.
linux_direct() {
	local smp=$1
	need_guests
	python3 - "$smp" "$GUESTS" >"$WORK/linux-direct" 2>&1 <<'PY'
import os, subprocess, sys, time
smp, guests = sys.argv[1], sys.argv[2]
q = subprocess.Popen(["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "max",
    "-smp", smp, "-m", "512", "-display", "none", "-monitor", "none", "-serial", "stdio",
    "-nic", "none", "-no-reboot", "-kernel", guests + "/Image",
    "-initrd", guests + "/initramfs.cpio.gz", "-append", "console=ttyAMA0 armhv.test=check"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
os.set_blocking(q.stdout.fileno(), False)
buf, typed, end = b"", False, time.time() + 150
while q.poll() is None and time.time() < end:
    time.sleep(0.1)
    chunk = q.stdout.read() or b""
    sys.stdout.write(chunk.decode(errors="replace")); sys.stdout.flush()
    buf += chunk
    if not typed and b"armhv-test: type a line" in buf:
        q.stdin.write(b"typed-line\r"); q.stdin.flush(); typed = True
if q.poll() is None:
    q.kill()
    print("linux_direct: timed out")
PY
	echo "--- Linux on QEMU directly, $smp CPUs"
	cat "$WORK/linux-direct"
	grep -q "^armhv-test: processors $smp" "$WORK/linux-direct" ||
		fail "Linux on QEMU directly did not count $smp processors"
	grep -q '^armhv-test: check PASS' "$WORK/linux-direct" ||
		fail "the Linux check does not pass on QEMU directly"
	ok "the Linux check passes on QEMU directly with $smp CPUs"
}

# linux_check_lines NAME VCPUS [MEM] [CMDLINE-EXTRA]: console lines that
# create and start Linux VM NAME with the check, type its line once it
# asks, and wait for it to power off. Appended to LINES.
linux_check_lines() {
	local name=$1 vcpus=$2 mem=${3:-256M} extra=${4:-}
	LINES+=("vm create $name --kernel linux --initrd initrd --mem $mem --vcpus $vcpus --cmdline \"console=ttyAMA0 armhv.test=check$extra\""
		"vm start $name"
		"vm wait $name --output \"armhv-test: type a line\" --timeout 240"
		"vm input $name typed-line"
		"vm wait $name --timeout 120")
}

# expect_linux_check NAME VCPUS: VM NAME ran the check on VCPUS processors,
# passed it, and powered itself off.
expect_linux_check() {
	local name=$1 vcpus=$2
	expect_line "^\\[$name\\] armhv-test: processors $vcpus\$"
	expect_line "^\\[$name\\] armhv-test: read 'typed-line'"
	expect_line "^\\[$name\\] armhv-test: its checked, LPIs on $vcpus CPUs"
	expect_line "^\\[$name\\] armhv-test: check PASS"
	expect_no_line "^\\[$name\\] .*(armhv-test: FAIL|WARNING:|BUG|Oops|stall|soft lockup|Kernel panic)"
	reply_to "vm wait $name --timeout 120" | grep -q "^vm $name: stopped: powered off (SYSTEM_OFF)" ||
		fail "vm $name did not power itself off"
	ok "vm $name powered itself off"
}

# linux_modules: the --module arguments for the kernel and initramfs.
linux_modules() {
	need_guests
	LINUX_MODULES=(--module "linux=$GUESTS/Image" --module "initrd=$GUESTS/initramfs.cpio.gz")
}
