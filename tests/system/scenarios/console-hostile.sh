# Hostile console input: 300 lines of random printable junk, unbalanced
# quotes, tabs, huge numbers and lines up to the console's 255 characters
# (the armhv command refuses control characters and longer lines in
# scripts, so those are not sent). Every line gets an answer and the
# prompt back (the script driver waits for each prompt), nothing crashes,
# and the machine still powers off cleanly. Then over-long lines, typed
# by tests/tools/console-raw, which does not check them: each is refused
# with the prompt back.
# timeout: 200
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
test_seed
python3 - "$SEED" >"$WORK/lines" <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
words = ["cpu", "on", "off", "kexec", "kdump", "load", "selftest", "fault", "panic",
         "bench", "hotplug", "--initrd", "--cmdline", "mem", "modules", "help", "version",
         "99999999999999999999999", "0x", "0xffffffffffffffffff", "-1", "4", "stub", '"', '""']
for i in range(300):
    k = r.randrange(4)
    if k == 0:
        line = " ".join(r.choice(words) for _ in range(r.randrange(1, 9)))
    elif k == 1:
        line = "".join(chr(r.randrange(33, 127)) for _ in range(r.randrange(1, 60)))
    elif k == 2:
        line = "x" * r.randrange(200, 256)
    else:
        line = "".join(r.choice(['"', " ", "\t", "'", "\\"]) for _ in range(r.randrange(1, 12))) + "mem"
    # Never send the commands that end or hand over the machine.
    low = line.lower()
    if any(w in low.split() for w in ("poweroff", "reboot", "kexec", "panic", "fault", "off", "hotplug")):
        line = "nosuch " + line.replace("poweroff", "p").replace("reboot", "r")
    if line.strip().startswith("#") or not line.strip():
        line = "x" + line
    print(line)
PY
mapfile -t lines <"$WORK/lines"
script_lines "${lines[@]}" cpus mem poweroff
armhv_run --smp 2 --no-vm --script "$SCRIPT" --timeout 180
expect_rc 0
expect_no_line '^armhv cpu[0-9]+: unexpected exception|armhv: PANIC'
expect_no_line '^error: line longer than'
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1

qemu=$("$ARMHV" qemu-cmdline --smp 2 --no-vm --script "$SCRIPT")
long=$(printf 'y%.0s' $(seq 1 256))
printf '%s\n' "$long" "${long}zzzzzzzzzz" "$long$long$long$long" cpus poweroff |
	"$ROOT/tests/tools/console-raw" 60 "$qemu" >"$OUT"
RC=$?
tr '\r' '\n' <"$OUT" | grep -av '^$' >"$TXT"
echo "--- console-raw transcript"
cat "$TXT"
expect_rc 0
expect_count 3 '^error: line longer than 255 characters ignored$'
reply_to cpus >"$WORK/cpus"
expect_cpus "$WORK/cpus" 2 -1
