/* Entered at EL1: say why armhv cannot run, then stop. Runs at EL1 with
 * the runtime table (head.S, el1_entry). */
#include <boot/early.h>
#include <boot/boot_params.h>
#include <mm/layout.h>
#include <lib/log.h>
#include <dt/machine.h>
#include <mm/mmu.h>
#include <drivers/pl011.h>
#include <arch/sysreg.h>

static struct machine machine;

void refuse_el1(void)
{
	char err[160];
	vaddr_t va = va_init(0);

	mmu_init(boot_params.runtime_ttbr, boot_params.boot_ttbr, early_info.image_pa,
		 early_info.image_size, pt_pool_alloc);
	machine_parse(early_dtb(), early_dtb_mapped_bytes(), &machine, err, sizeof(err));
	if (pa_addr(machine.uart.base))
		va = mmio_map(machine.uart.base, 0x1000, false);
	if (va_addr(va)) {
		pl011_init(va);
		pl011_set_console(va);
		con_set_output(pl011_console_putc);
		con_printf("\narmhv: cannot run: entered at EL1, armhv needs EL2 "
			   "(on QEMU: -machine virtualization=on)\n");
	}
	for (;;)
		wfi();
}
