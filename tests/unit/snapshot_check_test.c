/* Unit test of what the snapshot decoder refuses beyond checksums: every
 * value no armhv VM can have (each written with fresh checksums, so that
 * only the check can catch it), and every field that exists only on disk
 * (ids, counts, flags, reserved bytes, padding, placement). Each must be
 * refused with the one line that names its section and field; snap_check
 * and snap_encode refuse the same values before anything is written.
 * Built with ASan/UBSan (make unit-snapshot_check). */
#include "check.h"
#include "snapshot_fixture.h"

#include <snapshot/internal.h>

#include <stdlib.h>
#include <string.h>

static struct snap_vm base, vm, out;
static uint8_t *ram;
static struct snap_toc toc_out;
static char err[512];

static int decode(struct membuf *img)
{
	struct snap_source src = mb_source(img);

	err[0] = 0;
	return snap_decode(&src, &out, &toc_out, err, sizeof(err));
}

static void expect(int rc, int code, const char *what, const char *name)
{
	if (rc != code || !strstr(err, what))
		fprintf(stderr, "%s: rc %d, expected %d with \"%s\" in: %s\n", name, rc, code,
			what, err);
	CHECK_EQ(rc, code);
	CHECK(strstr(err, what) != NULL);
	CHECK(!strchr(err, '\n'));
}

/* ---- values a VM cannot have ------------------------------------------------------- */

#define M(name, body) static void name(struct snap_vm *v) { body; }
M(name_empty, v->config.name[0] = 0)
M(name_space, memcpy(v->config.name, "a b", 4))
M(mem_odd, v->config.mem_size += 1 << 20)
M(ram_base_odd, v->config.ram_base += 1 << 20)
M(ram_base_low, v->config.ram_base = 0x200000)
M(kernel_empty, v->config.kernel[0] = 0)
M(initrd_slash, memcpy(v->config.initrd, "a/b", 4))
M(cmdline_nl, v->config.cmdline[3] = '\n')
M(freq_zero, v->meta.counter_freq = 0)
M(version_ctl, v->meta.armhv_version[1] = 1)
M(power_3, v->vcpu[1].power = 3)
M(mpidr, v->vcpu[1].mpidr = (1ull << 31) | 2)
M(pstate_el2, v->vcpu[0].pstate = (v->vcpu[0].pstate & ~0x1full) | 9)
M(pstate_aarch32, v->vcpu[0].pstate = (v->vcpu[0].pstate & ~0x1full) | 0x10)
M(pstate_res0, v->vcpu[0].pstate = (v->vcpu[0].pstate & ~0x1full) | 0x25)
M(pstate_high, v->vcpu[1].pstate = 5 | 1ull << 32)
M(pauth_key, v->vcpu[1].pauth = false; memset(v->vcpu[1].pauth_keys, 0, 80);
  v->vcpu[1].pauth_keys[3] = 1)
M(cntv_ctl, v->vcpu[0].cntv_ctl = 8)
M(ptimer_ctl, v->vcpu[0].ptimer_ctl = 4)
M(fpsr, v->vcpu[0].fpsr = 1u << 8)
M(fpcr, v->vcpu[0].fpcr = 1u << 3)
M(gicd_ctlr, v->dist.ctlr = 0x10)
M(lrs_0, v->dist.nr_lrs = 0)
M(lrs_17, v->dist.nr_lrs = 17)
M(pre_8, v->dist.pre_bits = 8; v->dist.pri_bits = 8)
M(pri_below_pre, v->dist.pre_bits = 6; v->dist.pri_bits = 5)
M(route_irm, v->dist.spi[4].route |= 1u << 31)
M(target_missing, v->dist.spi[9].route = 5; v->dist.spi[9].target = 5)
M(target_wrong, v->dist.spi[9].route = 1; v->dist.spi[9].target = 0)
M(target_fallback, v->dist.spi[9].route = 0x100; v->dist.spi[9].target = 1)
M(spi_hw, v->dist.spi[3].hw = true)
M(priv_route, v->redist[1].priv[20].route = 1)
M(priv_target, v->redist[1].priv[20].target = 0)
M(sgi_level, v->redist[0].priv[3].edge = false)
M(sgi_line, v->redist[0].priv[3].level = true)
M(sgi_hw, v->redist[0].priv[3].hw = true)
M(waker, v->redist[1].waker = 4)
M(propbaser_res0, for (int i = 0; i < 2; i++) v->redist[i].propbaser |= 1u << 6)
M(propbaser_differs, v->redist[1].propbaser ^= 1u << 7)
M(pendbaser_ptz, v->redist[0].pendbaser |= 1ull << 62)
M(pend_outside, v->redist[1].lpis_enabled = true;
  v->redist[1].pendbaser = 0x80000000ull)
