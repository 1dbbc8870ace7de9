/* Console commands for VMs: vm create|start|stop|destroy|list|wait|input|
 * console (docs/vm.md). */
#include <mgmt/commands.h>
#include <vm/sched.h>
#include <vm/vm.h>
#include <vgic/lpi.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <lib/log.h>
#include <arch/sysreg.h>
#include <arch/time.h>
#include <stdio.h>
#include <string.h>

static void vm_create_cmd(int argc, char **argv)
{
	struct vm_config cfg;
	char err[120];
	struct vm *vm;

	if (vm_config_parse(argc - 2, argv + 2, cpu_count, &cfg, err, sizeof(err))) {
		con_printf("error: %s\n", err);
		return;
	}
	vm = vm_create(&cfg, err, sizeof(err));
	if (!vm) {
		con_printf("error: vm create %s: %s\n", cfg.name, err);
		return;
	}
	con_printf("vm %s: created: %u vCPUs, %llu MiB at PA 0x%llx, VMID %u, kernel %s at IPA 0x%llx\n",
		   vm->cfg.name, vm->cfg.vcpus, (unsigned long long)(vm->cfg.mem_size >> 20),
		   (unsigned long long)pa_addr(vm->ram.pa), vm->vmid, vm->cfg.kernel,
		   (unsigned long long)ipa_addr(vm->entry_ipa));
}

static struct vm *named(const char *name)
{
	struct vm *vm = vm_find(name);

	if (!vm)
		con_printf("error: no VM named '%s'\n", name);
	return vm;
}

static void vm_list_cmd(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < VM_MAX; i++) {
		struct vm *vm = vm_at(i);
		struct vgic_its_stats its;
		char exits[160];
		int len = 0;

		if (!vm)
			continue;
		n++;
		for (unsigned k = 0; k < VM_EXIT_KIND_COUNT; k++)
			len += snprintf(exits + len, sizeof(exits) - (size_t)len, " %s=%llu",
					vm_exit_name((enum vm_exit_kind)k),
					(unsigned long long)vm->exits[k]);
		con_printf("vm %s state=%s vcpus=%u mem=%lluM touched=%lluM vmid=%u resets=%u%s%s exits:%s\n",
			   vm->cfg.name, vm_state_name(vm->state), vm->cfg.vcpus,
			   (unsigned long long)(vm->cfg.mem_size >> 20),
			   (unsigned long long)(vm_ram_touched(vm) >> 20), vm->vmid, vm->resets,
			   vm->state == VM_STOPPED ? " stop=" : "",
			   vm->state == VM_STOPPED ? vm_stop_name(vm->stop_reason) : "", exits);
		if (vgic_its_stats(&vm->vgic, &its))
			con_printf("  its enabled=%d commands=%llu bad-commands=%llu stalls=%llu "
				   "last-bad=0x%x lpis-delivered=%llu lpis-taken=%llu\n",
				   its.enabled, (unsigned long long)its.cmds.processed,
				   (unsigned long long)its.cmds.errors,
				   (unsigned long long)its.cmds.stalls, its.cmds.last_error,
				   (unsigned long long)its.delivered, (unsigned long long)its.taken);
		for (unsigned c = 0; c < vm->cfg.vcpus; c++) {
			const struct vcpu *v = &vm->vcpu[c];
			static const char *const power[] = { "off", "on-pending", "on" };

			con_printf("  vcpu%u power=%s cpu=%u last-ran-on=%d\n", c, power[v->power],
				   v->cpu, v->last_cpu);
		}
	}
	if (!n)
		con_printf("no VMs\n");
}

/* Waits for vm to stop or, with output, to print a line containing it,
 * running this CPU's vCPUs meanwhile (they may be the ones it waits for). */
static void vm_wait_cmd(struct vm *vm, uint64_t timeout_ms, const char *output)
{
	uint64_t t0 = time_ms();

	if (output)
		vpl011_watch(&vm->uart, output);
	for (;;) {
		bool stopped = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED &&
			       __atomic_load_n(&vm->stop_reason, __ATOMIC_ACQUIRE) != VM_STOP_RESET;

		if (output && vpl011_watch_seen(&vm->uart)) {
			vpl011_watch(&vm->uart, "");
			con_printf("vm %s: printed \"%s\"\n", vm->cfg.name, output);
			return;
		}
		if (stopped)
			break;
		cpu_stop_check(NULL);
		vm_housekeeping();
		if (timeout_ms && time_ms() - t0 >= timeout_ms) {
			if (output)
				vpl011_watch(&vm->uart, "");
			con_printf("error: vm %s: %s after %llu s%s\n", vm->cfg.name,
				   output ? "no such line" :
				   __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_PAUSED ?
				   "still paused" : "still running",
				   (unsigned long long)(timeout_ms / 1000),
				   vm->resets ? " (it has reset itself, and runs again)" : "");
			return;
		}
		/* A vCPU of this CPU runs meanwhile, but gives the CPU back
		 * every few milliseconds, even if it never exits by itself: the
		 * line waited for may be its own, and the timeout must fire.
		 * With none to run, the CPU sleeps rather than spins (on QEMU
		 * a spinning CPU takes the host's time from the busy ones). */
		uint64_t until = read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0) / 200;

		if (!sched_run_one(until))
			sched_idle_until(until);
	}
	vpl011_flush(&vm->uart);
	if (output) {
		vpl011_watch(&vm->uart, "");
		con_printf("error: vm %s: stopped before printing \"%s\": %s\n", vm->cfg.name,
			   output, vm_stop_name(vm->stop_reason));
		return;
	}
	con_printf("vm %s: stopped: %s\n", vm->cfg.name, vm_stop_name(vm->stop_reason));
}

