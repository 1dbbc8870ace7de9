/* VMID allocation (vm/vmid.h): a bitmap, lowest first. */
#include <vm/vmid.h>
#include <lib/spinlock.h>

static uint64_t used[VMID_COUNT / 64] = { 1 };	/* VMID 0: never */
static spinlock_t vmid_lock = SPINLOCK_INIT;

unsigned vmid_alloc(void)
{
	unsigned found = 0;

	spin_lock(&vmid_lock);
	for (unsigned i = 1; i < VMID_COUNT; i++) {
		if (!(used[i / 64] & (1ULL << (i % 64)))) {
			used[i / 64] |= 1ULL << (i % 64);
			found = i;
			break;
		}
	}
	spin_unlock(&vmid_lock);
	return found;
}

void vmid_free(unsigned vmid)
{
	if (vmid == 0 || vmid >= VMID_COUNT)
		return;
	spin_lock(&vmid_lock);
	used[vmid / 64] &= ~(1ULL << (vmid % 64));
	spin_unlock(&vmid_lock);
}

unsigned vmid_in_use(void)
{
	unsigned n = 0;

	for (unsigned i = 1; i < VMID_COUNT; i++)
		n += (used[i / 64] >> (i % 64)) & 1;
	return n;
}

