/* Console commands for VMs: vm create|start|stop|destroy|list|wait|input|
 * console (docs/vm.md). */
#include <mgmt/commands.h>
#include <vm/sched.h>
#include <vm/vm.h>
#include <cpu/cpu.h>
#include <cpu/stop.h>
#include <lib/log.h>
#include <arch/time.h>
#include <stdio.h>
#include <string.h>

#define VM_DEFAULT_MEM		(UL(128) << 20)
#define VM_MEM_ALIGN		(UL(2) << 20)

static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= VM_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

/* "0,2-3": a set of CPU numbers below cpu_count. */
static bool parse_cpu_list(const char *s, uint64_t *mask)
{
	*mask = 0;
	while (*s) {
		uint64_t a, b;
		char num[8];
		size_t n = 0;

		while (s[n] >= '0' && s[n] <= '9' && n < sizeof(num) - 1)
			num[n] = s[n], n++;
		num[n] = 0;
		if (!parse_u64(num, &a))
			return false;
		s += n;
		b = a;
		if (*s == '-') {
			s++;
			for (n = 0; s[n] >= '0' && s[n] <= '9' && n < sizeof(num) - 1; n++)
				num[n] = s[n];
			num[n] = 0;
			if (!parse_u64(num, &b))
				return false;
			s += n;
		}
		if (a > b || b >= cpu_count)
			return false;
		for (uint64_t c = a; c <= b; c++)
			*mask |= 1ULL << c;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return *mask != 0;
}

static void vm_create_cmd(int argc, char **argv)
{
	struct vm_config cfg = { .mem_size = VM_DEFAULT_MEM, .vcpus = 1 };
	char err[120];
	struct vm *vm;

	if (argc < 3 || !valid_name(argv[2])) {
		con_printf("error: vm create NAME: NAME is 1-%d letters, digits, '-' or '_'\n",
			   VM_NAME_MAX - 1);
		return;
	}
	snprintf(cfg.name, sizeof(cfg.name), "%s", argv[2]);
	for (int i = 3; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;

		if (!val) {
			con_printf("error: %s needs a value\n", opt);
			return;
		}
		if (strcmp(opt, "--mem") == 0) {
			if (!parse_size(val, strlen(val), &n) || n < VM_MEM_ALIGN || n > (UL(1) << 40)) {
				con_printf("error: --mem %s: a size like 128M or 1G, at least 2M\n", val);
				return;
			}
			cfg.mem_size = ALIGN_UP(n, VM_MEM_ALIGN);
		} else if (strcmp(opt, "--vcpus") == 0) {
			if (!parse_u64(val, &n) || n < 1 || n > VM_MAX_VCPUS) {
				con_printf("error: --vcpus %s: 1 to %d\n", val, VM_MAX_VCPUS);
				return;
			}
			cfg.vcpus = (unsigned)n;
		} else if (strcmp(opt, "--kernel") == 0 || strcmp(opt, "--initrd") == 0) {
			char *dst = opt[2] == 'k' ? cfg.kernel : cfg.initrd;

			if (strlen(val) >= MODULE_NAME_MAX) {
				con_printf("error: %s %s: no module has so long a name\n", opt, val);
				return;
			}
			snprintf(dst, MODULE_NAME_MAX, "%s", val);
		} else if (strcmp(opt, "--cmdline") == 0) {
			if (strlen(val) >= sizeof(cfg.cmdline)) {
				con_printf("error: --cmdline longer than %d characters\n",
					   VM_CMDLINE_MAX - 1);
				return;
			}
			snprintf(cfg.cmdline, sizeof(cfg.cmdline), "%s", val);
		} else if (strcmp(opt, "--cpus") == 0) {
			if (!parse_cpu_list(val, &cfg.cpu_mask)) {
				con_printf("error: --cpus %s: CPU numbers 0-%u, like 1,2-3\n", val,
					   cpu_count - 1);
				return;
			}
		} else {
			con_printf("error: unknown option %s\n", opt);
			return;
		}
	}
	if (!cfg.kernel[0]) {
		con_printf("error: vm create needs --kernel MODULE\n");
		return;
	}
	vm = vm_create(&cfg, err, sizeof(err));
	if (!vm) {
		con_printf("error: vm create %s: %s\n", cfg.name, err);
		return;
	}
	con_printf("vm %s: created: %u vCPUs, %llu MiB at PA 0x%llx, VMID %u, kernel %s at IPA 0x%llx\n",
		   vm->cfg.name, vm->cfg.vcpus, (unsigned long long)(vm->cfg.mem_size >> 20),
		   (unsigned long long)pa_addr(vm->ram_pa), vm->vmid, vm->cfg.kernel,
		   (unsigned long long)vm->entry_ipa);
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
		char exits[160];
		int len = 0;

		if (!vm)
			continue;
		n++;
		for (unsigned k = 0; k < VM_EXIT_KIND_COUNT; k++)
			len += snprintf(exits + len, sizeof(exits) - (size_t)len, " %s=%llu",
					vm_exit_name((enum vm_exit_kind)k),
					(unsigned long long)vm->exits[k]);
		con_printf("vm %s state=%s vcpus=%u mem=%lluM vmid=%u resets=%u%s%s exits:%s\n",
			   vm->cfg.name, vm_state_name(vm->state), vm->cfg.vcpus,
			   (unsigned long long)(vm->cfg.mem_size >> 20), vm->vmid, vm->resets,
			   vm->state == VM_STOPPED ? " stop=" : "",
			   vm->state == VM_STOPPED ? vm_stop_name(vm->stop_reason) : "", exits);
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

/* Waits for vm to stop, running this CPU's vCPUs meanwhile (they may
 * be the ones it waits for). */
static void vm_wait_cmd(struct vm *vm, uint64_t timeout_ms)
{
	uint64_t t0 = time_ms();

	while (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_STOPPED ||
	       __atomic_load_n(&vm->stop_reason, __ATOMIC_ACQUIRE) == VM_STOP_RESET) {
		cpu_stop_check(NULL);
		vm_housekeeping();
		if (timeout_ms && time_ms() - t0 >= timeout_ms) {
			con_printf("error: vm %s: still running after %llu s%s\n", vm->cfg.name,
				   (unsigned long long)(timeout_ms / 1000),
				   vm->resets ? " (it has reset itself, and runs again)" : "");
			return;
		}
		if (!sched_run_one())
			cpu_relax();
	}
	vpl011_flush(&vm->uart);
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
	if (argc < 3) {
		con_printf("error: usage: vm create|start|stop|destroy|list|wait|input|console ...\n");
		return;
	}
	vm = named(argv[2]);
	if (!vm)
		return;
	if (strcmp(sub, "start") == 0) {
		if (vm_start(vm))
			con_printf("error: vm %s is %s\n", vm->cfg.name, vm_state_name(vm->state));
		else
			con_printf("vm %s: started\n", vm->cfg.name);
	} else if (strcmp(sub, "stop") == 0) {
		if (vm_stop(vm, VM_STOP_CONSOLE))
			con_printf("vm %s: stopped\n", vm->cfg.name);
		else
			con_printf("error: vm %s: a vCPU did not give its CPU back\n", vm->cfg.name);
	} else if (strcmp(sub, "destroy") == 0) {
		if (vm_destroy(vm))
			con_printf("error: vm %s: a vCPU did not give its CPU back; not destroyed\n",
				   argv[2]);
		else
			con_printf("vm %s: destroyed\n", argv[2]);
	} else if (strcmp(sub, "wait") == 0) {
		uint64_t s = 0;

		if (argc == 5 && strcmp(argv[3], "--timeout") == 0) {
			if (!parse_u64(argv[4], &s) || s > 86400) {
				con_printf("error: --timeout %s: seconds, at most 86400\n", argv[4]);
				return;
			}
		} else if (argc != 3) {
			con_printf("error: usage: vm wait NAME [--timeout SECONDS]\n");
			return;
		}
		vm_wait_cmd(vm, s * 1000);
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
