/* Per-CPU run queues of vCPUs (vm/sched.h). A CPU runs the runnable
 * vCPUs of its queue in turn; a vCPU gives its CPU back on an interrupt
 * for armhv, WFI/WFE, CPU_OFF, or when its VM stops. */
#include <vm/sched.h>
#include <vm/vm.h>
#include <cpu/cpu.h>

static bool runnable(const struct vcpu *v)
{
	return __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING &&
	       __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) != VCPU_OFF;
}

int sched_add(struct vcpu *v, unsigned cpu)
{
	struct cpu *c = &cpus[cpu];
	int ret = 0;

	spin_lock(&c->runq_lock);
	if (c->runq_len == CPU_RUNQ_MAX)
		ret = -ENOSPC;
	else
		c->runq[c->runq_len++] = v;
	spin_unlock(&c->runq_lock);
	if (!ret)
		v->cpu = cpu;
	return ret;
}

void sched_remove(struct vcpu *v)
{
	struct cpu *c = &cpus[v->cpu];

	spin_lock(&c->runq_lock);
	for (unsigned i = 0; i < c->runq_len; i++) {
		if (c->runq[i] == v) {
			c->runq[i] = c->runq[--c->runq_len];
			break;
		}
	}
	spin_unlock(&c->runq_lock);
}

void sched_wake(struct vcpu *v)
{
	if (v->cpu != this_cpu())
		cpu_kick(v->cpu);
}

/* The next runnable vCPU after the last one run, round robin. */
static struct vcpu *pick(struct cpu *c)
{
	struct vcpu *found = NULL;

	spin_lock(&c->runq_lock);
	for (unsigned n = 0; n < c->runq_len; n++) {
		unsigned i = (c->runq_next + n) % c->runq_len;

		if (runnable(c->runq[i])) {
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

bool sched_run_one(void)
{
	struct vcpu *v = pick(cpu_self());

	if (!v)
		return false;
	vcpu_run(v);
	__atomic_store_n(&v->on_cpu, false, __ATOMIC_RELEASE);
	return true;
}
