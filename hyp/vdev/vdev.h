/* Emulated devices on a VM's MMIO bus (vm/mmio.c). A device answers
 * accesses of 1, 2, 4 or 8 bytes at an offset inside its window; what it
 * does not implement reads as zero and ignores writes, as the device's
 * specification says for reserved registers. */
#ifndef ARMHV_VDEV_H
#define ARMHV_VDEV_H

#include <arch/addr.h>
#include <arch/types.h>

struct vdev;

struct vdev_ops {
	/* vcpu: the vCPU making the access (running on this CPU). size is
	 * 1, 2, 4 or 8; off + size <= the window. Return 0, or -EINVAL for
	 * an access the device refuses (the guest then gets an external
	 * abort). */
	int (*read)(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t *val);
	int (*write)(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t val);
};

struct vdev {
	const char *name;
	ipaddr_t base;		/* guest-physical window: [base, base + size) */
	uint64_t size;
	const struct vdev_ops *ops;
};

#endif
