#ifndef ARMHV_MEMORY_H
#define ARMHV_MEMORY_H
#include <dt/machine.h>
/* Sets up the page allocator and the linear map from the machine. */
int memory_init(const struct machine *m);
#endif
