/* kexec: hand the whole machine to a next image at EL2 (core/kexec.c,
 * docs/kexec.md). */
#ifndef ARMHV_KEXEC_H
#define ARMHV_KEXEC_H

#include <armhv/types.h>

struct kexec_request {
	const char *image;	/* module names */
	const char *initrd;	/* NULL: none */
	const char *cmdline;	/* NULL: keep armhv's own /chosen/bootargs */
};

/* Does not return on success. On failure nothing has changed: returns a
 * negative error with a reason in err. */
int kexec_run(const struct kexec_request *r, char *err, size_t err_size);

/* This instance's generation: 0 when booted by a loader, N after N kexecs
 * from armhv to armhv. */
extern uint32_t armhv_generation;

#endif
