/* QEMU's virt machine has 32 virtio-mmio transports at 0x0a000000; an
 * armhv VM has them too, all empty (device ID 0), so that a guest probing
 * them finds what it would on QEMU without -device (vdev/virtio_mmio.c). */
#ifndef ARMHV_VIRTIO_MMIO_H
#define ARMHV_VIRTIO_MMIO_H

#include <vdev/vdev.h>

struct virtio_mmio_empty {
	struct vdev dev;	/* first: the bus hands out &dev */
	uint64_t stride;	/* bytes per transport */
};

void virtio_mmio_empty_init(struct virtio_mmio_empty *v, ipaddr_t base,
			    uint64_t stride, unsigned count);

#endif
