/* `vm console NAME`: the decisions of an attached console, kept pure
 * (no I/O, no locks) so that host tests cover them (tests/unit/
 * attach_test.c). mgmt/console.c does the I/O. */
#ifndef ARMHV_MGMT_ATTACH_H
#define ARMHV_MGMT_ATTACH_H

#include <stdbool.h>
#include <stdint.h>

/* Ctrl-] (GS, 0x1d), as telnet's and virsh console's escape: one byte
 * that no text contains, that QEMU's stdio mux (Ctrl-A) leaves alone, and
 * that an ssh session between the user and armhv passes on (ssh's own
 * escape is `~.` at the start of a line). The guest never receives it. */
#define ATTACH_ESCAPE		0x1d
#define ATTACH_ESCAPE_NAME	"Ctrl-]"
enum attach_action {
	ATTACH_FORWARD,		/* type it into the VM's UART */
	ATTACH_WAIT,		/* keep it: the guest reads it later */
	ATTACH_DROP,		/* lose it: the guest does not read */
	ATTACH_DETACH,		/* the escape: back to armhv's console */
};

/* What to do with the next input byte c while attached. room: the VM's
 * receive FIFO takes a byte now; escape_queued: an escape is among the
 * bytes waiting behind c (the user wants out: what the guest does not
 * take now is dropped, not held). A byte the guest has no room for waits
 * in the console's input ring (the guest's read wakes the console). */
enum attach_action attach_input(unsigned char c, bool room, bool escape_queued);

enum attach_ring {
	ATTACH_RING_APPEND,	/* the ring has room */
	ATTACH_RING_DROP,	/* full: the byte is lost, as without vm console */
	ATTACH_RING_REPLACE,	/* full, attached, the escape: it takes the
				 * newest byte's place, so that the way out
				 * is never lost behind input nobody reads */
};

/* Where a byte read from the UART goes when the input ring is full or
 * not. */
enum attach_ring attach_ring_take(unsigned char c, bool ring_full, bool attached);

enum attach_status {
	ATTACH_STAY,		/* the VM runs (or restarts, or is not started yet) */
	ATTACH_STOPPED,		/* it stopped: detach, saying why */
	ATTACH_GONE,		/* it was destroyed (or its slot holds another VM) */
};

/* Whether to stay attached to the VM that was attached as name: exists:
 * its slot is in use and holds a VM of that name; stopped: it is stopped;
 * restarting: the stop is a SYSTEM_RESET's, and it starts again. */
enum attach_status attach_vm_status(bool exists, bool stopped, bool restarting);

#endif
