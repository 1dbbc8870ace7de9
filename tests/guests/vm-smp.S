/*
 * PSCI on several CPUs, for QEMU's virt machine directly (-smp N) and
 * armhv VMs (--vcpus N), N from 3 to 8: CPU 0 finds the other CPUs (CPU_ON
 * answers INVALID_PARAMETERS past the last), starts them, checks
 * AFFINITY_INFO and a second CPU_ON of a running CPU (ALREADY_ON). Then,
 * ROUNDS times: CPU 0 turns CPU 1 on (SUCCESS), CPU 1 runs exactly once,
 * CPUs 2 and up all call CPU_ON for it at once and each gets ALREADY_ON or
 * ON_PENDING, then CPU 1 turns itself off (CPU_OFF) and AFFINITY_INFO says
 * so. (Calls racing with CPU 1 turning off are left out: QEMU's own PSCI,
 * the reference, lets two of them succeed.) Result line: "vm-smp: PASS N CPUs" or "vm-smp: FAIL <what>".
 */
#define GUEST_NAME	"vm-smp"
#include "common.inc"

#define SUCCESS		0
#define INVALID_PARAMS	-2
#define ALREADY_ON	-4
#define ON_PENDING	-5
#define AFF_OFF		1
#define ROUNDS		200
#define MAX_CPUS	8

/* online[8] at 0, then res[8], done[8], go, runs, ncpus, release. */
#define O_RES		64
#define O_DONE		128
#define O_GO		192
#define O_RUNS		200
#define O_NCPUS		208
#define O_RELEASE	216	/* CPU 1 may turn off after this round */
#define O_GO2		224	/* racers go: CPU 1 is on */

	.text
	.globl	_start
_start:
	adr	x27, shared
	/* Find and start CPUs 1..7 at `first`, context = their number. */
	mov	x19, #1
1:	mov	x1, x19
	adr	x2, first
	mov	x3, x19
	psci	PSCI_CPU_ON
	cmp	x0, #INVALID_PARAMS
	b.eq	2f
	cbnz	x0, fail_start
	add	x19, x19, #1
	cmp	x19, #MAX_CPUS
	b.lo	1b
