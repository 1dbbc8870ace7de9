/* `armhv snapshot inspect`: the header, the sections and their sizes, the
 * VM's configuration, each vCPU's PC, which RAM blocks are there, and
 * whether the whole snapshot (RAM checksums included) is valid. Only what
 * the library has checked is printed. */
#include "snapcmd.h"

#include <inttypes.h>
#include <stdlib.h>

#define MAX_RANGES 32	/* RAM block ranges printed; the rest counted */

void snapcmd_print_toc(const struct snap_toc *toc, FILE *out)
{
	fprintf(out, "header: format %u.%u, armhv %s, saved at counter 0x%" PRIx64
		" (%" PRIu32 " Hz), %" PRIu64 " bytes\n", toc->major, toc->minor,
		toc->meta.armhv_version, toc->meta.created, toc->meta.counter_freq,
		toc->total_size);
	fprintf(out, "sections:\n");
	for (uint32_t i = 0; i < toc->count; i++) {
		const struct snap_section *s = &toc->sec[i];
		char name[32];

		if (s->type == SNAP_SEC_VCPU || s->type == SNAP_SEC_VGIC_REDIST ||
		    s->type == SNAP_SEC_ITS)
			snprintf(name, sizeof(name), "%s %" PRIu32, snap_section_name(s->type), s->index);
		else if (s->type > SNAP_SEC_RAM)
			snprintf(name, sizeof(name), "type %u (optional)", s->type);
		else
			snprintf(name, sizeof(name), "%s", snap_section_name(s->type));
		fprintf(out, "  %-22s offset 0x%-10" PRIx64 " length %" PRIu64 "\n", name, s->offset,
			s->length);
	}
}

static const char *power_name(uint32_t p)
{
	return p == SNAP_POWER_ON ? "on" : p == SNAP_POWER_ON_PENDING ? "on-pending" : "off";
}

static const char *mode_name(uint64_t pstate)
{
	switch (pstate & 0x1f) {
	case 0: return "EL0t";
	case 4: return "EL1t";
	default: return "EL1h";
	}
}

/* "0-3,5,8-40", at most MAX_RANGES ranges. */
static void print_blocks(const struct snap_ram *ram, FILE *out)
{
	unsigned ranges = 0, more = 0;

	for (uint32_t b = 0; b < ram->blocks; b++) {
		uint32_t e = b;

		if (!snap_block_present(ram, b))
			continue;
		while (e + 1 < ram->blocks && snap_block_present(ram, e + 1))
			e++;
		if (ranges++ < MAX_RANGES) {
			fprintf(out, "%s%" PRIu32, ranges > 1 ? "," : "", b);
			if (e > b)
				fprintf(out, "-%" PRIu32, e);
		} else {
			more++;
		}
		b = e;
	}
	if (more)
		fprintf(out, " and %u more ranges", more);
	fprintf(out, ranges ? "\n" : "none\n");
}

void snapcmd_print_vm(const struct snap_vm *vm, FILE *out)
{
	const struct snap_config *c = &vm->config;
	unsigned pending = 0, active = 0;

	fprintf(out, "config: vm %s, %" PRIu32 " vCPUs, %" PRIu64 " MiB of RAM at 0x%" PRIx64
		", kernel %s, initrd %s, cpus %s0x%" PRIx64 ", cmdline \"%s\"\n", c->name, c->vcpus,
		c->mem_size >> 20, c->ram_base, c->kernel, c->initrd[0] ? c->initrd : "none",
		c->cpu_mask ? "" : "any ", c->cpu_mask, c->cmdline);
	for (uint32_t i = 0; i < c->vcpus; i++) {
		const struct snap_vcpu *v = &vm->vcpu[i];

		fprintf(out, "vcpu %" PRIu32 ": %s, pc 0x%" PRIx64 ", pstate 0x%" PRIx64 " (%s)\n", i,
			power_name(v->power), v->pc, v->pstate, mode_name(v->pstate));
	}
	for (uint32_t i = 0; i < SNAP_NR_SPIS; i++) {
		pending += vm->dist.spi[i].pending;
		active += vm->dist.spi[i].active;
	}
	fprintf(out, "gic: GICD_CTLR 0x%" PRIx32 ", SPIs %u pending, %u active; saved with %u "
		"list registers, %u priority bits\n", vm->dist.ctlr, pending, active,
		vm->dist.nr_lrs, vm->dist.pri_bits);
	for (uint32_t i = 0; i < vm->its_count; i++)
		fprintf(out, "its %" PRIu32 ": frame at 0x%" PRIx64 "\n", i, vm->its[i].base);
	fprintf(out, "uart: %" PRIu32 " bytes to be read, %" PRIu32 " bytes of output not "
		"printed yet\n", vm->uart.rx_count, vm->uart.tx_len);
	fprintf(out, "ram: %" PRIu32 " blocks of 2 MiB, %" PRIu32 " present: ", vm->ram.blocks,
		vm->ram.present);
	print_blocks(&vm->ram, out);
}

