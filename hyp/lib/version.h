#ifndef ARMHV_VERSION_H
#define ARMHV_VERSION_H
extern const char armhv_version[];
extern const char armhv_build_date[];
#endif
