/* Virtual machines (docs/vm.md). A VM looks to its guest like QEMU's
 * `-M virt,gic-version=3` machine: the guest-physical map below. */
#ifndef ARMHV_VM_H
#define ARMHV_VM_H

#include <arch/types.h>
#include <lib/spinlock.h>
#include <vm/vcpu.h>
#include <vdev/pl011.h>
#include <vdev/virtio_mmio.h>
#include <vdev/gicv3.h>
#include <vgic/vgic.h>
#include <mm/mmu.h>
#include <dt/machine.h>
#include <vm/config.h>
#include <vm/its.h>
#include <vm/ram.h>
#include <vm/mmio_index.h>

/* The guest-physical map, as QEMU's virt machine has it. */
#define GUEST_GICD_BASE		UL(0x08000000)
#define GUEST_GICD_SIZE		UL(0x00010000)
#define GUEST_ITS_BASE		UL(0x08080000)	/* the ITS frame, 128 KiB */
#define GUEST_GICR_BASE		UL(0x080a0000)
#define GUEST_GICR_STRIDE	UL(0x00020000)	/* RD + SGI frame per vCPU */
#define GUEST_UART_BASE		UL(0x09000000)
#define GUEST_UART_SIZE		UL(0x00001000)
#define GUEST_UART_SPI		1		/* INTID 33 */
#define GUEST_VIRTIO_BASE	UL(0x0a000000)
#define GUEST_VIRTIO_STRIDE	UL(0x200)
#define GUEST_VIRTIO_COUNT	32
#define GUEST_VIRTIO_SPI	16		/* INTIDs 48 onwards */
#define GUEST_RAM_BASE		UL(0x40000000)
#define GUEST_KERNEL_OFFSET	UL(0x80000)	/* a raw image, as QEMU -kernel */

#define VM_MAX			8

enum vm_state {
	VM_CREATED,	/* built, not started */
	VM_RUNNING,
	VM_STOPPED,	/* SYSTEM_OFF, `vm stop` or a fatal guest error */
	VM_PAUSED,	/* `vm pause`: no vCPU runs until `vm resume` */
};

/* What stopped a VM, for `vm wait` and `vm list`. */
enum vm_stop_reason {
	VM_STOP_NONE,
	VM_STOP_SYSTEM_OFF,
	VM_STOP_CONSOLE,	/* vm stop */
	VM_STOP_RESET,		/* SYSTEM_RESET: it starts again */
	VM_STOP_FATAL,		/* a guest error armhv cannot answer */
	VM_STOP_HOST,		/* armhv powers off, reboots or kexecs */
};

/* Exits counted by kind, for `vm list`. */
enum vm_exit_kind {
	VM_EXIT_HVC,
	VM_EXIT_SMC,
	VM_EXIT_MMIO,
	VM_EXIT_SYSREG,
	VM_EXIT_WFX,
	VM_EXIT_IRQ,
	VM_EXIT_ABORT,		/* external abort injected */
	VM_EXIT_UNDEF,		/* UNDEFINED injected */
	VM_EXIT_RAM,		/* first touch of a RAM block (vm/ram.c) */
	VM_EXIT_KIND_COUNT,
};

#define VM_MAX_VDEVS		6
_Static_assert(VM_MAX_VDEVS <= MMIO_MAX_DEVS, "the MMIO index holds every device");
_Static_assert(GUEST_GICD_BASE == MMIO_WINDOW_BASE, "the MMIO index starts at the lowest device");

