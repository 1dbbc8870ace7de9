/* Build-time limits, for C and assembly. */
#ifndef ARMHV_CONFIG_H
#define ARMHV_CONFIG_H

#define NR_CPUS			8	/* CPUs armhv drives; more are ignored */

#endif
