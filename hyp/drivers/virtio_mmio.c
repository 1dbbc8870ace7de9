/* The virtio-mmio transport of a physical device (drivers/virtio_mmio.h):
 * only 32-bit, aligned register accesses, as the transport requires. */
#include <drivers/virtio_mmio.h>
#include <arch/mmio.h>
#include <arch/sysreg.h>
#include <arch/time.h>

int vmmio_probe(struct vmmio *t, paddr_t pa, vaddr_t regs)
{
	t->pa = pa;
	t->regs = regs;
	t->version = t->device_id = t->vendor_id = 0;
	if (mmio_read32(regs, VMMIO_MAGIC) != VMMIO_MAGIC_VALUE)
		return -ENODEV;
	t->version = mmio_read32(regs, VMMIO_VERSION);
	/* Read for a legacy device too (its register is at the same place),
	 * so that a refused block device can be named. */
	t->device_id = mmio_read32(regs, VMMIO_DEVICE_ID);
	if (!t->device_id)
		return -ENODEV;
	if (t->version != VMMIO_VERSION_MODERN)
		return -ENOTSUP;
	t->vendor_id = mmio_read32(regs, VMMIO_VENDOR_ID);
	return 0;
}

int vmmio_reset(struct vmmio *t)
{
	uint64_t t0 = time_ms();

	mmio_write32(t->regs, VMMIO_STATUS, 0);
	while (mmio_read32(t->regs, VMMIO_STATUS) != 0) {
		if (time_ms() - t0 > VMMIO_RESET_TIMEOUT_MS)
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

uint32_t vmmio_status(const struct vmmio *t)
{
	return mmio_read32(t->regs, VMMIO_STATUS);
}

void vmmio_add_status(struct vmmio *t, uint32_t bits)
{
	mmio_write32(t->regs, VMMIO_STATUS, mmio_read32(t->regs, VMMIO_STATUS) | bits);
}

uint64_t vmmio_device_features(struct vmmio *t)
{
	uint64_t f;

	mmio_write32(t->regs, VMMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)mmio_read32(t->regs, VMMIO_DEVICE_FEATURES) << 32;
	mmio_write32(t->regs, VMMIO_DEVICE_FEATURES_SEL, 0);
	return f | mmio_read32(t->regs, VMMIO_DEVICE_FEATURES);
}

void vmmio_set_driver_features(struct vmmio *t, uint64_t features)
{
	mmio_write32(t->regs, VMMIO_DRIVER_FEATURES_SEL, 1);
	mmio_write32(t->regs, VMMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	mmio_write32(t->regs, VMMIO_DRIVER_FEATURES_SEL, 0);
	mmio_write32(t->regs, VMMIO_DRIVER_FEATURES, (uint32_t)features);
}

int vmmio_queue_max(struct vmmio *t, uint32_t q)
{
	uint32_t max;

	mmio_write32(t->regs, VMMIO_QUEUE_SEL, q);
	if (mmio_read32(t->regs, VMMIO_QUEUE_READY))
		return -EBUSY;
	max = mmio_read32(t->regs, VMMIO_QUEUE_NUM_MAX);
	return max > 0x8000 ? 0x8000 : (int)max;	/* the split ring's limit */
}

void vmmio_queue_enable(struct vmmio *t, uint32_t q, uint16_t size, paddr_t desc,
			paddr_t driver, paddr_t device)
{
	mmio_write32(t->regs, VMMIO_QUEUE_SEL, q);
	mmio_write32(t->regs, VMMIO_QUEUE_NUM, size);
	mmio_write32(t->regs, VMMIO_QUEUE_DESC_LOW, (uint32_t)pa_addr(desc));
	mmio_write32(t->regs, VMMIO_QUEUE_DESC_HIGH, (uint32_t)(pa_addr(desc) >> 32));
	mmio_write32(t->regs, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)pa_addr(driver));
	mmio_write32(t->regs, VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(pa_addr(driver) >> 32));
	mmio_write32(t->regs, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)pa_addr(device));
	mmio_write32(t->regs, VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(pa_addr(device) >> 32));
	/* The rings' contents (zeroed, cleaned) before the device may look. */
	dsb(st);
	mmio_write32(t->regs, VMMIO_QUEUE_READY, 1);
}

void vmmio_notify(struct vmmio *t, uint32_t q)
{
	/* Every write that published the buffers is visible first. */
	dsb(st);
	mmio_write32(t->regs, VMMIO_QUEUE_NOTIFY, q);
}

void vmmio_ack_interrupts(struct vmmio *t)
{
	uint32_t causes = mmio_read32(t->regs, VMMIO_INTERRUPT_STATUS) & 3;	/* defined bits */

	if (causes)
		mmio_write32(t->regs, VMMIO_INTERRUPT_ACK, causes);
}

uint32_t vmmio_config_generation(const struct vmmio *t)
{
	return mmio_read32(t->regs, VMMIO_CONFIG_GENERATION);
}

uint32_t vmmio_config_read32(const struct vmmio *t, uint32_t off)
{
	return mmio_read32(t->regs, VMMIO_CONFIG + off);
}
