/*
 * ITS model unit tests: translation of (DeviceID, EventID) and delivery
 * of LPIs (property table, INV, INT, GITS_TRANSLATER), the
 * redistributors' LPI tables (PROPBASER, PENDBASER, EnableLPIs) and
 * pending state written to and read from them.
 */
#include "its_test_util.h"

static void test_translate_and_deliver(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	struct its *its = &g->its[0];
	struct its_target t;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(5, 4, itt(0, 5), true)), 0);
	map_event(g, 0, 5, 3, 8200, 1);
	CHECK_EQ(its_translate(its, 5, 3, &t), ITS_XLATE_OK);
	CHECK_EQ(t.vcpu, 1);
	CHECK_EQ(t.intid, 8200);
	CHECK_EQ(its_translate(its, 5, 4, &t), ITS_XLATE_UNMAPPED);
	CHECK_EQ(its_translate(its, 6, 3, &t), ITS_XLATE_UNMAPPED);
	CHECK_EQ(its_translate(its, 0xffffffffu, 0xffffffffu, &t), ITS_XLATE_UNMAPPED);

	/* Disabled in the property table: pending but not delivered. */
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 8200, &info);
	CHECK(info.pending && !info.delivered);
	CHECK_EQ(g->f.on[8200], 0);
	/* Enable + INV: delivered to vCPU 1 with the configured priority. */
	guest_set_prop(g, 8200, PRIO_ON(0xa0));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(5, 3)), 0);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(g->f.prio[8200], 0xa0);
	/* A second MSI while pending changes nothing. */
	uint64_t delivers = g->f.delivers;
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	CHECK_EQ(g->f.delivers, delivers);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_OK);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_ERR_INVAL);
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(fake_ack(&g->f, &g->vm, 0, 8200), ITS_ERR_INVAL); /* wrong vCPU */
	/* INT command has the same effect. */
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8200), ITS_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(5, 3)), 0);
	CHECK_EQ(g->f.on[8200], 2);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(5, 9)), 0);
	CHECK_EQ(last_err(g, 0), ITS_CMDERR_INT_UNMAPPED_INTERRUPT);
	/* GITS_TRANSLATER from a vCPU uses the configured DeviceID (0). */
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(0, 2, itt(0, 0), true)), 0);
	map_event(g, 0, 0, 1, 8300, 0);
	guest_set_prop(g, 8300, PRIO_ON(0x10));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(0, 1)), 0);
	CHECK_EQ(its_mmio_write(its, GITS_TRANSLATER, 4, 1), ITS_OK);
	CHECK_EQ(g->f.on[8300], 1);
	CHECK_EQ(its_mmio_write(its, GITS_TRANSLATER, 2, 1), ITS_OK);
	/* Disabled ITS translates nothing. */
	mmio_w(its, GITS_CTLR, 0);
	CHECK_EQ(its_translate(its, 5, 3, &t), ITS_XLATE_DISABLED);
	CHECK_EQ(its_signal_msi(its, 5, 3), ITS_XLATE_DISABLED);
	finish(g);
}

static void test_redistributor_lpis(void)
{
	struct guest *g = &g_a;
	CHECK_EQ(guest_init(g, 2, 1, NULL), 0);
	/* Tables outside RAM: LPIs cannot be enabled. */
	CHECK_EQ(its_vm_write_propbaser(&g->vm, 0x10000000 | 15), ITS_OK);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 0, PEND), ITS_OK);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 0, true), ITS_ERR_FAULT);
	CHECK(!its_vm_lpis_enabled(&g->vm, 0));
	/* IDbits 13: LPIs 8192..16383 only. */
	CHECK_EQ(its_vm_write_propbaser(&g->vm, PROP | 13), ITS_OK);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 0, true), ITS_OK);
	CHECK_EQ(its_vm_write_propbaser(&g->vm, PROP | 15), ITS_ERR_BUSY);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 0, PEND + 0x10000), ITS_ERR_BUSY);
	CHECK_EQ(its_vm_read_pendbaser(&g->vm, 0), PEND);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 5, true), ITS_ERR_INVAL);
	struct its_layout l = layout(0);
	CHECK_EQ(guest_its_setup(g, 0, &l), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(0, 0, true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapc(1, 1, true)), 0);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 2, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 20000, 0);
	map_event(g, 0, 1, 1, 9000, 1);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 0), ITS_XLATE_OUT_OF_RANGE);
	CHECK_EQ(its_signal_msi(&g->its[0], 1, 1), ITS_XLATE_LPIS_OFF);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(1, 1)), 0); /* dropped, not an error */
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 9000, &info);
	CHECK(!info.pending);
	CHECK_EQ(its_vm_lpi_info(&g->vm, 100, &info), ITS_ERR_INVAL);
	finish(g);
}

