# a FIXTURE userspace: the host's static busybox as init, and a unit the pruning removes
build_rootfs() {
	mkdir -p "$1/bin" "$1/sbin" "$1/usr/lib/systemd/system"
	cp "$(command -v busybox)" "$1/bin/busybox"
	ln -s /bin/busybox "$1/sbin/init"
	ln -s busybox "$1/bin/sh" # the FIXTURE agent is a script for /bin/sh
	echo "[Unit]" > "$1/usr/lib/systemd/system/getty@.service"
}