struct vm {
	bool used;
	struct vm_config cfg;
	enum vm_state state;
	enum vm_stop_reason stop_reason;
	unsigned resets;		/* SYSTEM_RESETs so far */
	spinlock_t lock;		/* vCPU power states */
	unsigned vmid;
	struct vm_ram ram;		/* zeroed on first touch (vm/ram.h) */
	struct mmu_s2 s2;
	uint64_t vtcr, vttbr;		/* VTTBR_EL2 with the VMID */
	uint64_t cntvoff;
	bool pauth;			/* the CPU has pointer-auth keys to switch */
	struct vcpu vcpu[VM_MAX_VCPUS];
	uint64_t exits[VM_EXIT_KIND_COUNT];
	/* Entry of the boot vCPU: the kernel, x0 = the device tree. */
	ipaddr_t entry_ipa, dtb_ipa;
	ipaddr_t initrd_ipa;
	uint64_t initrd_size;
	struct vdev *vdevs[VM_MAX_VDEVS];
	unsigned vdev_count;
	struct mmio_index mmio;		/* vdevs by address (vm/mmio.c) */
	struct vpl011 uart;
	struct virtio_mmio_empty virtio;
	struct vgic vgic;
	struct vgicv3_frames gic_frames;
	struct vm_its its;		/* the ITS's memory (vm/its.c) */
};

/* Hooks VMs into every CPU's idle loop (once, at boot). */
void vm_init(void);
/* Creates and starts the VMs the boot module `vms` names, if there is one
 * (vm/boot.c, docs/vm.md): on the boot CPU, at the runtime stage, once
 * every CPU has started. A bad line is logged and skipped. */
void vm_boot_start(void);
/* Builds a VM from cfg (RAM, stage-2, images, device tree), not started.
 * Returns it, or NULL with a reason in err. */
struct vm *vm_create(const struct vm_config *cfg, char *err, size_t err_size);
int vm_start(struct vm *vm);
/* For a restore (vm/save.c): a VM built as vm_create builds one, but
 * without its images or device tree and every vCPU off, its RAM ram
 * (from vm_ram_alloc, filled from the snapshot and checked: the VM's
 * from this call on, freed with it or here if this fails; no block ready
 * yet: vm_ram_block_filled each one filled); vm_apply() then gives it its
 * state, and vm_start_restored() runs it with that state (vm_start would
 * reset its counter). Discarded with vm_destroy(). */
struct vm *vm_create_empty(const struct vm_config *cfg, paddr_t ram, char *err, size_t err_size);
int vm_start_restored(struct vm *vm);
/* Takes every vCPU out of the guest and keeps it out (`vm pause`), with
 * all of its state in its struct vcpu and vGIC; its counter runs on.
 * -EBUSY unless running; -ETIMEDOUT (and running again) if a vCPU would
 * not leave its CPU in time. */
int vm_pause(struct vm *vm);
/* Lets a paused VM run again; -EBUSY unless paused. */
int vm_resume(struct vm *vm);
/* Stops its vCPUs and waits (bounded) until none runs; false if one
 * still does. */
bool vm_stop(struct vm *vm, enum vm_stop_reason why);
/* Stops it if needed and gives everything back; -EBUSY (and nothing
 * freed) if a vCPU would not stop. */
int vm_destroy(struct vm *vm);
/* Sends every CPU that runs one of its vCPUs the wake-up SGI. */
void vm_kick(struct vm *vm);
struct vm *vm_find(const char *name);
/* The VM slots, for listing. */
struct vm *vm_at(unsigned i);
/* From a vCPU of the VM (guest SYSTEM_OFF/RESET, a fatal error): marks it
 * stopping; its vCPUs give their CPUs back on their next exit. */
void vm_request_stop(struct vm *vm, enum vm_stop_reason why);
/* Called (from any CPU) when a VM stops or is destroyed: the console,
 * attached to it by `vm console`, must notice (mgmt/console.c). */
void vm_set_stop_hook(void (*fn)(struct vm *vm));
/* Work the console CPU does for VMs: restarting those that reset. */
void vm_housekeeping(void);
const char *vm_state_name(enum vm_state s);
const char *vm_stop_name(enum vm_stop_reason r);
const char *vm_exit_name(enum vm_exit_kind k);

#endif
