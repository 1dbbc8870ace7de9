/* Device tree for the next image (see armhv/next_dtb.h). Pure: runs at
 * EL2 and in host tests. */
#include <armhv/next_dtb.h>
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
		int len, ac = fdt_address_cells(fdt, 0);
		uint64_t pa;

		if (fdt_node_check_compatible(fdt, node, "multiboot,module") != 0)
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 4 * ac || ac < 1 || ac > 2)
			continue;
		pa = ac == 2 ? ((uint64_t)fdt32_ld(reg) << 32) | fdt32_ld(reg + 1) : fdt32_ld(reg);
		for (unsigned i = 0; i < p->drop_module_count; i++) {
			if (pa == p->drop_module_pa[i]) {
				ret = fdt_del_node(fdt, node);
				if (ret)
					return ret;
				goto restart;	/* offsets moved */
			}
		}
	}
	return 0;
}

int next_dtb_build(const void *old_fdt, void *buf, size_t buf_size,
		   const struct next_dtb_params *p)
{
	int ret, chosen;

	ret = fdt_open_into(old_fdt, buf, (int)buf_size);
	if (ret)
		return ret;
	chosen = chosen_of(buf);
	if (chosen < 0)
		return chosen;
	if (p->bootargs) {
		ret = fdt_setprop_string(buf, chosen, "bootargs", p->bootargs);
		if (ret)
			return ret;
	}
	fdt_delprop(buf, chosen, "linux,initrd-start");
	fdt_delprop(buf, chosen, "linux,initrd-end");
	if (p->initrd_pa) {
		chosen = fdt_path_offset(buf, "/chosen");
		ret = fdt_setprop_u64(buf, chosen, "linux,initrd-start", p->initrd_pa);
		if (!ret)
			ret = fdt_setprop_u64(buf, chosen, "linux,initrd-end",
					      p->initrd_pa + p->initrd_size);
		if (ret)
			return ret;
	}
	chosen = fdt_path_offset(buf, "/chosen");
	ret = fdt_setprop_u32(buf, chosen, "armhv,generation", p->generation);
	if (ret)
		return ret;
	ret = drop_modules(buf, fdt_path_offset(buf, "/chosen"), p);
	if (ret)
		return ret;
	return fdt_pack(buf);
}

uint32_t dtb_generation(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const fdt32_t *v = chosen >= 0 ? fdt_getprop(fdt, chosen, "armhv,generation", &len) : NULL;

	return v && len == 4 ? fdt32_ld(v) : 0;
}
