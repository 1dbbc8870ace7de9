/* Console commands about CPUs: cpus, cpu on|off, bench hotplug. */
#include <mgmt/commands.h>
#include <cpu/cpu.h>
#include <boot/stages.h>
#include <lifecycle/hotplug.h>
#include <lifecycle/virt.h>
#include <vm/vm.h>
#include <vm/sched.h>
#include <vm/timer.h>
#include <cpu/stop.h>
#include <drivers/gic.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <string.h>

void cmd_cpus(int argc, char **argv)
{
	for (unsigned i = 0; i < cpu_count; i++)
		con_printf("cpu%u mpidr=0x%llx state=%s stage=%s virt=%s%s\n", i,
			   (unsigned long long)cpus[i].mpidr,
			   cpu_state_name(cpu_state(&cpus[i])),
			   cpu_stage_name(cpu_stage(i)),
			   virt_cpu_enabled(i) ? "on" : "off",
			   console_owner == i ? " console" : "");
}

void cmd_cpu(int argc, char **argv)
{
	bool on = strcmp(argv[1], "on") == 0;
	unsigned cpu;
	int ret;

	if (!on && strcmp(argv[1], "off") != 0) {
		con_printf("error: usage: cpu on|off CPU\n");
		return;
	}
	if (!parse_cpu(argv[2], &cpu))
		return;
	if (on) {
		if (cpu_state(&cpus[cpu]) != CPU_OFF) {
			con_printf("error: cpu%u is %s, not off\n", cpu, cpu_state_name(cpu_state(&cpus[cpu])));
			return;
		}
		ret = cpu_power_on(cpu, 0);
		if (ret)
			con_printf("error: cpu%u did not come online (%d)\n", cpu, ret);
		return;
	}
	if (cpu_state(&cpus[cpu]) != CPU_ONLINE && cpu_state(&cpus[cpu]) != CPU_DEAD) {
		con_printf("error: cpu%u is %s\n", cpu, cpu_state_name(cpu_state(&cpus[cpu])));
		return;
	}
	if (cpu_state(&cpus[cpu]) == CPU_ONLINE && cpus_online_count() < 2) {
		con_printf("error: cpu%u is the last online CPU\n", cpu);
		return;
	}
	ret = cpu_take_offline(cpu);	/* the calling CPU: returns only if refused */
	if (ret == -EPERM) {
		con_printf("error: cpu%u runs vCPUs that have no other CPU to go to\n", cpu);
		return;
	}
	if (ret == -EBUSY && cpu == this_cpu())
		con_printf("error: cpu%u cannot go off now\n", cpu);
	else if (ret == -EBUSY)
		con_printf("error: cpu%u is parked at stage %s and cannot leave\n", cpu,
			   cpu_stage_name(cpu_stage(cpu)));
	else if (ret)
		con_printf("error: cpu%u did not power off (%d)\n", cpu, ret);
}

/* Until vm stops: this CPU runs its vCPUs and otherwise waits in WFI
 * (under QEMU's -icount every instruction of any CPU is time, and a
 * polling console CPU would be counted in the guest's figures). The EL2
 * timer wakes it at least every millisecond (a VM whose vCPUs all run
 * elsewhere stops without telling this CPU). Unlike `vm wait`, it lets a
 * vCPU of this CPU run without a time limit. */
static void bench_vm_wait(struct vm *vm)
{
	uint64_t ms = read_sysreg(cntfrq_el0) / 1000;

	while (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_STOPPED ||
	       __atomic_load_n(&vm->stop_reason, __ATOMIC_ACQUIRE) == VM_STOP_RESET) {
		cpu_stop_check(NULL);
		vm_housekeeping();
		if (!sched_run_one(0))
			sched_idle_until(read_sysreg(cntpct_el0) + ms);
	}
	hyp_timer_arm(0);
	con_printf("bench vm: %s stopped: %s\n", vm->cfg.name, vm_stop_name(vm->stop_reason));
}

/* bench vm NAME OPTIONS...: `vm create NAME OPTIONS...` and `vm start
 * NAME` at once, after reading the counter, which it then prints (a guest
 * that reads the counter at its first instruction gives the time from
 * create to its first instruction), then waits for the VM to stop
 * (bench/vm, docs/benchmarks.md). */
static void bench_vm(int argc, char **argv)
{
	char *args[16];
	char *start[] = { "vm", "start", argv[2], NULL };
	struct vm *vm;
	uint64_t t0;

	if (argc < 3 || argc > 15) {
		con_printf("error: usage: bench vm NAME OPTIONS...\n");
		return;
	}
	args[0] = "vm";
	args[1] = "create";
	for (int i = 2; i <= argc; i++)
		args[i] = argv[i];
	t0 = read_sysreg(cntpct_el0);
	cmd_vm(argc, args);
	vm = vm_find(argv[2]);
	if (!vm || vm->state != VM_CREATED)
		return;
	cmd_vm(3, start);
	con_printf("bench vm: counter 0x%llx at vm create\n", (unsigned long long)t0);
	bench_vm_wait(vm);
}

/* bench hotplug CPU COUNT: COUNT off/on cycles of CPU, timed with the
 * counter; prints ticks per cycle (docs/benchmarks.md). bench vm: above. */
void cmd_bench(int argc, char **argv)
{
	uint64_t count, t0, t1;
	unsigned cpu;

	if (strcmp(argv[1], "vm") == 0) {
		bench_vm(argc, argv);
		return;
	}
	if (strcmp(argv[1], "hotplug") != 0 || argc != 4) {
		con_printf("error: usage: bench hotplug CPU COUNT | bench vm NAME OPTIONS...\n");
		return;
	}
	if (!parse_cpu(argv[2], &cpu))
		return;
	if (!parse_u64(argv[3], &count) || count == 0 || count > 100000) {
		con_printf("error: COUNT must be 1 to 100000\n");
		return;
	}
	if (cpu == this_cpu() || cpu_state(&cpus[cpu]) != CPU_ONLINE) {
		con_printf("error: cpu%u must be online and not the console CPU\n", cpu);
		return;
	}
	t0 = read_sysreg(cntpct_el0);
	for (uint64_t i = 0; i < count; i++) {
		if (cpu_request_off(cpu) || cpu_power_on(cpu, 0)) {
			con_printf("error: cycle %llu failed\n", (unsigned long long)i);
			return;
		}
	}
	t1 = read_sysreg(cntpct_el0);
	con_printf("bench hotplug: %llu cycles of cpu%u, %llu counter ticks per cycle at %llu Hz\n",
		   (unsigned long long)count, cpu, (unsigned long long)((t1 - t0) / count),
		   (unsigned long long)read_sysreg(cntfrq_el0));
}
