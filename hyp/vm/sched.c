/* Per-CPU run queues of vCPUs (vm/sched.h). A CPU runs the runnable
 * vCPUs of its queue in turn; a vCPU gives its CPU back on an interrupt
 * for armhv, WFI/WFE, CPU_OFF, or when its VM stops. */
#include <vm/sched.h>
#include <vm/timer.h>
#include <vm/vm.h>
#include <cpu/cpu.h>
#include <lifecycle/virt.h>
#include <lib/log.h>
#include <arch/sysreg.h>

/* How long a vCPU runs before another runnable one on its CPU gets a
 * turn, in counter ticks (10 ms at 62.5 MHz; set from CNTFRQ). */
#define SLICE_MS	10

/* A vCPU waiting in WFI wakes when the vGIC has an interrupt for it that
 * its CPU interface would signal, or its timer has fired (the vGIC's kick
 * makes its CPU look: sched_wake). */
static bool runnable(struct vcpu *v)
{
	if (__atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING ||
	    __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) == VCPU_OFF)
		return false;
	if (v->wfi && (timer_expired(v) || vgic_vcpu_would_wake(&v->vm->vgic, v->id)))
		v->wfi = false;
	return !v->wfi;
}

/* How many CPUs have more than one vCPU in their queue (kept as queues
 * change, under their locks): read on every wake-up exit. */
unsigned sched_crowded_cpus;

/* A queue grew to two: CPUs running a vCPU alone, WFI untrapped, are told
 * (sched_now_shared) so that they trap it from now on. */
static void crowding_news(void)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != this_cpu() && cpu_state(&cpus[i]) == CPU_ONLINE)
			cpu_kick(i);
}

static void len_set(struct cpu *c, unsigned len)
{
	if (c->runq_len < 2 && len >= 2) {
		__atomic_add_fetch(&sched_crowded_cpus, 1, __ATOMIC_RELAXED);
		crowding_news();
	}
	else if (c->runq_len >= 2 && len < 2)
		__atomic_sub_fetch(&sched_crowded_cpus, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->runq_len, len, __ATOMIC_RELAXED);
}

int sched_add(struct vcpu *v, unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	int ret = 0;

	spin_lock(&c->runq_lock);
	if (c->runq_len == CPU_RUNQ_MAX)
		ret = -ENOSPC;
	else {
		c->runq[c->runq_len] = v;
		len_set(c, c->runq_len + 1);
	}
	spin_unlock(&c->runq_lock);
	if (!ret)
		v->cpu = cpu;
	return ret;
}

void sched_remove(struct vcpu *v)
{
	for (;;) {
		unsigned cpu = __atomic_load_n(&v->cpu, __ATOMIC_ACQUIRE);
		struct cpu *c = &cpus[cpu];
		bool found = false;

		spin_lock(&c->runq_lock);
		for (unsigned i = 0; i < c->runq_len && !found; i++) {
			if (c->runq[i] == v) {
				c->runq[i] = c->runq[c->runq_len - 1];
				len_set(c, c->runq_len - 1);
				found = true;
			}
		}
		spin_unlock(&c->runq_lock);
		/* Moved to another queue while this one was looked at: there. */
		if (found || __atomic_load_n(&v->cpu, __ATOMIC_ACQUIRE) == cpu)
			return;
	}
}

/* Both queues locked, the lower CPU's first (every holder of two takes
 * them in that order). */
static void lock_pair(struct cpu *a, struct cpu *b)
{
	if (a->index < b->index) {
		spin_lock(&a->runq_lock);
		spin_lock(&b->runq_lock);
	} else {
		spin_lock(&b->runq_lock);
		spin_lock(&a->runq_lock);
	}
}

static void unlock_pair(struct cpu *a, struct cpu *b)
{
	spin_unlock(&a->runq_lock);
	spin_unlock(&b->runq_lock);
}

/* Moves v from CPU from's queue to CPU to's, both locked: false (and
 * nothing moved) if v is no longer on from's queue or to's is full. */
