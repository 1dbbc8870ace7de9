/* libFuzzer target: a hostile device tree (a bootloader's or a previous
 * kernel's mistake) must give a clean refusal or a sane machine, never a
 * crash, a hang or a read outside the buffer; building a next-image tree
 * from it must refuse or work, whether it parsed or not. */
#include <dt/machine.h>
#include <dt/next_dtb.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t in[(1 << 16) / 8], out[(1 << 17) / 8];
	struct machine m;
	char err[160];
	struct next_dtb_params p = { .bootargs = "console=ttyAMA0", .generation = 1,
				     .initrd_pa = pa_init(0x48000000), .initrd_size = 0x1000,
				     .elfcorehdr_pa = pa_init(0x4a000000), .elfcorehdr_size = 0x1000,
				     .usable_pa = pa_init(0x4a000000), .usable_size = 0x1000000 };

	if (size > sizeof(in))
		return 0;
	memcpy(in, data, size);	/* armhv's tree is 8-byte aligned */
	if (machine_parse(in, size, &m, err, sizeof(err)) != 0) {
		if (!memchr(err, 0, sizeof(err)) || !err[0])
			abort();	/* a refusal always says why */
		if (strncmp(err, "device tree: ", 13) == 0 && !pa_is_aligned(m.uart.base, PAGE_SIZE))
			abort();	/* a UART salvaged to report with is sane */
		(void)next_dtb_build(in, size, out, sizeof(out), &p);
		return 0;
	}
	if (m.mem_count == 0 || m.cpu_count == 0 || m.cpu_count > NR_CPUS ||
	    !pa_addr(m.uart.base))
		abort();	/* accepted trees are complete */
	if (m.module_count)
		p.drop_module_pa[p.drop_module_count++] = m.modules[0].pa;
	if (next_dtb_build(in, size, out, sizeof(out), &p) == -FDT_ERR_BADSTRUCTURE)
		abort();	/* what machine_parse() accepts is a sane old tree */
	return 0;
}