void cmd_vm(int argc, char **argv)
{
	const char *sub = argv[1];
	struct vm *vm;

	if (strcmp(sub, "create") == 0) {
		vm_create_cmd(argc, argv);
		return;
	}
	if (strcmp(sub, "list") == 0) {
		vm_list_cmd();
		return;
	}
	if (strcmp(sub, "save") == 0) {
		cmd_vm_save(argc, argv);
		return;
	}
	if (strcmp(sub, "restore") == 0) {
		cmd_vm_restore(argc, argv);
		return;
	}
	if (argc < 3) {
		con_printf("error: usage: vm create|start|stop|pause|resume|destroy|save|restore|list|wait|input|console ...\n");
		return;
	}
	vm = named(argv[2]);
	if (!vm)
		return;
	if (strcmp(sub, "start") == 0) {
		int ret = vm_start(vm);

		if (ret == -EIO)
			/* Started again from its images: a restored VM's
			 * modules need not exist (vm/save.c). */
			con_printf("error: vm %s: its images could not be loaded again (modules '%s'%s%s%s)\n",
				   vm->cfg.name, vm->cfg.kernel, vm->cfg.initrd[0] ? ", '" : "",
				   vm->cfg.initrd, vm->cfg.initrd[0] ? "'" : "");
		else if (ret)
			con_printf("error: vm %s is %s\n", vm->cfg.name, vm_state_name(vm->state));
		else
			con_printf("vm %s: started\n", vm->cfg.name);
	} else if (strcmp(sub, "stop") == 0) {
		if (vm_stop(vm, VM_STOP_CONSOLE))
			con_printf("vm %s: stopped\n", vm->cfg.name);
		else
			con_printf("error: vm %s: a vCPU did not give its CPU back\n", vm->cfg.name);
	} else if (strcmp(sub, "pause") == 0) {
		int ret = vm_pause(vm);

		if (ret == -EBUSY)
			con_printf("error: vm %s is %s, not running\n", vm->cfg.name,
				   vm_state_name(vm->state));
		else if (ret)
			con_printf("error: vm %s: a vCPU did not give its CPU back; still running\n",
				   vm->cfg.name);
		else
			con_printf("vm %s: paused\n", vm->cfg.name);
	} else if (strcmp(sub, "resume") == 0) {
		if (vm_resume(vm))
			con_printf("error: vm %s is %s, not paused\n", vm->cfg.name,
				   vm_state_name(vm->state));
		else
			con_printf("vm %s: resumed\n", vm->cfg.name);
	} else if (strcmp(sub, "destroy") == 0) {
		if (vm_destroy(vm))
			con_printf("error: vm %s: a vCPU did not give its CPU back; not destroyed\n",
				   argv[2]);
		else
			con_printf("vm %s: destroyed\n", argv[2]);
	} else if (strcmp(sub, "wait") == 0) {
		uint64_t s = 0;
		const char *output = NULL;

		for (int i = 3; i < argc; i += 2) {
			if (i + 1 < argc && strcmp(argv[i], "--timeout") == 0) {
				if (!parse_u64(argv[i + 1], &s) || s > 86400) {
					con_printf("error: --timeout %s: seconds, at most 86400\n", argv[i + 1]);
					return;
				}
			} else if (i + 1 < argc && strcmp(argv[i], "--output") == 0) {
				output = argv[i + 1];
				if (!output[0] || strlen(output) > VPL011_WATCH) {
					con_printf("error: --output: 1 to %u characters\n", VPL011_WATCH);
					return;
				}
			} else {
				con_printf("error: usage: vm wait NAME [--timeout SECONDS] [--output TEXT]\n");
				return;
			}
		}
		vm_wait_cmd(vm, s * 1000, output);
	} else if (strcmp(sub, "input") == 0) {
		if (argc != 4) {
			con_printf("error: usage: vm input NAME STRING\n");
			return;
		}
		for (const char *p = argv[3]; *p; p++)
			if (!vpl011_input(&vm->uart, *p)) {
				con_printf("error: vm %s: its UART's receive FIFO is full\n",
					   vm->cfg.name);
				return;
			}
		vpl011_input(&vm->uart, '\r');
		vm_kick(vm);
	} else if (strcmp(sub, "console") == 0) {
		if (argc != 3) {
			con_printf("error: usage: vm console NAME\n");
			return;
		}
		if (vm->state == VM_STOPPED && vm->stop_reason != VM_STOP_RESET) {
			con_printf("error: vm %s is stopped (%s): vm start %s first\n", vm->cfg.name,
				   vm_stop_name(vm->stop_reason), vm->cfg.name);
			return;
		}
		if (console_attach(vm))
			con_printf("error: the console is attached to a VM already\n");
	} else {
		con_printf("error: unknown vm command '%s'\n", sub);
	}
}
