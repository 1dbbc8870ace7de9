/*
 * bench-exits.S with only its IPI ping-pong (bench/vm runs it in a VM
 * whose two vCPUs share one CPU, so that each IPI ends a WFI and switches
 * from one vCPU to the other; docs/benchmarks.md). Same output format,
 * "bench-exits: ..." lines.
 */
#define SWITCH_ONLY
#include "bench-exits.S"
