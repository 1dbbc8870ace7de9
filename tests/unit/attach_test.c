/* Host tests for `vm console`'s decisions (hyp/mgmt/attach.c): the escape,
 * input the guest does not read, the input ring when it is full, and when
 * the console lets go of a VM. */
#include <mgmt/attach.h>
#include "check.h"

static void escape_detaches(void)
{
	/* The escape detaches whatever the guest's FIFO and the ring say. */
	for (int room = 0; room < 2; room++)
		for (int queued = 0; queued < 2; queued++)
			CHECK_EQ(attach_input(ATTACH_ESCAPE, room, queued), ATTACH_DETACH);
	CHECK_EQ(ATTACH_ESCAPE, 0x1d);
}

static void other_bytes_go_to_the_guest(void)
{
	/* Every other byte, NUL, other control characters, ESC (the start of
	 * a terminal's escape sequences), Ctrl-A, DEL and 8-bit bytes
	 * included, is the guest's. */
	for (unsigned c = 0; c < 256; c++) {
		if (c == ATTACH_ESCAPE)
			continue;
		CHECK_EQ(attach_input((unsigned char)c, true, false), ATTACH_FORWARD);
		CHECK_EQ(attach_input((unsigned char)c, true, true), ATTACH_FORWARD);
		/* No room: it waits for the guest to read... */
		CHECK_EQ(attach_input((unsigned char)c, false, false), ATTACH_WAIT);
		/* ...unless the user has typed the escape behind it. */
		CHECK_EQ(attach_input((unsigned char)c, false, true), ATTACH_DROP);
	}
}

/* A sequence of bytes typed at a guest that reads `reads` of them, the
 * ring modelled as in console.c: what reaches the guest, and whether the
 * escape gets through. */
static void escape_after_unread_flood(void)
{
	enum { RING = 256 };
	unsigned char ring[RING];
	unsigned len = 0, fifo = 0, dropped = 0, forwarded = 0;
	bool detached = false;

	/* 1000 bytes nobody reads, then the escape. */
	for (unsigned i = 0; i <= 1000; i++) {
		unsigned char c = i == 1000 ? ATTACH_ESCAPE : (unsigned char)('a' + i % 26);

		switch (attach_ring_take(c, len == RING, true)) {
		case ATTACH_RING_APPEND:
			ring[len++] = c;
			break;
		case ATTACH_RING_REPLACE:
			ring[len - 1] = c;
			dropped++;
			break;
		case ATTACH_RING_DROP:
			dropped++;
			break;
		}
	}
	CHECK_EQ(len, RING);
	CHECK_EQ(ring[RING - 1], ATTACH_ESCAPE);
	/* The console's pass over the ring: 32 bytes fit the guest's FIFO,
	 * the rest is dropped because the escape waits behind it. */
	for (unsigned i = 0; i < len && !detached; i++) {
		bool queued = false;

		for (unsigned j = i + 1; j < len; j++)
			queued |= ring[j] == ATTACH_ESCAPE;
		switch (attach_input(ring[i], fifo < 32, queued)) {
		case ATTACH_FORWARD:
			fifo++;
			forwarded++;
			break;
		case ATTACH_DROP:
			dropped++;
			break;
		case ATTACH_DETACH:
			detached = true;
			break;
		case ATTACH_WAIT:
			CHECK(!"waits although the escape is queued");
			i = len;
			break;
		}
	}
	CHECK(detached);
	CHECK_EQ(forwarded, 32);
	CHECK_EQ(forwarded + dropped, 1000);
}

static void ring_when_full(void)
{
	CHECK_EQ(attach_ring_take('x', false, false), ATTACH_RING_APPEND);
	CHECK_EQ(attach_ring_take(ATTACH_ESCAPE, false, true), ATTACH_RING_APPEND);
	CHECK_EQ(attach_ring_take('x', true, true), ATTACH_RING_DROP);
	CHECK_EQ(attach_ring_take(0, true, true), ATTACH_RING_DROP);
	CHECK_EQ(attach_ring_take(ATTACH_ESCAPE, true, true), ATTACH_RING_REPLACE);
	/* Not attached: Ctrl-] means nothing to the command line. */
	CHECK_EQ(attach_ring_take(ATTACH_ESCAPE, true, false), ATTACH_RING_DROP);
}

static void vm_status(void)
{
	CHECK_EQ(attach_vm_status(true, false, false), ATTACH_STAY);
	/* A SYSTEM_RESET restarts it: the console stays, as on QEMU. */
	CHECK_EQ(attach_vm_status(true, true, true), ATTACH_STAY);
	CHECK_EQ(attach_vm_status(true, true, false), ATTACH_STOPPED);
	CHECK_EQ(attach_vm_status(false, false, false), ATTACH_GONE);
	CHECK_EQ(attach_vm_status(false, true, false), ATTACH_GONE);
	CHECK_EQ(attach_vm_status(false, true, true), ATTACH_GONE);
}

int main(void)
{
	RUN(escape_detaches);
	RUN(other_bytes_go_to_the_guest);
	RUN(escape_after_unread_flood);
	RUN(ring_when_full);
	RUN(vm_status);
	return check_summary("attach");
}