M(pend_at_end, v->redist[1].lpis_enabled = true;
  v->redist[1].pendbaser = 0x40000000ull + (4ull << 20))
M(prop_outside, for (int i = 0; i < 2; i++) {
	v->redist[i].propbaser = 0x3ffff00full; v->redist[i].lpis_enabled = true; })
M(prop_straddles, for (int i = 0; i < 2; i++) {
	v->redist[i].propbaser = (0x40000000ull + (4ull << 20) - 0x1000) | 15;
	v->redist[i].lpis_enabled = true; })
M(vmcr_res0, v->redist[0].vmcr |= 1u << 5)
M(vpmr_low, v->dist.pri_bits = 5; v->dist.pre_bits = 5; v->redist[0].vmcr |= 1u << 24;
  for (int i = 0; i < 2; i++) for (int k = 1; k < 4; k++)
	v->redist[i].ap0r[k] = v->redist[i].ap1r[k] = 0)
M(apr_beyond, v->dist.pri_bits = 6; v->dist.pre_bits = 5;
  for (int i = 0; i < 2; i++) { v->redist[i].vmcr &= ~(3ull << 24);
	for (int k = 1; k < 4; k++) v->redist[i].ap0r[k] = v->redist[i].ap1r[k] = 0; }
  v->redist[1].ap1r[2] = 1)
M(its_misaligned, v->its[0].base += 0x1000)
M(its_in_ram, v->its[1].base = 0x40100000ull)
M(its_overlap, v->its[1].base = v->its[0].base + 0x10000)
M(its_limits, v->its[0].max_devices = 65537)
M(its_magic, v->its[1].regs[0] ^= 1)
M(its_version, v->its[1].regs[4] = 2)
M(its_baser_out, snap_put64(v->its[0].regs + 56, 1ull << 63 | 0x80000000ull))
M(its_count, v->its_count = 5)
M(uart_cr, v->uart.cr |= 1u << 3)
M(uart_ris, v->uart.ris |= 1u << 11)
M(uart_rx, v->uart.rx_count = 33)
M(uart_tx_len, v->uart.tx_len = 160)
M(uart_tx_nl, v->uart.tx_len = 4; v->uart.tx[2] = '\n')
#undef M

