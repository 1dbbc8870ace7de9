#ifndef ARMHV_SELFTEST_H
#define ARMHV_SELFTEST_H
/* Forces an unexpected exception at EL2 on an online CPU (console
 * `selftest fault`). */
void selftest_fault_on(unsigned cpu);
#endif
