/* Disk images, block devices and snapshot files for `armhv snapshot`:
 * read-only, whole reads or an error. */
#include "snapcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int snapcmd_file_open(struct snapcmd_file *f, const char *path, char *msg, size_t msg_size)
{
	struct stat st;
	off_t end;

	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		snprintf(msg, msg_size, "'%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(f->fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
		snprintf(msg, msg_size, "'%s': not a regular file or block device", path);
		close(f->fd);
		return -1;
	}
	end = lseek(f->fd, 0, SEEK_END);	/* a block device's size too */
	if (end < 0) {
		snprintf(msg, msg_size, "'%s': %s", path, strerror(errno));
		close(f->fd);
		return -1;
	}
	f->size = (uint64_t)end;
	return 0;
}

void snapcmd_file_close(struct snapcmd_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static int read_at(struct snapcmd_file *f, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	if (off > f->size || len > f->size - off)
		return -1;
	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	if (sector > UINT64_MAX / SNAP_SECTOR)
		return -1;
	return read_at(ctx, sector * SNAP_SECTOR, buf, (size_t)count * SNAP_SECTOR);
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	(void)ctx;
	(void)sector;
	(void)count;
	(void)buf;
	return -1;	/* the command only reads */
}

static int dev_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

struct snap_dev snapcmd_file_dev(struct snapcmd_file *f)
{
	return (struct snap_dev){ .ctx = f, .sectors = f->size / SNAP_SECTOR, .read = dev_read,
				  .write = dev_write, .flush = dev_flush };
}

static int src_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return read_at(ctx, off, buf, len);
}

struct snap_source snapcmd_file_source(struct snapcmd_file *f)
{
	return (struct snap_source){ .ctx = f, .size = f->size, .read = src_read };
}
