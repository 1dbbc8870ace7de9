/* `vm console NAME`'s decisions (mgmt/attach.h). Pure. */
#include <mgmt/attach.h>

enum attach_action attach_input(unsigned char c, bool room, bool escape_queued)
{
	if (c == ATTACH_ESCAPE)
		return ATTACH_DETACH;
	if (room)
		return ATTACH_FORWARD;
	if (escape_queued)
		return ATTACH_DROP;
	return ATTACH_WAIT;
}

enum attach_ring attach_ring_take(unsigned char c, bool ring_full, bool attached)
{
	if (!ring_full)
		return ATTACH_RING_APPEND;
	if (attached && c == ATTACH_ESCAPE)
		return ATTACH_RING_REPLACE;
	return ATTACH_RING_DROP;
}

enum attach_status attach_vm_status(bool exists, bool stopped, bool restarting)
{
	if (!exists)
		return ATTACH_GONE;
	if (stopped && !restarting)
		return ATTACH_STOPPED;
	return ATTACH_STAY;
}
