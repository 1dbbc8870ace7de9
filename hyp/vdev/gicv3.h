/* The virtual GICv3's register frames on a VM's MMIO bus: the
 * distributor, the redistributors and the ITS (vdev/gicv3.c over vgic/). */
#ifndef ARMHV_VDEV_GICV3_H
#define ARMHV_VDEV_GICV3_H

#include <vdev/vdev.h>
#include <vgic/vgic.h>

struct vgicv3_frames {
	struct vdev dist, redist, its;
	struct vgic *g;
	uint64_t stride;	/* bytes of frames per vCPU */
};

void vgicv3_frames_init(struct vgicv3_frames *f, struct vgic *g, ipaddr_t dist_base,
			ipaddr_t redist_base, uint64_t redist_stride);
/* The ITS's frame (ITS_FRAME_SIZE bytes) at its_base, for a vGIC with
 * LPIs (vgic/lpi.h); registered like the others, from f->its. */
void vgicv3_its_frame_init(struct vgicv3_frames *f, ipaddr_t its_base);

#endif