static const struct {
	const char *name;
	void (*mutate)(struct snap_vm *v);
	const char *what;
} cases[] = {
	{ "name_empty", name_empty, "config: name is not" },
	{ "name_space", name_space, "config: name is not" },
	{ "mem_odd", mem_odd, "config: mem_size" },
	{ "ram_base_odd", ram_base_odd, "config: ram_base" },
	{ "ram_base_low", ram_base_low, "config: ram_base" },
	{ "kernel_empty", kernel_empty, "config: kernel" },
	{ "initrd_slash", initrd_slash, "config: initrd" },
	{ "cmdline_nl", cmdline_nl, "config: cmdline" },
	{ "freq_zero", freq_zero, "header: counter frequency is 0" },
	{ "version_ctl", version_ctl, "header: armhv version" },
	{ "power_3", power_3, "vcpu 1: power 3" },
	{ "mpidr", mpidr, "vcpu 1: mpidr 0x80000002" },
	{ "pstate_el2", pstate_el2, "vcpu 0: pstate" },
	{ "pstate_aarch32", pstate_aarch32, "mode 0x10 is not EL0t, EL1t or EL1h" },
	{ "pstate_res0", pstate_res0, "has bits outside" },
	{ "pstate_high", pstate_high, "vcpu 1: pstate 0x100000005 has bits outside" },
	{ "pauth_key", pauth_key, "vcpu 1: pointer-authentication key 3" },
	{ "cntv_ctl", cntv_ctl, "vcpu 0: CNTV_CTL 0x8" },
	{ "ptimer_ctl", ptimer_ctl, "vcpu 0: emulated CNTP_CTL 0x4" },
	{ "fpsr", fpsr, "vcpu 0: FPSR 0x100" },
	{ "fpcr", fpcr, "vcpu 0: FPCR 0x8" },
	{ "gicd_ctlr", gicd_ctlr, "vgic-dist: GICD_CTLR 0x10" },
	{ "lrs_0", lrs_0, "vgic-dist: 0 list registers" },
	{ "lrs_17", lrs_17, "vgic-dist: 17 list registers" },
	{ "pre_8", pre_8, "preemption <= 7" },
	{ "pri_below_pre", pri_below_pre, "5 priority and 6 preemption bits" },
	{ "route_irm", route_irm, "vgic-dist: SPI 36: route" },
	{ "target_missing", target_missing, "SPI 41: target vCPU 5 does not exist (2 vCPUs)" },
	{ "target_wrong", target_wrong, "SPI 41: target vCPU 0, but route 0x1 goes to vCPU 1" },
	{ "target_fallback", target_fallback, "route 0x100 goes to vCPU 0" },
	{ "spi_hw", spi_hw, "SPI 35: hw set" },
	{ "priv_route", priv_route, "vgic-redist 1: INTID 20: route 0x1" },
	{ "priv_target", priv_target, "vgic-redist 1: INTID 20: route 0x0, target 0" },
	{ "sgi_level", sgi_level, "vgic-redist 0: SGI 3: edge 0" },
	{ "sgi_line", sgi_line, "vgic-redist 0: SGI 3: edge 1, level 1" },
	{ "sgi_hw", sgi_hw, "vgic-redist 0: SGI 3: edge 1, level 0, hw 1" },
	{ "waker", waker, "vgic-redist 1: GICR_WAKER 0x4" },
	{ "propbaser_res0", propbaser_res0, "vgic-redist 0: GICR_PROPBASER" },
	{ "propbaser_differs", propbaser_differs, "vgic-redist 1: GICR_PROPBASER" },
	{ "pendbaser_ptz", pendbaser_ptz, "vgic-redist 0: GICR_PENDBASER" },
	{ "pend_outside", pend_outside, "vgic-redist 1: LPIs enabled with GICR_PENDBASER's table" },
	{ "pend_at_end", pend_at_end, "GICR_PENDBASER's table (0x40400000, 8192 bytes)" },
	{ "prop_outside", prop_outside, "the property table (0x3ffff000, 57344 bytes)" },
	{ "prop_straddles", prop_straddles, "the property table (0x403ff000, 57344 bytes)" },
	{ "vmcr_res0", vmcr_res0, "vgic-redist 0: ICH_VMCR_EL2 0x" },
	{ "vpmr_low", vpmr_low, "VPMR" },
	{ "apr_beyond", apr_beyond, "vgic-redist 1: active-priority register 2" },
	{ "its_misaligned", its_misaligned, "its 0: base 0x8081000" },
	{ "its_in_ram", its_in_ram, "its 1: frame at 0x40100000 overlaps guest RAM" },
	{ "its_overlap", its_overlap, "its 1: frame at 0x8090000 overlaps its 0's" },
	{ "its_limits", its_limits, "its 0: limits 65537 devices" },
	{ "its_magic", its_magic, "its 1: register blob magic" },
	{ "its_version", its_version, "its 1: register blob magic" },
	{ "its_baser_out", its_baser_out, "its 0: GITS_BASER1 valid" },
	{ "its_count", its_count, "its: 5 ITSes" },
	{ "uart_cr", uart_cr, "uart: UARTCR" },
	{ "uart_ris", uart_ris, "uart: UARTRIS" },
	{ "uart_rx", uart_rx, "uart: 33 bytes in the receive FIFO" },
	{ "uart_tx_len", uart_tx_len, "uart: output line of 160 bytes" },
	{ "uart_tx_nl", uart_tx_nl, "uart: output line byte 2 is 0x0a" },
};

