#!/bin/busybox sh
# FIXTURE initramfs for boot tests with Debian's kernel, which builds as modules what Kata's guest
# kernel has built in: load them, set up dm-verity from dm-mod.create= (no CONFIG_DM_INIT there),
# mount the root read-only and hand over to its /sbin/init.
/bin/busybox mkdir -p /proc /sys /dev /newroot
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
for m in $(/bin/busybox cat /modules.order); do
	/bin/busybox insmod "/modules/$m.ko" 2>/dev/null
done
root= fstype= flags=
for arg in $(/bin/busybox cat /proc/cmdline); do
	case "$arg" in
	root=*) root=${arg#root=} ;;
	rootfstype=*) fstype=${arg#rootfstype=} ;;
	rootflags=*) flags=${arg#rootflags=} ;;
	esac
done
dm=$(/bin/busybox sed -n 's/.*dm-mod.create="\([^"]*\)".*/\1/p' /proc/cmdline)
if [ -n "$dm" ]; then
	for _ in $(/bin/busybox seq 50); do
		[ -b "$(echo "$dm" | /bin/busybox awk '{print $6}')" ] && break
		/bin/busybox sleep 0.1
	done
	/bin/dm-create "$dm" || echo "FIXTURE-INIT: dm-create failed"
fi
for _ in $(/bin/busybox seq 100); do
	[ -b "$root" ] && break
	/bin/busybox sleep 0.1
done
/bin/busybox mount -o "ro${flags:+,$flags}" ${fstype:+-t "$fstype"} "$root" /newroot || {
	echo "FIXTURE-INIT: cannot mount $root"
	/bin/busybox ls -l /dev
	exit 1
}
/bin/busybox mount --move /dev /newroot/dev
/bin/busybox umount /proc /sys
exec /bin/busybox switch_root /newroot /sbin/init