static void test_pending_tables(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(1, 4, itt(0, 1), true)), 0);
	map_event(g, 0, 1, 0, 8192, 1);
	map_event(g, 0, 1, 1, 12345, 1);
	map_event(g, 0, 1, 2, 65535, 1);
	map_event(g, 0, 1, 3, 9000, 0);
	guest_set_prop(g, 12345, PRIO_ON(0x50));
	CHECK_EQ(guest_cmd(g, 0, cmd_invall(1)), 0);
	for (uint32_t ev = 0; ev < 4; ev++)
		CHECK_EQ(its_signal_msi(&g->its[0], 1, ev), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[12345], 2);
	/* Stale bits in vCPU 1's table are overwritten on write-back. */
	fake_fill(&g->f, PEND + 0x10000 + 1024, 7 * 1024, 0xff);
	/* EnableLPIs 1 -> 0: pending state goes to the table. */
	uint64_t w = g->f.withdraws;
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, false), ITS_OK);
	CHECK_EQ(g->f.withdraws, w + 1);
	uint8_t *pt = fake_ptr(&g->f, PEND + 0x10000, 8192);
	CHECK_EQ(pt[8192 / 8], 1);
	CHECK_EQ(pt[12345 / 8], 1u << (12345 % 8));
	CHECK_EQ(pt[65535 / 8], 0x80);
	CHECK_EQ(pt[9000 / 8], 0); /* pending on vCPU 0, not 1 */
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(!info.pending);
	its_vm_lpi_info(&g->vm, 9000, &info);
	CHECK(info.pending && info.vcpu == 0);
	/* 0 -> 1: read back, and delivered again. */
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, true), ITS_OK);
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(info.pending && info.vcpu == 1 && info.delivered);
	CHECK_EQ(g->f.on[12345], 2);
	its_vm_lpi_info(&g->vm, 65535, &info);
	CHECK(info.pending && info.vcpu == 1);
	/* PTZ: the table is declared zero and not read. */
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, false), ITS_OK);
	CHECK_EQ(its_vm_write_pendbaser(&g->vm, 1, (PEND + 0x10000) | (1ull << 62)), ITS_OK);
	CHECK_EQ(its_vm_read_pendbaser(&g->vm, 1) >> 62, 0);
	CHECK_EQ(its_vm_set_lpis_enabled(&g->vm, 1, true), ITS_OK);
	its_vm_lpi_info(&g->vm, 12345, &info);
	CHECK(!info.pending);
	finish(g);
}

static unsigned repends;
static uint32_t repend_vcpu, repend_intid;

static void count_repend(void *ctx, uint32_t vcpu, uint32_t intid)
{
	(void)ctx;
	repends++;
	repend_vcpu = vcpu;
	repend_intid = intid;
}

/* The optional repend callback: an MSI for an LPI still pending and
 * delivered on the same vCPU (the guest may have taken the first one
 * already); not for one that is pending but not delivered, nor once
 * acknowledged (that is a deliver), nor when it goes to another vCPU. */
static void test_repend(void)
{
	struct guest *g = &g_a;
	setup(g, 2, 1, NULL);
	g->vm.env.repend = count_repend;
	repends = 0;
	CHECK_EQ(guest_cmd(g, 0, cmd_mapd(2, 4, itt(0, 2), true)), 0);
	map_event(g, 0, 2, 0, 8400, 1);
	guest_set_prop(g, 8400, PRIO_ON(0x40));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 0)), 0);
	CHECK_EQ(its_signal_msi(&g->its[0], 2, 0), ITS_XLATE_OK);
	CHECK_EQ(g->f.on[8400], 2);
	CHECK_EQ(repends, 0);
	uint64_t delivers = g->f.delivers;
	CHECK_EQ(its_signal_msi(&g->its[0], 2, 0), ITS_XLATE_OK);
	CHECK_EQ(guest_cmd(g, 0, cmd_int(2, 0)), 0);
	CHECK_EQ(repends, 2);
	CHECK_EQ(repend_vcpu, 1);
	CHECK_EQ(repend_intid, 8400);
	CHECK_EQ(g->f.delivers, delivers);
	struct its_lpi_info info;
	its_vm_lpi_info(&g->vm, 8400, &info);
	CHECK(info.pending && info.delivered && info.vcpu == 1);
	/* Acknowledged: the next MSI is a deliver, not a repend. */
	CHECK_EQ(fake_ack(&g->f, &g->vm, 1, 8400), ITS_OK);
	CHECK_EQ(its_signal_msi(&g->its[0], 2, 0), ITS_XLATE_OK);
	CHECK_EQ(g->f.delivers, delivers + 1);
	CHECK_EQ(repends, 2);
	/* Pending but disabled (not delivered): nothing to repeat. */
	guest_set_prop(g, 8400, 0x40);
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 0)), 0);
	CHECK_EQ(g->f.on[8400], 0);
	CHECK_EQ(its_signal_msi(&g->its[0], 2, 0), ITS_XLATE_OK);
	CHECK_EQ(repends, 2);
	/* Enabled again, then its event moves to vCPU 0: a move, no repend. */
	guest_set_prop(g, 8400, PRIO_ON(0x40));
	CHECK_EQ(guest_cmd(g, 0, cmd_inv(2, 0)), 0);
	CHECK_EQ(g->f.on[8400], 2);
	CHECK_EQ(guest_cmd(g, 0, cmd_movi(2, 0, 0)), 0);
	CHECK_EQ(g->f.on[8400], 1);
	CHECK_EQ(its_signal_msi(&g->its[0], 2, 0), ITS_XLATE_OK);
	CHECK_EQ(repends, 3);
	CHECK_EQ(repend_vcpu, 0);
	finish(g);
}

int main(void)
{
	RUN(test_translate_and_deliver);
	RUN(test_redistributor_lpis);
	RUN(test_pending_tables);
	RUN(test_repend);
	return check_summary("its_lpi_test");
}
