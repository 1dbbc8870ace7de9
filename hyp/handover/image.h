/* arm64 Linux Image headers: the format of every next image (Linux or
 * armhv) that kexec and the crash path hand the machine to. */
#ifndef ARMHV_IMAGE_H
#define ARMHV_IMAGE_H

#include <arch/types.h>

struct arm64_image {
	uint64_t text_offset;	/* load at a 2 MiB-aligned base + this */
	uint64_t image_size;	/* bytes from the load address, bss included */
	uint64_t flags;
};

/* Validates the 64-byte header of an image of file_size bytes. Returns 0,
 * or -EINVAL with a reason. */
int image_parse(const void *data, uint64_t file_size, struct arm64_image *img,
		const char **why);

#endif
