/* arm64 Image header parsing (Linux Documentation/arch/arm64/booting.rst
 * describes the format). Pure: host-tested. */
#include <handover/image.h>

#define IMAGE_MAGIC	0x644d5241	/* "ARM\x64", little-endian */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int image_parse(const void *data, uint64_t file_size, struct arm64_image *img,
		const char **why)
{
	const uint8_t *h = data;

	if (file_size < 64) {
		*why = "smaller than an Image header";
		return -EINVAL;
	}
	if ((uint32_t)le64(h + 56) != IMAGE_MAGIC) {
		*why = "not an arm64 Image (no ARM\\x64 magic)";
		return -EINVAL;
	}
	img->text_offset = le64(h + 8);
	img->image_size = le64(h + 16);
	img->flags = le64(h + 24);
	if (img->image_size == 0) {
		/* Images before Linux 3.17: text_offset is 0x80000 and the
		 * size unknown; leave room for a generous bss. */
		img->text_offset = 0x80000;
		img->image_size = file_size + (8ULL << 20);
	}
	if (img->flags & 1) {
		*why = "big-endian image";
		return -EINVAL;
	}
	if (((img->flags >> 1) & 3) != 0 && ((img->flags >> 1) & 3) != 1) {
		*why = "image needs a page size other than 4 KiB";
		return -EINVAL;
	}
	if (img->text_offset >= (2ULL << 20) || (img->text_offset & 0xfff)) {
		*why = "text_offset not a page offset inside 2 MiB";
		return -EINVAL;
	}
	if (img->image_size < file_size || img->image_size > (1ULL << 32)) {
		*why = "image_size smaller than the file or larger than 4 GiB";
		return -EINVAL;
	}
	return 0;
}