static void values(void)
{
	struct membuf img = { 0 };
	struct snap_sink sink = mb_sink(&img);
	struct snap_ram_in in = ram_in(&ram);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char check_err[512];

		check_test = cases[i].name;
		vm = base;
		cases[i].mutate(&vm);
		expect(snap_check(&vm, err, sizeof(err)), SNAP_EINVAL, cases[i].what, cases[i].name);
		memcpy(check_err, err, sizeof(err));
		img.len = 0;
		expect(snap_encode(&vm, &in, &sink, NULL, NULL, err, sizeof(err)), SNAP_EINVAL,
		       cases[i].what, cases[i].name);
		CHECK_EQ(img.len, 0);	/* refused before a byte was written */
		if (vm.its_count > SNAP_MAX_ITS)
			continue;	/* the layout cannot hold it: see counts */
		CHECK_EQ(encode_raw(&vm, &ram, &img), 0);
		expect(decode(&img), SNAP_EINVAL, cases[i].what, cases[i].name);
		CHECK_STR(err, check_err);
	}
	mb_free(&img);
}

/* What the architecture and armhv allow stays allowed: an interrupt
 * pending and active (any kind; a hw one too, armhv holds its latch
 * until the guest deactivates it), an SPI routed to an affinity no vCPU
 * has (the guest may write it; armhv sends it to vCPU 0), LPI tables
 * anywhere while LPIs are off, all vCPUs off. */
static void allowed(void)
{
	struct membuf img = { 0 };

	vm = base;
	vm.dist.spi[0].pending = vm.dist.spi[0].active = true;
	vm.redist[0].priv[27].pending = vm.redist[0].priv[27].active = true;
	vm.redist[1].priv[2].pending = vm.redist[1].priv[2].active = true;
	vm.dist.spi[1].route = 0x0100010007ull;
	vm.dist.spi[1].target = 0;
	vm.dist.spi[2].route = 7;
	vm.dist.spi[2].target = 0;
	vm.redist[0].lpis_enabled = vm.redist[1].lpis_enabled = false;
	vm.redist[0].pendbaser = vm.redist[1].pendbaser = 0x000fffffffff0000ull;
	vm.redist[0].propbaser = vm.redist[1].propbaser = 0x000ffffffffff00full;
	vm.vcpu[0].power = vm.vcpu[1].power = SNAP_POWER_OFF;
	encode_vm(&vm, &ram, &img);
	CHECK_EQ(decode(&img), 0);
	CHECK(out.redist[0].priv[27].pending && out.redist[0].priv[27].active);
	/* LPIs on, with tables that end exactly at the end of RAM. */
	vm = base;
	for (int i = 0; i < 2; i++) {
		vm.redist[i].lpis_enabled = true;
		vm.redist[i].propbaser = (0x40000000ull + (4ull << 20) - 57344) | 15;
	}
	vm.redist[1].pendbaser = 0x40000000ull + (4ull << 20) - 0x10000;
	encode_vm(&vm, &ram, &img);
	CHECK_EQ(decode(&img), 0);
	mb_free(&img);
}

/* ---- fields only on disk ----------------------------------------------------------------- */

struct patch {
	const char *name;
	uint16_t type;
	uint32_t index;
	uint32_t off;
	int width;	/* 1, 4 or 8 bytes; 16: that many bytes of val */
	uint64_t val;
	const char *what;
};

