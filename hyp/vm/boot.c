/* VMs started at boot: the boot module `vms` (from the device tree or the
 * initrd's bundle) names them, one `vm create` line each (docs/vm.md). */
#include <vm/vm.h>
#include <vm/config.h>
#include <cpu/cpu.h>
#include <mm/mmu.h>
#include <dt/machine.h>
#include <lib/log.h>

void vm_boot_start(void)
{
	const struct machine_module *mod = machine_module(machine_get(), "vms");
	struct vms_reader r;
	unsigned started = 0, skipped = 0;
	char line[VMS_LINE_MAX], err[160];
	int ret;

	if (!mod)
		return;
	r.text = phys_to_virt(mod->pa);
	r.size = (size_t)mod->size;
	r.pos = 0;
	r.line = 0;
	log_info("vms: starting the VMs of module vms (%s, %llu bytes)",
		 module_source_name(mod->from), (unsigned long long)mod->size);
	while ((ret = vms_next_line(&r, line, err, sizeof(err))) != 0) {
		struct vm_config cfg;
		struct vm *vm;

		if (ret > 0)
			ret = vms_parse_line(line, cpu_count, &cfg, err, sizeof(err));
		if (ret == 1)
			continue;	/* blank or a comment */
		if (ret < 0) {
			log_err("vms line %u: %s: VM skipped", r.line, err);
			skipped++;
			continue;
		}
		vm = vm_create(&cfg, err, sizeof(err));
		if (!vm) {
			log_err("vms line %u: vm create %s: %s: VM skipped", r.line, cfg.name, err);
			skipped++;
			continue;
		}
		if (vm_start(vm)) {
			log_err("vms line %u: vm %s: created but not started (%s)", r.line,
				cfg.name, vm_state_name(vm->state));
			skipped++;
			continue;
		}
		log_info("vms line %u: vm %s: created and started: %u vCPUs, %llu MiB, kernel %s",
			 r.line, vm->cfg.name, vm->cfg.vcpus,
			 (unsigned long long)(vm->cfg.mem_size >> 20), vm->cfg.kernel);
		started++;
	}
	log_info("vms: %u VMs started, %u lines skipped", started, skipped);
}
