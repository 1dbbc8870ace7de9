/* Host tests for the VMID allocator. */
#include <vm/vmid.h>
#include "check.h"

int main(void)
{
	unsigned got[VMID_COUNT];

	/* 1..255, lowest first, never 0; then none. */
	for (unsigned i = 1; i < VMID_COUNT; i++) {
		got[i] = vmid_alloc();
		CHECK_EQ(got[i], i);
	}
	CHECK_EQ(vmid_alloc(), 0);
	CHECK_EQ(vmid_in_use(), VMID_COUNT - 1);
	/* A freed VMID is the next one given; 0 and out-of-range frees do
	 * nothing. */
	vmid_free(37);
	vmid_free(0);
	vmid_free(VMID_COUNT);
	CHECK_EQ(vmid_in_use(), VMID_COUNT - 2);
	CHECK_EQ(vmid_alloc(), 37);
	CHECK_EQ(vmid_alloc(), 0);
	/* Recycling many times never hands out one VMID twice. */
	for (unsigned round = 0; round < 1000; round++) {
		unsigned a = 1 + (round * 7) % (VMID_COUNT - 1);

		vmid_free(a);
		CHECK_EQ(vmid_alloc(), a);
	}
	for (unsigned i = 1; i < VMID_COUNT; i++)
		vmid_free(i);
	CHECK_EQ(vmid_in_use(), 0);
	return check_summary("vmid");
}
