#include <lib/version.h>
const char armhv_version[] = ARMHV_VERSION;
const char armhv_build_date[] = __DATE__ " " __TIME__;
