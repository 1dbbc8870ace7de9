# The test guests of guests/ (each passes on QEMU directly: guest-qemu-*)
# pass in armhv VMs too, one VM after another in one armhv: hello (an
# Image: device tree, PSCI, MMU), abort (external aborts with the right
# syndrome), timer (virtual and physical timer interrupts on 4 vCPUs),
# sgi (SGIs between 4 vCPUs), smp (PSCI on 4 vCPUs), fpsimd (FP/SIMD
# state across exits, interrupts and vCPU switches on 4 vCPUs sharing 2
# CPUs), selftest (whole lines from 4 vCPUs) and bench-lpi (MSIs written
# to the ITS's GITS_TRANSLATER and INTs arrive as LPIs, once each). Then
# sgi once more with both of its 2 vCPUs on CPU 1 (--cpus 1): the vCPU
# woken from WFI by the other's SGI runs at once, not when the spinning
# sender's time slice ends (the guest's median wake-up under 3 ms); and
# wfi with both of its 2 vCPUs on CPU 1: a vCPU in WFI holding an
# interrupt active, a less urgent one pending, gives its CPU to the other
# (which counts at least 3/4 as fast as during a plain WFI) and leaves
# WFI only for its timer's PPI.
# timeout: 300
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
build=$(dirname "$ARMHV")
mods=() lines=()
for spec in hello:1 abort:2 timer:4 sgi:4 smp:4 fpsimd:4 selftest:4 bench-lpi:2; do
	g=${spec%%:*} n=${spec#*:}
	[ -f "$build/guests/$g.bin" ] || fail "$build/guests/$g.bin is missing (make all)"
	mods+=(--module "$g=$build/guests/$g.bin")
	lines+=("vm create $g --kernel $g --mem 64M --vcpus $n" "vm start $g"
		"vm wait $g --timeout 120" "vm destroy $g")
done
lines+=("vm create sgi1 --kernel sgi --mem 64M --vcpus 2 --cpus 1" "vm start sgi1"
	"vm wait sgi1 --timeout 120" "vm destroy sgi1"
	"vm create wfi --kernel wfi --mem 64M --vcpus 2 --cpus 1" "vm start wfi"
	"vm wait wfi --timeout 120" "vm destroy wfi")
mods+=(--module "wfi=$build/guests/wfi.bin")
script_lines mem "${lines[@]}" mem poweroff
armhv_run --smp 2 --no-vm "${mods[@]}" --script "$SCRIPT" --timeout 280
expect_rc 0
for g in hello abort timer sgi smp fpsimd selftest bench-lpi; do
	expect_count 1 "^\[$g\] GUEST-TEST $g: PASS\$"
	reply_to "vm wait $g --timeout 120" | grep -q "^vm $g: stopped: powered off (SYSTEM_OFF)" ||
		fail "$g did not power off"
done
expect_count 1 '^\[sgi1\] GUEST-TEST sgi: PASS$'
expect_count 1 '^\[wfi\] GUEST-TEST wfi: PASS$'
expect_line '^\[wfi\] wfi: cpu1 counted [0-9]+ in the plain wait, [0-9]+ in the held one'
expect_line '^\[sgi1\] sgi: a CPU waiting in WFI took an SGI [0-9]+ us after it was sent'
expect_no_line 'GUEST-TEST [a-z-]+: FAIL|armhv: PANIC|unexpected exception'
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
ok "every guest passed; every page came back"