/* Header and sections if they read, then everything else. */
static int report(const struct snap_source *src, const struct snap_store *st,
		  const struct snap_entry *e, const char *what, FILE *out, FILE *err)
{
	struct snap_toc *toc = malloc(sizeof(*toc));
	struct snap_vm *vm = malloc(sizeof(*vm));
	struct snap_store_reader rd;
	struct snap_source s = *src;
	uint8_t scratch[65536];
	char msg[512];
	int rc = SNAPCMD_INVALID;

	if (!toc || !vm) {
		fprintf(err, "armhv snapshot: out of memory\n");
		goto out;
	}
	if (snap_read_toc(src, toc, msg, sizeof(msg)))
		goto invalid;
	snapcmd_print_toc(toc, out);
	if (st ? snap_store_decode(st, e, &rd, &s, vm, toc, msg, sizeof(msg)) :
		 snap_decode(&s, vm, toc, msg, sizeof(msg)))
		goto invalid;
	snapcmd_print_vm(vm, out);
	if (snap_ram_verify(&s, vm, scratch, sizeof(scratch), msg, sizeof(msg)))
		goto invalid;
	fprintf(out, "validation: ok: header, %" PRIu32 " sections and %" PRIu32
		" RAM blocks checked\n", toc->count, vm->ram.present);
	rc = SNAPCMD_OK;
	goto out;
invalid:
	fprintf(out, "validation: FAILED: %s\n", msg);
	fprintf(err, "armhv snapshot: %s: invalid: %s\n", what, msg);
out:
	free(toc);
	free(vm);
	return rc;
}

int snapcmd_inspect_source(const struct snap_source *src, FILE *out, FILE *err)
{
	return report(src, NULL, NULL, "snapshot file", out, err);
}

int snapcmd_inspect_store(const struct snap_dev *dev, const char *name, FILE *out, FILE *err)
{
	struct snap_store *st = malloc(sizeof(*st));
	const struct snap_entry *e;
	struct snap_store_reader rd;
	struct snap_source src;
	char msg[512];
	int rc = SNAPCMD_NO_STORE;

	if (!st) {
		fprintf(err, "armhv snapshot: out of memory\n");
		return SNAPCMD_NO_STORE;
	}
	if (snap_store_open(st, dev, msg, sizeof(msg))) {
		fprintf(err, "armhv snapshot: %s\n", msg);
	} else if (!(e = snap_store_find(st, name))) {
		fprintf(err, "armhv snapshot: no snapshot named '%s' (armhv snapshot list shows "
			"them)\n", name);
	} else {
		fprintf(out, "snapshot %s: slot %u, seq %" PRIu64 ", %" PRIu64 " bytes at sector %"
			PRIu64 ", VM %s\n", e->name, (unsigned)(e - st->e), e->seq, e->bytes,
			e->start, e->vm_name);
		snap_store_source(st, e, &rd, &src);
		rc = report(&src, st, e, e->name, out, err);
	}
	free(st);
	return rc;
}