static const struct patch patches[] = {
	{ "config_reserved", SNAP_SEC_CONFIG, 0, 36, 4, 1, "config: reserved byte 36" },
	{ "config_tail", SNAP_SEC_CONFIG, 0, 511, 1, 1, "config: reserved byte 511" },
	{ "name_no_nul", SNAP_SEC_CONFIG, 0, 0, 16, 'a', "config: name is not" },
	{ "name_garbage", SNAP_SEC_CONFIG, 0, 10, 1, 'x', "config: reserved byte 10" },
	{ "cmdline_garbage", SNAP_SEC_CONFIG, 0, 367, 1, 'x', "config: reserved byte 367" },
	{ "vcpu_id", SNAP_SEC_VCPU, 1, 0, 4, 0, "vcpu 1: id 0, but the section table says vcpu 1" },
	{ "vcpu_flags", SNAP_SEC_VCPU, 0, 480, 4, 3, "vcpu 0: flags 0x3" },
	{ "vcpu_reserved", SNAP_SEC_VCPU, 0, 484, 1, 1, "vcpu 0: reserved byte 484" },
	{ "vcpu_tail", SNAP_SEC_VCPU, 1, 1151, 1, 1, "vcpu 1: reserved byte 1151" },
	{ "dist_spis", SNAP_SEC_VGIC_DIST, 0, 4, 4, 255, "vgic-dist: 255 SPIs, format 1 has 256" },
	{ "dist_reserved", SNAP_SEC_VGIC_DIST, 0, 11, 1, 1, "vgic-dist: reserved byte 11" },
	{ "spi_flag7", SNAP_SEC_VGIC_DIST, 0, 32 + 16 * 5 + 9, 1, 0x80,
	  "vgic-dist: INTID 37: flags 0x80: bit 7" },
	{ "spi_reserved", SNAP_SEC_VGIC_DIST, 0, 32 + 16 * 3 + 15, 1, 1,
	  "vgic-dist: reserved byte 95" },
	{ "redist_ctlr", SNAP_SEC_VGIC_REDIST, 1, 4, 4, 2, "vgic-redist 1: GICR_CTLR 0x2" },
	{ "redist_private", SNAP_SEC_VGIC_REDIST, 0, 64, 4, 31,
	  "vgic-redist 0: 31 private interrupts" },
	{ "redist_reserved", SNAP_SEC_VGIC_REDIST, 0, 95, 1, 1, "vgic-redist 0: reserved byte 95" },
	{ "ppi_flag7", SNAP_SEC_VGIC_REDIST, 1, 96 + 16 * 20 + 9, 1, 0x81,
	  "vgic-redist 1: INTID 20: flags 0x81" },
	{ "its_reserved", SNAP_SEC_ITS, 1, 24, 1, 1, "its 1: reserved byte 24" },
	{ "uart_reserved", SNAP_SEC_UART, 0, 255, 1, 1, "uart: reserved byte 255" },
	{ "uart_rx_past", SNAP_SEC_UART, 0, 36, 4, 0, "uart: reserved byte 40" },
	{ "uart_tx_past", SNAP_SEC_UART, 0, 72, 4, 0, "uart: reserved byte 76" },
	{ "map_shift", SNAP_SEC_RAM_MAP, 0, 0, 4, 20, "ram-map: block size 2^20" },
	{ "map_blocks", SNAP_SEC_RAM_MAP, 0, 4, 4, 3, "ram-map: 3 blocks of 2 MiB, but mem_size is 4 MiB" },
	{ "map_huge", SNAP_SEC_RAM_MAP, 0, 4, 4, 0xffffffff, "at most 524288 blocks" },
	{ "map_present", SNAP_SEC_RAM_MAP, 0, 8, 4, 3, "ram-map: 3 of 2 blocks present" },
	{ "map_reserved", SNAP_SEC_RAM_MAP, 0, 12, 1, 1, "ram-map: reserved byte 12" },
};

static void put(uint8_t *p, int width, uint64_t v)
{
	if (width == 16)
		memset(p, (int)v, 16);
	else if (width == 1)
		*p = (uint8_t)v;
	else if (width == 4)
		snap_put32(p, (uint32_t)v);
	else
		snap_put64(p, v);
}

static void on_disk(void)
{
	struct part parts[MAX_PARTS];
	struct membuf img = { 0 };
	unsigned n;

	vm = base;
	vm.uart.rx_count = 3;	/* bytes past the count are padding */
	vm.uart.tx_len = 3;
	encode_vm(&vm, &ram, &img);
	n = split(&img, parts);
	for (size_t i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		const struct patch *pt = &patches[i];
		struct part *p = part_of(parts, n, pt->type, pt->index);
		uint8_t save[16];

		check_test = pt->name;
		memcpy(save, p->data + pt->off, sizeof(save));
		put(p->data + pt->off, pt->width, pt->val);
		if (!strcmp(pt->name, "uart_rx_past") || !strcmp(pt->name, "uart_tx_past"))
			put(p->data + pt->off + 4, 1, 0x41);
		build(parts, n, 1, 0, &img);
		expect(decode(&img), SNAP_EINVAL, pt->what, pt->name);
		memcpy(p->data + pt->off, save, sizeof(save));
	}
	build(parts, n, 1, 0, &img);
	CHECK_EQ(decode(&img), 0);
	parts_free(parts, n);
	mb_free(&img);
}

