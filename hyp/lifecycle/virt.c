/* The virtualization usage count (lifecycle/virt.h).
 *
 * "Enabled" on a CPU means: checked (a GICv3 virtual CPU interface, an IPA
 * size VMs can use, the same list registers as the boot CPU, so a vCPU can
 * move between CPUs) and set to a clean guest-ready state (no stale
 * VTTBR, virtual CPU interface off, guest traps off until a vCPU is
 * loaded). Disabled, a CPU has nothing of a guest left in its EL2
 * registers: what a next image (kexec) or a CPU going off finds. The
 * world switch (vm/vcpu.c) programs the per-vCPU controls on load and
 * clears them on put; it runs vCPUs only on enabled CPUs.
 */
#include <lifecycle/virt.h>
#include <cpu/cpu.h>
#include <lib/log.h>
#include <lib/spinlock.h>
#include <arch/sysreg.h>
#include <arch/virt.h>
#include <stdio.h>

#define ICH_HCR_EL2	"s3_4_c12_c11_0"
#define ICH_VTR_EL2	"s3_4_c12_c11_1"
#define VMS_MIN_PA_BITS	40	/* VMs use 40-bit IPAs */

static spinlock_t virt_lock = SPINLOCK_INIT;
static unsigned users;
static uint64_t boot_vtr;	/* ICH_VTR_EL2 of the first CPU enabled */

/* On the CPU itself: what VMs rely on. NULL if fine, else why not. */
static const char *incompatible(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	uint64_t vtr;

	if (((pfr0 >> 24) & 0xf) == 0)
		return "no GIC system-register interface";
	if (cpu_pa_bits() < VMS_MIN_PA_BITS)
		return "physical addresses below 40 bits";
	vtr = read_sysreg_s(ICH_VTR_EL2);
	if (boot_vtr && vtr != boot_vtr)
		return "a virtual CPU interface unlike the other CPUs' (ICH_VTR_EL2)";
	return NULL;
}

static void clean_state(void)
{
	write_sysreg(vttbr_el2, 0);
	write_sysreg_s(ICH_HCR_EL2, 0);
	write_sysreg(hcr_el2, HCR_EL2_RW);
	write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
	write_sysreg(cntvoff_el2, 0);
	isb();	/* no guest control left before anything else runs */
}

struct change {
	bool on;
	const char *why;	/* out: a refusal */
};

/* Run on each CPU (cpu_call), or by the CPU itself. */
static void change_here(void *arg)
{
	struct change *c = arg;
	unsigned me = this_cpu();

	if (c->on) {
		c->why = incompatible();
		if (c->why)
			return;
		if (!boot_vtr)
			boot_vtr = read_sysreg_s(ICH_VTR_EL2);
	}
	clean_state();
	__atomic_store_n(&cpus[me].virt_enabled, c->on, __ATOMIC_RELEASE);
}

static int change_all(bool on, char *err, size_t err_size)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		struct change c = { .on = on };
		int ret;

		if (cpu_state(&cpus[i]) != CPU_ONLINE)
			continue;
		if (i == this_cpu()) {
			change_here(&c);
			ret = 0;
		} else {
			ret = cpu_call(i, change_here, &c);
		}
		if (on && (ret || c.why)) {
			snprintf(err, err_size, "cpu%u cannot run VMs: %s", i,
				 c.why ? c.why : "it did not answer");
			/* Unwind: the CPUs enabled so far go back off. */
			change_all(false, NULL, 0);
			return -ENODEV;
		}
	}
	if (!on)
		boot_vtr = 0;
	return 0;
}

int virt_get(char *err, size_t err_size)
{
	int ret = 0;

	spin_lock(&virt_lock);
	if (users == 0) {
		ret = change_all(true, err, err_size);
		if (!ret)
			log_info("virtualization enabled on every online CPU");
	}
	if (!ret)
		users++;
	spin_unlock(&virt_lock);
	return ret;
}

void virt_put(void)
{
	spin_lock(&virt_lock);
	if (users && --users == 0) {
		change_all(false, NULL, 0);
		log_info("virtualization disabled on every online CPU (no VM left)");
	}
	spin_unlock(&virt_lock);
}

bool virt_cpu_join(void)
{
	struct change c = { .on = true };
	bool ok = true;

	spin_lock(&virt_lock);
	if (users) {
		change_here(&c);
		if (c.why) {
			log_warn("cannot run vCPUs: %s", c.why);
			ok = false;
		}
	} else {
		c.on = false;
		change_here(&c);	/* whatever a previous life left */
	}
	spin_unlock(&virt_lock);
	return ok;
}

bool virt_cpu_enabled(unsigned cpu)
{
	return cpu < cpu_count && __atomic_load_n(&cpus[cpu].virt_enabled, __ATOMIC_ACQUIRE);
}

void virt_cpu_leave(void)
{
	clean_state();
	__atomic_store_n(&cpu_self()->virt_enabled, false, __ATOMIC_RELEASE);
}

unsigned virt_users(void)
{
	return users;
}
