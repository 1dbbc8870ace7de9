/* Device tree for the next image (see dt/next_dtb.h). Pure: runs at
 * EL2 and in host tests. */
#include <dt/next_dtb.h>
#include <dt/dt_check.h>
#include <libfdt.h>
#include <string.h>

static int chosen_of(void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen");

	return node >= 0 ? node : fdt_add_subnode(fdt, 0, "chosen");
}

static int drop_modules(void *fdt, int chosen, const struct next_dtb_params *p)
{
	int node, ret;

restart:
	fdt_for_each_subnode(node, fdt, chosen) {
		const fdt32_t *reg;
		/* Sized like machine.c reads them: /chosen's cells, or the
		 * root's when /chosen has none (QEMU's guest loader). */
		int len, ac = fdt_address_cells(fdt, fdt_getprop(fdt, chosen, "#size-cells", NULL)
						       ? chosen : 0);
		paddr_t pa;

		if (fdt_node_check_compatible(fdt, node, "multiboot,module") != 0)
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 4 * ac || ac < 1 || ac > 2)
			continue;
		pa = pa_init(ac == 2 ? ((uint64_t)fdt32_ld(reg) << 32) | fdt32_ld(reg + 1)
				     : fdt32_ld(reg));
		for (unsigned i = 0; i < p->drop_module_count; i++) {
			if (pa_eq(pa, p->drop_module_pa[i])) {
				ret = fdt_del_node(fdt, node);
				if (ret)
					return ret;
				goto restart;	/* offsets moved */
			}
		}
	}
	return 0;
}

/* A <address size> pair in the root's cells, as Linux reads it. */
static int set_range(void *fdt, const char *name, paddr_t pa, uint64_t size)
{
	uint64_t base = pa_addr(pa);
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	int chosen = fdt_path_offset(fdt, "/chosen"), n = 0;
	fdt32_t cells[4];

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	if (ac == 2)
		cells[n++] = cpu_to_fdt32((uint32_t)(base >> 32));
	cells[n++] = cpu_to_fdt32((uint32_t)base);
	if (sc == 2)
		cells[n++] = cpu_to_fdt32((uint32_t)(size >> 32));
	cells[n++] = cpu_to_fdt32((uint32_t)size);
	return fdt_setprop(fdt, chosen, name, cells, n * (int)sizeof(fdt32_t));
}

int next_dtb_build(const void *old_fdt, size_t old_size, void *buf, size_t buf_size,
		   const struct next_dtb_params *p)
{
	char why[120];
	int ret, chosen;

	/* libfdt walks the old tree (fdt_open_into() too, for version 16):
	 * it must be checked first, whoever checked it before. */
	if (dt_check(old_fdt, old_size, why, sizeof(why)))
		return -FDT_ERR_BADSTRUCTURE;
	if (buf_size > INT32_MAX)
		buf_size = INT32_MAX;
	ret = fdt_open_into(old_fdt, buf, (int)buf_size);
	if (ret)
		return ret;
	chosen = chosen_of(buf);
	if (chosen < 0)
		return chosen;
	if (p->bootargs) {
		/* fdt_setprop_string() would pass strlen() + 1 as an int
		 * unchecked. */
		size_t len = strlen(p->bootargs) + 1;

		if (len > INT32_MAX)
			return -FDT_ERR_BADVALUE;
		ret = fdt_setprop(buf, chosen, "bootargs", p->bootargs, (int)len);
		if (ret)
			return ret;
	}
	fdt_delprop(buf, chosen, "linux,initrd-start");
	fdt_delprop(buf, chosen, "linux,initrd-end");
	if (pa_addr(p->initrd_pa)) {
		chosen = fdt_path_offset(buf, "/chosen");
		ret = fdt_setprop_u64(buf, chosen, "linux,initrd-start", pa_addr(p->initrd_pa));
		if (!ret)
			ret = fdt_setprop_u64(buf, chosen, "linux,initrd-end",
					      pa_addr(p->initrd_pa) + p->initrd_size);
		if (ret)
			return ret;
	}
	chosen = fdt_path_offset(buf, "/chosen");
	ret = fdt_setprop_u32(buf, chosen, "armhv,generation", p->generation);
	if (ret)
		return ret;
	fdt_delprop(buf, fdt_path_offset(buf, "/chosen"), "linux,elfcorehdr");
	fdt_delprop(buf, fdt_path_offset(buf, "/chosen"), "linux,usable-memory-range");
	if (pa_addr(p->elfcorehdr_pa)) {
		ret = set_range(buf, "linux,elfcorehdr", p->elfcorehdr_pa, p->elfcorehdr_size);
		if (!ret)
			ret = set_range(buf, "linux,usable-memory-range", p->usable_pa,
					p->usable_size);
		if (ret)
			return ret;
	}
	ret = drop_modules(buf, fdt_path_offset(buf, "/chosen"), p);
	if (ret)
		return ret;
	return fdt_pack(buf);
}

int next_dtb_break(void *fdt)
{
	int prop = fdt_first_property_offset(fdt, 0);

	if (prop < 0)
		return -1;
	((fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt) + prop))[1] = cpu_to_fdt32(0xfffffff4);
	return 0;
}

/* fdt has passed dt_check() (machine_parse() at boot). */
uint32_t dtb_generation(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const fdt32_t *v = chosen >= 0 ? fdt_getprop(fdt, chosen, "armhv,generation", &len) : NULL;

	return v && len == 4 ? fdt32_ld(v) : 0;
}