2:	str	x19, [x27, #O_NCPUS]	/* N */
	cmp	x19, #3
	b.lo	fail_few
	/* Every CPU reports in (online[i] = 1). */
	mov	x1, #1
3:	ldr	x2, [x27, x1, lsl #3]
	cbnz	x2, 4f
	wfe
	b	3b
4:	add	x1, x1, #1
	cmp	x1, x19
	b.lo	3b
	/* CPU 1 is on: AFFINITY_INFO says so, CPU_ON says ALREADY_ON. */
	mov	x1, #1
	mov	x2, #0
	psci	PSCI_AFFINITY_INFO
	cbnz	x0, fail_affinity
	mov	x1, #1
	adr	x2, first
	mov	x3, #1
	psci	PSCI_CPU_ON
	cmp	x0, #ALREADY_ON
	b.ne	fail_already
	/* CPU 1 goes off (it waits for go = -1 in `first`). */
	mov	x2, #-1
	str	x2, [x27, #O_GO]
	dmb	ish
	sev
	bl	wait_cpu1_off

	/* The races. */
	mov	x21, #1			/* round */
race_round:
	str	x21, [x27, #O_GO]
	dmb	ish
	sev
	mov	x22, #0			/* CPU 0 turns it on */
	bl	race
	ldr	x2, [x27, #O_RES]
	cbnz	x2, fail_race_count
	/* CPU 1 has run (runs = round) before the others try. */
1:	ldr	x2, [x27, #O_RUNS]
	cmp	x2, x21
	b.eq	2f
	wfe
	b	1b
2:	str	x21, [x27, #O_GO2]
	dmb	ish
	sev
	/* Wait for every racer (CPUs 2..N-1) to report this round. */
	mov	x1, #2
5:	add	x3, x27, #O_DONE
	ldr	x2, [x3, x1, lsl #3]
	cmp	x2, x21
	b.eq	6f
	wfe
	b	5b
6:	add	x1, x1, #1
	cmp	x1, x19
	b.lo	5b
	/* Exactly one SUCCESS among CPU 0 and the racers. */
	mov	x4, #0			/* successes */
	mov	x1, #0
7:	cmp	x1, #1
	b.eq	8f
	add	x3, x27, #O_RES
	ldr	x2, [x3, x1, lsl #3]
	cbnz	x2, 9f
	add	x4, x4, #1
	b	8f
9:	cmp	x2, #ALREADY_ON
	b.eq	8f
	cmp	x2, #ON_PENDING
	b.ne	fail_race_result
8:	add	x1, x1, #1
	cmp	x1, x19
	b.lo	7b
	cmp	x4, #1
	b.ne	fail_race_count
	/* CPU 1 runs once per round (it stays on until every call of the
	 * round is in, so that none may find it off again), then is off. */
	str	x21, [x27, #O_RELEASE]
	dmb	ish
	sev
	bl	wait_cpu1_off
	ldr	x2, [x27, #O_RUNS]
	cmp	x2, x21
	b.ne	fail_runs
	add	x21, x21, #1
	ldr	x2, =ROUNDS
	cmp	x21, x2
	b.ls	race_round

	adr	x0, msg_pass
	bl	puts
	ldr	x0, [x27, #O_NCPUS]
	add	x0, x0, #'0'
	bl	putc
	adr	x0, msg_cpus
	bl	puts
	b	off

/* Polls AFFINITY_INFO until CPU 1 is off. Clobbers x0-x3, x30 in x26. */
wait_cpu1_off:
	mov	x26, x30
1:	mov	x1, #1
	mov	x2, #0
	psci	PSCI_AFFINITY_INFO
	cmp	x0, #AFF_OFF
	b.eq	2f
	wfe
	b	1b
2:	ret	x26

/* race: CPU_ON for CPU 1 at `quick`, result in res[x22] (x22 = this CPU).
 * Clobbers x0-x3. */
race:
	mov	x1, #1
	adr	x2, quick
	mov	x3, #0
	psci	PSCI_CPU_ON
	add	x3, x27, #O_RES
	str	x0, [x3, x22, lsl #3]
	dmb	ish
	ret

/* Secondaries start here: x0 = their number. */
first:
	adr	x27, shared
	mov	x22, x0
	mov	x1, #1
	str	x1, [x27, x22, lsl #3]	/* online */
	dmb	ish
	sev
	cmp	x22, #1
	b.ne	racer
	/* CPU 1: wait for go = -1, then off. */
1:	ldr	x1, [x27, #O_GO]
	cmn	x1, #1
	b.eq	cpu_off
	wfe
	b	1b

/* CPU 1 in a race: count the run, wait for the round's end, then off. */
quick:
	adr	x27, shared
	ldr	x1, [x27, #O_RUNS]
	add	x1, x1, #1
	str	x1, [x27, #O_RUNS]
	dmb	ish
	sev
1:	ldr	x2, [x27, #O_RELEASE]
	cmp	x2, x1
	b.hs	cpu_off
	wfe
	b	1b
cpu_off:
	psci	PSCI_CPU_OFF
	b	.			/* CPU_OFF does not return */

/* CPUs 2..N-1: race every round CPU 0 starts. */
racer:
	mov	x21, #1
1:	ldr	x1, [x27, #O_GO2]
	cmp	x1, x21
	b.eq	2f
	wfe
	b	1b
2:	bl	race
	add	x3, x27, #O_DONE
	str	x21, [x3, x22, lsl #3]
	dmb	ish
	sev
	add	x21, x21, #1
	ldr	x2, =ROUNDS
	cmp	x21, x2
	b.ls	1b
3:	wfe				/* done: stay here */
	b	3b

fail_start:
	adr	x0, msg_fail_start
	b	fail
fail_few:
	adr	x0, msg_fail_few
	b	fail
fail_affinity:
	adr	x0, msg_fail_affinity
	b	fail
fail_already:
	adr	x0, msg_fail_already
	b	fail
fail_race_result:
	adr	x0, msg_fail_race_result
	b	fail
fail_race_count:
	adr	x0, msg_fail_race_count
	b	fail
fail_runs:
	adr	x0, msg_fail_runs
	b	fail

	.ltorg
msg_pass:		.asciz	"vm-smp: PASS "
msg_cpus:		.asciz	" CPUs\n"
msg_fail_start:		.asciz	"vm-smp: FAIL CPU_ON of a present CPU failed\n"
msg_fail_few:		.asciz	"vm-smp: FAIL fewer than 3 CPUs\n"
msg_fail_affinity:	.asciz	"vm-smp: FAIL AFFINITY_INFO of a running CPU is not ON\n"
msg_fail_already:	.asciz	"vm-smp: FAIL CPU_ON of a running CPU is not ALREADY_ON\n"
msg_fail_race_result:	.asciz	"vm-smp: FAIL a racing CPU_ON got neither SUCCESS, ALREADY_ON nor ON_PENDING\n"
msg_fail_race_count:	.asciz	"vm-smp: FAIL racing CPU_ONs did not succeed exactly once\n"
msg_fail_runs:		.asciz	"vm-smp: FAIL CPU 1 did not run exactly once per round\n"

	.data
	.balign	64
shared:
	.space	256
