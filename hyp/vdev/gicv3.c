/* The virtual GICv3's frames on the MMIO bus: offsets into the
 * distributor, into the redistributor of the vCPU whose frames hold
 * the address, or into the ITS's frame. */
#include <vdev/gicv3.h>
#include <vgic/lpi.h>

static struct vgicv3_frames *of_dist(struct vdev *d)
{
	return (struct vgicv3_frames *)d;	/* dist is the first member */
}

static struct vgicv3_frames *of_redist(struct vdev *d)
{
	return (struct vgicv3_frames *)((char *)d - __builtin_offsetof(struct vgicv3_frames, redist));
}

static int dist_read(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t *val)
{
	return vgic_dist_read(of_dist(d)->g, vcpu, off, size, val);
}

static int dist_write(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	vgic_dist_write(of_dist(d)->g, vcpu, off, size, val);
	return 0;
}

static int redist_read(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size,
		       uint64_t *val)
{
	*val = vgic_redist_read(of_redist(d)->g, vcpu, (unsigned)(off / of_redist(d)->stride),
				off % of_redist(d)->stride, size);
	return 0;
}

static int redist_write(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size,
			uint64_t val)
{
	vgic_redist_write(of_redist(d)->g, vcpu, (unsigned)(off / of_redist(d)->stride),
			  off % of_redist(d)->stride, size, val);
	return 0;
}

static struct vgicv3_frames *of_its(struct vdev *d)
{
	return (struct vgicv3_frames *)((char *)d - __builtin_offsetof(struct vgicv3_frames, its));
}

static int its_read(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t *val)
{
	*val = vgic_its_read(of_its(d)->g, vcpu, off, size);
	return 0;
}

static int its_write(struct vdev *d, unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	vgic_its_write(of_its(d)->g, vcpu, off, size, val);
	return 0;
}

static const struct vdev_ops dist_ops = { .read = dist_read, .write = dist_write };
static const struct vdev_ops redist_ops = { .read = redist_read, .write = redist_write };
static const struct vdev_ops its_ops = { .read = its_read, .write = its_write };

void vgicv3_frames_init(struct vgicv3_frames *f, struct vgic *g, ipaddr_t dist_base,
			ipaddr_t redist_base, uint64_t redist_stride)
{
	f->g = g;
	f->stride = redist_stride;
	f->dist = (struct vdev){ .name = "gicd", .base = dist_base, .size = 0x10000,
				 .ops = &dist_ops };
	f->redist = (struct vdev){ .name = "gicr", .base = redist_base,
				   .size = redist_stride * g->nr_vcpus, .ops = &redist_ops };
}

void vgicv3_its_frame_init(struct vgicv3_frames *f, ipaddr_t its_base)
{
	f->its = (struct vdev){ .name = "gits", .base = its_base, .size = ITS_FRAME_SIZE,
				.ops = &its_ops };
}