static bool move_locked(struct vcpu *v, struct cpu *from, struct cpu *to)
{
	for (unsigned i = 0; i < from->runq_len; i++) {
		if (from->runq[i] != v)
			continue;
		if (to->runq_len == CPU_RUNQ_MAX)
			return false;
		from->runq[i] = from->runq[from->runq_len - 1];
		len_set(from, from->runq_len - 1);
		to->runq[to->runq_len] = v;
		len_set(to, to->runq_len + 1);
		__atomic_store_n(&v->cpu, to->index, __ATOMIC_RELEASE);
		return true;
	}
	return false;
}

/* The next runnable vCPU after the last one run, round robin. */
static struct vcpu *pick(struct cpu *c)
{
	struct vcpu *found = NULL;

	spin_lock(&c->runq_lock);
	for (unsigned n = 0; n < c->runq_len; n++) {
		unsigned i = (c->runq_next + n) % c->runq_len;

		if (!c->runq[i]->on_cpu && runnable(c->runq[i])) {
			found = c->runq[i];
			c->runq_next = i + 1;
			break;
		}
	}
	/* Claimed under the lock: a vCPU runs on one CPU at a time. */
	if (found && __atomic_exchange_n(&found->on_cpu, true, __ATOMIC_ACQUIRE))
		found = NULL;
	spin_unlock(&c->runq_lock);
	return found;
}

/* May v run on CPU c (its pinning, c online and enabled for VMs)? */
static bool may_run_on(const struct vcpu *v, const struct cpu *c)
{
	uint64_t mask = v->vm->cfg.cpu_mask;

	return cpu_state(c) == CPU_ONLINE && !__atomic_load_n(&c->runq_closed, __ATOMIC_ACQUIRE) &&
	       virt_cpu_enabled(c->index) && (!mask || (mask & (1ULL << c->index)));
}

/* c has nothing to run: it takes a vCPU that waits for its turn on a CPU
 * with more than one, claimed (on_cpu) before it moves so that its old
 * CPU cannot pick it meanwhile. Returns it claimed, or NULL. */
static struct vcpu *steal(struct cpu *c)
{
	for (unsigned n = 0; n < cpu_count; n++) {
		struct cpu *from = &cpus[n];
		struct vcpu *found = NULL;

		if (from == c || __atomic_load_n(&from->runq_len, __ATOMIC_RELAXED) < 2 ||
		    cpu_state(from) != CPU_ONLINE)
			continue;
		lock_pair(from, c);
		for (unsigned i = 0; i < from->runq_len && !found; i++) {
			struct vcpu *v = from->runq[i];

			if (v->on_cpu || !may_run_on(v, c) || !runnable(v))
				continue;
			if (__atomic_exchange_n(&v->on_cpu, true, __ATOMIC_ACQUIRE))
				continue;
			if (move_locked(v, from, c))
				found = v;
			else
				__atomic_store_n(&v->on_cpu, false, __ATOMIC_RELEASE);
		}
		unlock_pair(from, c);
		if (found) {
			log_info("vm %s vcpu%u moves from cpu%u to idle cpu%u", found->vm->cfg.name,
				 found->id, from->index, c->index);
			return found;
		}
	}
	return NULL;
}

/* Whether a vCPU of c's queue other than cur was waiting and now has
 * something to do: it gets the CPU now rather than at the end of cur's
 * slice (an IPI or a timer waits microseconds, not a slice). */
bool sched_woken_other_slow(struct cpu *c, struct vcpu *cur)
{
	bool woken = false;

	spin_lock(&c->runq_lock);
	for (unsigned i = 0; i < c->runq_len && !woken; i++) {
		struct vcpu *v = c->runq[i];

		woken = v != cur && v->wfi && !v->on_cpu && runnable(v);
	}
	spin_unlock(&c->runq_lock);
	return woken;
}

