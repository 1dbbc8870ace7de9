/* Empty virtio-mmio transports (virtio 1.2, 4.2.2): magic, version 2,
 * device ID 0 ("no device"), QEMU's vendor ID; every other register
 * reads as zero and ignores writes. */
#include <vdev/virtio_mmio.h>

#define VIRTIO_MAGIC		0x74726976	/* "virt" */
#define VIRTIO_VERSION		2
#define VIRTIO_VENDOR_QEMU	0x554d4551	/* "QEMU" */

#define REG_MAGIC	0x000
#define REG_VERSION	0x004
#define REG_DEVICE_ID	0x008
#define REG_VENDOR_ID	0x00c

static int empty_read(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t *val)
{
	/* Each transport answers at its own offset in the window. */
	uint64_t reg = off % ((struct virtio_mmio_empty *)d)->stride;
	uint32_t v = 0;

	if (size != 4)
		return -EINVAL;	/* the transport's registers are 32-bit */
	switch (reg) {
	case REG_MAGIC: v = VIRTIO_MAGIC; break;
	case REG_VERSION: v = VIRTIO_VERSION; break;
	case REG_DEVICE_ID: v = 0; break;
	case REG_VENDOR_ID: v = VIRTIO_VENDOR_QEMU; break;
	default: break;
	}
	*val = v;
	return 0;
}

static int empty_write(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	return size == 4 ? 0 : -EINVAL;
}

static const struct vdev_ops empty_ops = { .read = empty_read, .write = empty_write };

void virtio_mmio_empty_init(struct virtio_mmio_empty *v, ipaddr_t base, uint64_t stride,
			    unsigned count)
{
	v->dev = (struct vdev){ .name = "virtio-mmio", .base = base,
				.size = stride * count, .ops = &empty_ops };
	v->stride = stride;
}