/* The RAM bitmap: a block past the memory, a count that disagrees. */
static void bitmap(void)
{
	struct part parts[MAX_PARTS];
	struct membuf img = { 0 };
	struct part *map;
	uint64_t w, orig;
	unsigned n;

	encode_vm(&base, &ram, &img);
	n = split(&img, parts);
	map = part_of(parts, n, SNAP_SEC_RAM_MAP, 0);
	orig = w = snap_get64(map->data + 16);
	CHECK_EQ(__builtin_popcountll(w), 1);
	snap_put64(map->data + 16, 1ull << 40);	/* the same count, past 2 blocks */
	build(parts, n, 1, 0, &img);
	expect(decode(&img), SNAP_EINVAL, "ram-map: bitmap names block 40, past the 2 blocks",
	       "bitmap_past");
	snap_put64(map->data + 16, 3);		/* two set, one counted */
	build(parts, n, 1, 0, &img);
	expect(decode(&img), SNAP_EINVAL, "ram-map: 1 blocks present, but the bitmap has 2",
	       "bitmap_count");
	snap_put64(map->data + 16, orig);
	build(parts, n, 1, 0, &img);
	CHECK_EQ(decode(&img), 0);
	parts_free(parts, n);
	mb_free(&img);
}

/* The header and the table: flags, reserved bytes, placement, padding. */
static void header_and_table(void)
{
	struct part parts[MAX_PARTS];
	struct membuf img = { 0 };
	uint64_t dist_end;
	unsigned n, d;

	encode_vm(&base, &ram, &img);
	n = split(&img, parts);
	d = (unsigned)(part_of(parts, n, SNAP_SEC_VGIC_DIST, 0) - parts);
#define AGAIN(off, val, what) do {				\
		build(parts, n, 1, 0, &img);			\
		img.p[off] = (uint8_t)(val);			\
		reseal(&img);					\
		expect(decode(&img), SNAP_EINVAL, what, #off);	\
	} while (0)
	AGAIN(40, 1, "header: flags 0x1");
	AGAIN(112, 1, "header: reserved byte 112");
	AGAIN(48 + 10, 'x', "header: armhv version not padded");
	AGAIN(48, 1, "header: armhv version is not");
	AGAIN(128 + 28, 1, "section table: reserved byte 28");
	AGAIN(128 + 2, 2, "section 0 (config): flags 0x2");
	build(parts, n, 1, 0, &img);
	snap_put64(img.p + 128 + 32 + 8, snap_get64(img.p + 128 + 32 + 8) + 64);
	reseal(&img);
	expect(decode(&img), SNAP_EFORMAT, "section 1 (vcpu): offset", "offset");
	build(parts, n, 1, 0, &img);
	snap_put32(img.p + 128 + 32 * (n - 1) + 24, 1);
	reseal(&img);
	expect(decode(&img), SNAP_EINVAL, "(ram): checksum field 0x00000001", "ram_crc");
	build(parts, n, 1, 0, &img);
	dist_end = snap_get64(img.p + 128 + 32 * d + 8) + parts[d].len;
	CHECK(dist_end % 64 != 0);	/* padding follows */
	img.p[dist_end + 1] = 7;
	expect(decode(&img), SNAP_EINVAL, "padding byte at", "padding");
	img.p[dist_end + 1] = 0;
	img.p[img.len - 1] ^= 1;	/* (RAM) */
	img.p[128 + 32 * (n - 1) - 1] ^= 1;	/* the table */
	expect(decode(&img), SNAP_ECRC, "section table: checksum", "table_crc");
	parts_free(parts, n);
	mb_free(&img);
#undef AGAIN
}

int main(void)
{
	struct vm_shape shape = { .vcpus = 2, .blocks = 2, .max_present = 1, .its = 2 };

	random_vm(&base, &ram, 11, &shape);
	RUN(values);
	RUN(allowed);
	RUN(on_disk);
	RUN(bitmap);
	RUN(header_and_table);
	free(ram);
	return check_summary("snapshot_check");
}
