/* Guest timers (vm/timer.h). While a vCPU runs, its virtual timer's
 * physical interrupt (PPI 27) comes to armhv, which drops its priority but
 * leaves it active, and makes the guest's virtual PPI 27 pending in a list
 * register with the HW bit: when the guest deactivates it, the hardware
 * deactivates the physical one, so the interrupt's end costs no exit; if
 * the timer still asserts then, it fires again. While the vCPU is off its
 * CPU the physical PPI is inactive and its timer stopped; the vGIC keeps
 * the virtual interrupt's state, and loading the vCPU makes the physical
 * PPI active again while the guest holds the virtual one. */
#include <vm/timer.h>
#include <vm/vm.h>
#include <cpu/cpu.h>
#include <drivers/gic.h>
#include <arch/sysreg.h>
#include <arch/virt.h>

#define CNT_CTL_ENABLE	(1u << 0)
#define CNT_CTL_IMASK	(1u << 1)
#define CNT_CTL_ISTATUS	(1u << 2)

#define CNTHP_CTL_EL2	"s3_4_c14_c2_1"
#define CNTHP_CVAL_EL2	"s3_4_c14_c2_2"

static bool asserted(uint64_t ctl)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

static void set_phys_active(struct vcpu *v, bool active)
{
	gic_ppi_set_active(cpu_self()->gicr_va, PPI_VTIMER, active);
	v->vtimer_active = active;
}

void timer_init(struct vcpu *v)
{
	vgic_set_hw(&v->vm->vgic, v->id, VTIMER_INTID);
}

void timer_load(struct vcpu *v)
{
	struct vgic *g = &v->vm->vgic;
	unsigned state = vgic_hw_state(g, v->id, VTIMER_INTID);

	/* Fired while the vCPU was away (its timer is loaded now): as if
	 * taken just now. */
	if (!state && asserted(read_sysreg(cntv_ctl_el0))) {
		vgic_inject_hw(g, v->id, VTIMER_INTID);
		state = VGIC_HW_PENDING;
	}
	v->vtimer_active = false;
	if (state)
		set_phys_active(v, true);
}

void timer_fired(struct vcpu *v)
{
	/* gic_drop_priority() left it active: the guest deactivates it. */
	v->vtimer_active = true;
	vgic_inject_hw(&v->vm->vgic, v->id, VTIMER_INTID);
}

void timer_sync(struct vcpu *v)
{
	struct vgic *g = &v->vm->vgic;
	unsigned state = vgic_hw_state(g, v->id, VTIMER_INTID);

	if (!state) {
		/* Deactivated by the guest (and the physical one with it),
		 * or taken back some other way: inactive either way. */
		set_phys_active(v, false);
	} else if (state == VGIC_HW_PENDING && !asserted(read_sysreg(cntv_ctl_el0))) {
		/* Masked, stopped or re-armed before the guest took it: it
		 * no longer interrupts. */
		vgic_hw_withdraw(g, v->id, VTIMER_INTID);
		set_phys_active(v, false);
	}
}

void timer_put(struct vcpu *v)
{
	/* The next vCPU's timer must be able to interrupt; this one's
	 * state stays in the vGIC until it is loaded again. */
	if (v->vtimer_active)
		set_phys_active(v, false);
}

/* A timer whose interrupt the vGIC already has (pending, its line up, or
 * active in the guest) wakes nothing by its deadline: the vGIC says when
 * the vCPU can take it, as the CPU interface would. Otherwise a timer
 * still firing while the guest holds its interrupt active (or keeps it
 * disabled) would wake its vCPU from every WFI, and set every slice of
 * the vCPUs sharing its CPU to end at once (next_wakeup()): they would
 * barely run. */
uint64_t timer_wakeup(const struct vcpu *v)
{
	const struct vgic *g = &v->vm->vgic;
	uint64_t t = vgic_priv_raised(g, v->id, VTIMER_INTID) ? 0 : timer_deadline(v);
	uint64_t p = vgic_priv_raised(g, v->id, PTIMER_INTID) ? 0 : ptimer_deadline(v);

	return !t ? p : !p ? t : MIN(t, p);
}