/* The earliest timer among the waiting vCPUs of c's queue (0: none). */
static uint64_t next_wakeup(struct cpu *c)
{
	uint64_t when = 0;

	spin_lock(&c->runq_lock);
	for (unsigned i = 0; i < c->runq_len; i++) {
		struct vcpu *v = c->runq[i];
		uint64_t t = v->wfi ? timer_wakeup(v) : 0;

		if (t && (!when || t < when))
			when = t;
	}
	spin_unlock(&c->runq_lock);
	return when;
}

bool sched_run_one(uint64_t until)
{
	struct cpu *c = cpu_self();
	struct vcpu *v;

	if (!c->virt_enabled)
		return false;	/* no VM exists, or this CPU cannot run vCPUs */
	v = pick(c);
	if (!v)
		v = steal(c);
	if (!v) {
		/* Nothing to run: the EL2 timer wakes the CPU for the first
		 * waiting vCPU whose timer fires. */
		hyp_timer_arm(next_wakeup(c));
		return false;
	}
	/* Sharing the CPU (now, or once another of its vCPUs wakes up): the
	 * EL2 timer ends the slice, early if a waiting vCPU's timer fires
	 * before (it then runs at once, as it would on a CPU of its own). */
	v->slice_end = 0;
	v->sole = c->runq_len == 1 && !sched_crowded();
	if (!v->sole) {
		uint64_t wake = next_wakeup(c);

		v->slice_end = read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0) / 1000 * SLICE_MS;
		if (wake && wake < v->slice_end)
			v->slice_end = wake;
	}
	/* The caller needs the CPU back by then, whatever the guest does. */
	if (until && (!v->slice_end || until < v->slice_end))
		v->slice_end = until;
	hyp_timer_for(v, v->slice_end);
	vcpu_run(v);
	hyp_timer_arm(0);
	__atomic_store_n(&v->on_cpu, false, __ATOMIC_RELEASE);
	return true;
}

void sched_idle_until(uint64_t until)
{
	uint64_t wake = next_wakeup(cpu_self());

	hyp_timer_arm(wake && wake < until ? wake : until);
	cpu_wait_interrupt();
	hyp_timer_arm(0);
}

/* The CPU with the shortest queue among those v may run on, other than
 * `not`, or -1. */
static int new_home(const struct vcpu *v, unsigned not)
{
	int best = -1;

	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == not || !may_run_on(v, &cpus[i]))
			continue;
		if (best < 0 || cpus[i].runq_len < cpus[best].runq_len)
			best = (int)i;
	}
	return best;
}

int sched_evacuate(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	struct vcpu *moving[CPU_RUNQ_MAX];
	int to[CPU_RUNQ_MAX];
	unsigned n;

	/* Closed first, so that it takes no vCPU back while its own leave
	 * (an idle CPU takes waiting vCPUs: steal). */
	__atomic_store_n(&c->runq_closed, true, __ATOMIC_RELEASE);
	/* All or nothing: every vCPU needs a place before one moves. */
	spin_lock(&c->runq_lock);
	n = c->runq_len;
	for (unsigned i = 0; i < n; i++) {
		moving[i] = c->runq[i];
		to[i] = new_home(moving[i], cpu);
		if (to[i] < 0) {
			spin_unlock(&c->runq_lock);
			__atomic_store_n(&c->runq_closed, false, __ATOMIC_RELEASE);
			log_warn("cpu%u stays on: vm %s vcpu%u may run on no other online CPU",
				 cpu, moving[i]->vm->cfg.name, moving[i]->id);
			return -EPERM;
		}
	}
	spin_unlock(&c->runq_lock);
	for (unsigned i = 0; i < n; i++) {
		struct cpu *dest = &cpus[to[i]];
		bool moved;

		/* Gone meanwhile (an idle CPU took it) or full there: it is
		 * not moved from here. */
		lock_pair(c, dest);
		moved = move_locked(moving[i], c, dest);
		unlock_pair(c, dest);
		if (moved)
			log_info("vm %s vcpu%u moves from cpu%u to cpu%d", moving[i]->vm->cfg.name,
				 moving[i]->id, cpu, to[i]);
		sched_wake(moving[i]);
	}
	return 0;
}
