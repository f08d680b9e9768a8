/*
 * FIXTURE for boot tests: creates the device-mapper device that a dm-mod.create= kernel parameter
 * describes ("name,uuid,minor,flags,table"), for a test kernel (Debian's) that lacks CONFIG_DM_INIT
 * and has dm-verity as a module. Kata's own guest kernel does this itself at boot.
 */
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void init(struct dm_ioctl *io, size_t size, const char *name) {
	memset(io, 0, size);
	io->version[0] = DM_VERSION_MAJOR;
	io->version[1] = 0;
	io->version[2] = 0;
	io->data_size = size;
	io->data_start = sizeof(struct dm_ioctl);
	strncpy(io->name, name, sizeof(io->name) - 1);
}

int main(int argc, char **argv) {
	if (argc != 2) {
		fprintf(stderr, "usage: dm-create 'name,uuid,minor,flags,start length target params'\n");
		return 2;
	}
	char *spec = strdup(argv[1]);
	char *name = strsep(&spec, ",");
	strsep(&spec, ","); /* uuid */
	strsep(&spec, ","); /* minor */
	char *flags = strsep(&spec, ",");
	char *table = spec;
	if (!name || !flags || !table) {
		fprintf(stderr, "dm-create: cannot read %s\n", argv[1]);
		return 2;
	}
	unsigned long long start, length;
	char target[DM_MAX_TYPE_NAME];
	int used = 0;
	if (sscanf(table, "%llu %llu %15s %n", &start, &length, target, &used) < 3) {
		fprintf(stderr, "dm-create: cannot read the table %s\n", table);
		return 2;
	}
	const char *params = table + used;
	int control = open("/dev/mapper/control", O_RDWR);
	if (control < 0) {
		perror("dm-create: /dev/mapper/control");
		return 1;
	}
	char buffer[16384];
	struct dm_ioctl *io = (struct dm_ioctl *)buffer;
	init(io, sizeof(buffer), name);
	if (ioctl(control, DM_DEV_CREATE, io) < 0) {
		perror("dm-create: DM_DEV_CREATE");
		return 1;
	}
	init(io, sizeof(buffer), name);
	io->target_count = 1;
	if (strstr(flags, "ro")) {
		io->flags |= DM_READONLY_FLAG;
	}
	struct dm_target_spec *t = (struct dm_target_spec *)(buffer + sizeof(struct dm_ioctl));
	t->sector_start = start;
	t->length = length;
	strncpy(t->target_type, target, sizeof(t->target_type) - 1);
	char *p = (char *)(t + 1);
	strcpy(p, params);
	t->next = 0;
	if (ioctl(control, DM_TABLE_LOAD, io) < 0) {
		perror("dm-create: DM_TABLE_LOAD");
		return 1;
	}
	init(io, sizeof(buffer), name);
	if (ioctl(control, DM_DEV_SUSPEND, io) < 0) { /* without DM_SUSPEND_FLAG: resume */
		perror("dm-create: resume");
		return 1;
	}
	printf("dm-create: %s is /dev/dm-%u\n", name, (unsigned)(io->dev & 0xff));
	return 0;
}