bool timer_expired(const struct vcpu *v)
{
	uint64_t when = timer_wakeup(v);

	return when && read_sysreg(cntpct_el0) >= when;
}

#define SYS_CNTP_TVAL	ISS_SYS(3, 3, 14, 2, 0)
#define SYS_CNTP_CTL	ISS_SYS(3, 3, 14, 2, 1)
#define SYS_CNTP_CVAL	ISS_SYS(3, 3, 14, 2, 2)

uint64_t ptimer_deadline(const struct vcpu *v)
{
	if ((v->ptimer_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return 0;
	return MAX(v->ptimer_cval, 1);
}

void ptimer_sync(struct vcpu *v)
{
	uint64_t when = ptimer_deadline(v);
	bool line = when && read_sysreg(cntpct_el0) >= when;

	vgic_set_line(&v->vm->vgic, v->id, PTIMER_INTID, line);
}

bool ptimer_access(struct vcpu *v, uint64_t enc, bool read, uint64_t *val)
{
	uint64_t now = read_sysreg(cntpct_el0);

	switch (enc) {
	case SYS_CNTP_CTL:
		if (read)
			/* ISTATUS only while enabled, as the hardware and
			 * QEMU report it. */
			*val = v->ptimer_ctl | ((v->ptimer_ctl & CNT_CTL_ENABLE) &&
						now >= v->ptimer_cval ? CNT_CTL_ISTATUS : 0);
		else
			v->ptimer_ctl = *val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		break;
	case SYS_CNTP_CVAL:
		if (read)
			*val = v->ptimer_cval;
		else
			v->ptimer_cval = *val;
		break;
	case SYS_CNTP_TVAL:
		/* A signed 32-bit view of CVAL - count. */
		if (read)
			*val = (uint32_t)(v->ptimer_cval - now);
		else
			v->ptimer_cval = now + (uint64_t)(int64_t)(int32_t)(uint32_t)*val;
		break;
	default:
		return false;
	}
	ptimer_sync(v);
	return true;
}

void hyp_timer_for(const struct vcpu *v, uint64_t slice_end)
{
	uint64_t p = ptimer_deadline(v);

	/* Already fired: its line is up, and it stays up until the guest
	 * re-arms it (which traps); no need to be woken for it again. */
	if (p && p <= read_sysreg(cntpct_el0))
		p = 0;
	if (!slice_end || (p && p < slice_end))
		slice_end = p;
	hyp_timer_arm(slice_end);
}

uint64_t timer_deadline(const struct vcpu *v)
{
	uint64_t ctl = v->el1.cntv_ctl, cval = v->el1.cntv_cval, now, vnow;

	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return 0;
	/* Virtual count = physical count - CNTVOFF, modulo 2^64, and the
	 * timer fires once it is >= CVAL. Measured from the virtual count
	 * now, not as CVAL + CNTVOFF: a VM restored on a machine whose
	 * counter is behind its virtual count has a CNTVOFF "below zero"
	 * (vm_apply), and CVAL + CNTVOFF then wraps for every timer. */
	now = read_sysreg(cntpct_el0);
	vnow = now - v->vm->cntvoff;
	if (cval <= vnow)
		return MAX(now, 1);	/* fired already */
	if (cval - vnow > UINT64_MAX - now)
		return 0;		/* beyond the physical counter's range */
	return now + (cval - vnow);
}

void hyp_timer_arm(uint64_t when)
{
	if (when) {
		write_sysreg_s(CNTHP_CVAL_EL2, when);
		write_sysreg_s(CNTHP_CTL_EL2, CNT_CTL_ENABLE);
	} else {
		write_sysreg_s(CNTHP_CTL_EL2, 0);
	}
	isb();	/* armed or off before the CPU waits */
}
