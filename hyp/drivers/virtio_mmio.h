/* The virtio-mmio transport (virtio 1.x, "Virtio Over MMIO") as a driver
 * of a physical device: its registers, the status handshake, feature
 * negotiation and one queue's set-up. Only the modern interface (Version
 * 2) is driven; a legacy device (Version 1) is refused. The guest side,
 * the empty transports inside VMs, is vdev/virtio_mmio.c. */
#ifndef ARMHV_DRIVERS_VIRTIO_MMIO_H
#define ARMHV_DRIVERS_VIRTIO_MMIO_H

#include <arch/types.h>

/* Registers (32-bit each) and the device-specific configuration space. */
#define VMMIO_MAGIC		0x000
#define VMMIO_VERSION		0x004
#define VMMIO_DEVICE_ID		0x008
#define VMMIO_VENDOR_ID		0x00c
#define VMMIO_DEVICE_FEATURES	0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES	0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL		0x030
#define VMMIO_QUEUE_NUM_MAX	0x034
#define VMMIO_QUEUE_NUM		0x038
#define VMMIO_QUEUE_READY	0x044
#define VMMIO_QUEUE_NOTIFY	0x050
#define VMMIO_INTERRUPT_STATUS	0x060
#define VMMIO_INTERRUPT_ACK	0x064
#define VMMIO_STATUS		0x070
#define VMMIO_QUEUE_DESC_LOW	0x080
#define VMMIO_QUEUE_DESC_HIGH	0x084
#define VMMIO_QUEUE_DRIVER_LOW	0x090
#define VMMIO_QUEUE_DRIVER_HIGH	0x094
#define VMMIO_QUEUE_DEVICE_LOW	0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VMMIO_CONFIG_GENERATION	0x0fc
#define VMMIO_CONFIG		0x100

#define VMMIO_MAGIC_VALUE	0x74726976	/* "virt" */
#define VMMIO_VERSION_LEGACY	1
#define VMMIO_VERSION_MODERN	2

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Transport feature bits armhv knows of. */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_F_RING_PACKED		34

#define VIRTIO_ID_BLOCK			2

/* How long a reset may take before the device is given up. */
#define VMMIO_RESET_TIMEOUT_MS		1000

struct vmmio {
	paddr_t pa;		/* the register window */
	vaddr_t regs;		/* mapped (mmio_map) */
	uint32_t version;
	uint32_t device_id;
	uint32_t vendor_id;
};

/* Reads the identity of the transport at regs (its window at pa): 0 with
 * t filled in for a modern device; -ENODEV for no device (DeviceID 0) or
 * a bad magic value (nothing else is read then); -ENOTSUP for any other
 * version than 2 (t->version and t->device_id say which; legacy devices
 * are refused by the caller with a log line). */
int vmmio_probe(struct vmmio *t, paddr_t pa, vaddr_t regs);

/* Writes 0 to the status and waits, at most VMMIO_RESET_TIMEOUT_MS, for
 * it to read back 0: the device then has stopped using every queue and
 * address it was given. 0, or -ETIMEDOUT. */
int vmmio_reset(struct vmmio *t);
uint32_t vmmio_status(const struct vmmio *t);
/* Adds bits to the status (the handshake only ever adds). */
void vmmio_add_status(struct vmmio *t, uint32_t bits);

/* The device's 64 feature bits, and the driver's choice of them. */
uint64_t vmmio_device_features(struct vmmio *t);
void vmmio_set_driver_features(struct vmmio *t, uint64_t features);

/* Queue q's largest size the device takes: 0 if it has no such queue,
 * -EBUSY (negative) if the queue is already live. */
int vmmio_queue_max(struct vmmio *t, uint32_t q);
/* Gives queue q of size entries its three areas and makes it live. */
void vmmio_queue_enable(struct vmmio *t, uint32_t q, uint16_t size, paddr_t desc,
			paddr_t driver, paddr_t device);
/* Tells the device that queue q has new buffers (after the writes that
 * published them). */
void vmmio_notify(struct vmmio *t, uint32_t q);
/* Acknowledges every interrupt cause the device shows (armhv polls, but
 * leaves the line quiet). */
void vmmio_ack_interrupts(struct vmmio *t);

/* The configuration space: its generation counter, and its 32-bit fields
 * (64-bit ones are read as two, inside a generation check). */
uint32_t vmmio_config_generation(const struct vmmio *t);
uint32_t vmmio_config_read32(const struct vmmio *t, uint32_t off);

#endif
